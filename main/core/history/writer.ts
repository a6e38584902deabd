/**
 * Appends on a worker thread. Storing is most of the cost of receiving an event (SQLite with its
 * indexes); on the calling thread it would also block the Electron main process — its IPC, tray and
 * toasts — for every batch. The worker owns a second connection to the same WAL database and
 * appends batches strictly in the order they were sent; the caller's connection keeps reading.
 *
 * Failure rule: once a batch of a feed's connection (`epoch`) fails, every later batch of that
 * epoch already on its way is refused unstored, so nothing is stored past a gap. The stream then
 * reconnects (a new epoch) from the last acknowledged cursor.
 */
import { Worker } from 'node:worker_threads'
import type { MarkReadTargetDto } from '../../../preload/dto.ts'
import type { FeedEvent, ResumeCursor, RetentionPolicy, StoredEvent } from '../types.ts'
import { emptyPack, packEvents } from './writer-wire.ts'
import type { PackedEvents } from './writer-wire.ts'

export type WriterRequest =
  | {
      op: 'append'
      id: number
      feedId: string
      epoch: number
      events: PackedEvents
      cursor: ResumeCursor
      /** Why the batch could not be packed: the thread refuses it (and the rest of its epoch) in order. */
      invalid?: string
    }
  | { op: 'retention'; id: number; feedId: string; policy: RetentionPolicy }
  | { op: 'mark-read'; id: number; target: MarkReadTargetDto }
  | { op: 'close'; id: number }

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/**
 * `seqs[i]` is the seq given to `events[i]`, or 0 when it was a replay (or removed at once by
 * retention). Only numbers travel back; the caller already holds the events.
 */
export type WriterReply = { id: number; ok: true; seqs?: number[] } | { id: number; ok: false; message: string }

export interface HistoryWriter {
  /** Stores the batch and its cursor in one transaction on the worker; resolves with what was new. */
  append(feedId: string, epoch: number, events: FeedEvent[], cursor: ResumeCursor): Promise<StoredEvent[]>
  setRetention(feedId: string, policy: RetentionPolicy): Promise<void>
  /**
   * Whether the thread is gone (it could not start, or crashed). Callers then store on their own
   * connection; the batches it refused were not acknowledged, so nothing is lost.
   */
  broken(): boolean
  /** Whether a thread runs now (it starts with the first batch and stops when idle). */
  running(): boolean
  /**
   * Starts the thread now if none runs, so a batch that is about to come (a feed resuming from a
   * stored cursor, which may replay at once) does not wait for it (a thread start is ~30–300 ms).
   * It stops after `idleMs` if nothing comes.
   */
  warm(): void
  /**
   * Marks events read on the thread, after every batch sent before, when a thread runs: while it
   * stores a burst it holds the write lock, and the calling thread (the Electron main process)
   * would sleep waiting for it (~10–20 ms a click). Null when no thread runs or it broke: the
   * caller marks them on its own connection. Rejects if the thread could not do it.
   */
  markRead(target: MarkReadTargetDto): Promise<void> | null
  /** Finishes every batch sent so far, closes the worker's connection, ends the thread. */
  close(): Promise<void>
}

/** The worker script: the `.ts` source next to this file, or the built file a host names. */
export function defaultWriterScript(): URL {
  return new URL('./writer-worker.ts', import.meta.url)
}

/** How long the thread may sit idle before it is stopped (started again by the next batch). */
export const WRITER_IDLE_MS = 30_000

export interface HistoryWriterOptions {
  path: string
  script?: URL | string
  /** Stop the thread after this long without a request (default WRITER_IDLE_MS). */
  idleMs?: number
  /** Checkpoint a burst's WAL once no batch came for this long (default BURST_SETTLE_MS). */
  settleMs?: number
}

/**
 * The thread starts with the first batch (or ahead of it: `warm()`, when a feed resumes) and
 * stops after `idleMs` without requests: a thread and
 * its V8 heap cost ~14 MB of RSS, and quiet feeds (a notifier's usual day) send nothing for
 * minutes. Policies sent while it is not running are kept and sent first when it starts; a thread
 * that stops has persisted them (setRetention writes the file), and the next one reads them back.
 * It stops only when nothing is in flight, so no batch is ever lost or reordered by a restart.
 *
 * Like the always-on thread it replaces, an open writer keeps the process alive until `close()`
 * (`tidings run` with no feeds, or all paused, relies on that: it only waits for a signal). A
 * timer that never fires does it, for no memory.
 */
export function createHistoryWriter(options: HistoryWriterOptions): HistoryWriter {
  const idleMs = options.idleMs ?? WRITER_IDLE_MS
  const waiting = new Map<number, { resolve(value: WriterReply): void }>()
  /** Policies set while no thread runs: replayed, in order, to the next one. */
  const pendingPolicies = new Map<string, RetentionPolicy>()
  let worker: Worker | null = null
  /** Threads told to close after going idle; close() waits for them. */
  const retiring = new Set<Promise<void>>()
  let idleTimer: ReturnType<typeof setTimeout> | null = null
  let nextId = 1
  let broken: Error | null = null
  let closing = false
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1)

  const failAll = (error: Error) => {
    if (broken === null && !closing) console.error(`tidings: the history writer thread stopped (${error.message}); storing on the main thread instead`)
    broken = error
    worker = null
    for (const w of waiting.values()) w.resolve({ id: 0, ok: false, message: error.message })
    waiting.clear()
  }

  const start = (): Worker => {
    // A small young generation: the thread only turns messages into SQL, and every MB shows in RSS.
    const thread = new Worker(options.script ?? defaultWriterScript(), {
      workerData: { path: options.path, settleMs: options.settleMs },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    })
    thread.unref()
    thread.on('message', (reply: WriterReply) => {
      const w = waiting.get(reply.id)
      waiting.delete(reply.id)
      w?.resolve(reply)
      if (waiting.size === 0) {
        thread.unref()
        armIdle()
      }
    })
    // Only the thread in service may break the writer; a retired one ends on its own.
    thread.on('error', (error: unknown) => {
      if (worker === thread) failAll(error instanceof Error ? error : new Error(String(error)))
    })
    thread.on('exit', (code) => {
      if (worker === thread) failAll(new Error(`the history writer stopped (exit code ${code})`))
    })
    worker = thread
    for (const [feedId, policy] of pendingPolicies) void post(thread, { op: 'retention', feedId, policy })
    pendingPolicies.clear()
    return thread
  }

  const armIdle = () => {
    if (idleTimer !== null) clearTimeout(idleTimer)
    idleTimer = setTimeout(retire, idleMs)
    idleTimer.unref?.()
  }

  /** Stops an idle thread: it finishes (nothing is in flight), closes its connection and ends. */
  const retire = () => {
    idleTimer = null
    const thread = worker
    if (thread === null || waiting.size > 0 || closing) return
    worker = null
    const done = new Promise<void>((resolve) => {
      const id = nextId++
      thread.on('message', (reply: WriterReply) => {
        if (reply.id === id) resolve()
      })
      thread.once('exit', () => resolve())
      thread.postMessage({ op: 'close', id })
    })
      .then(() => thread.terminate())
      .then(
        () => undefined,
        () => undefined, // ending a thread that already ended
      )
      .finally(() => retiring.delete(done))
    retiring.add(done)
  }

  const post = (thread: Worker, message: WithoutId<WriterRequest>): Promise<WriterReply> => {
    const id = nextId++
    thread.ref() // keep the process alive until every batch sent is stored
    if (idleTimer !== null) {
      clearTimeout(idleTimer)
      idleTimer = null
    }
    return new Promise((resolve) => {
      waiting.set(id, { resolve })
      thread.postMessage({ ...message, id })
    })
  }

  const request = (message: WithoutId<WriterRequest>): Promise<WriterReply> => {
    if (broken) return Promise.resolve({ id: 0, ok: false, message: broken.message })
    let thread = worker
    try {
      thread ??= start()
    } catch (error) {
      failAll(error instanceof Error ? error : new Error(String(error)))
      return Promise.resolve({ id: 0, ok: false, message: broken!.message })
    }
    return post(thread, message)
  }
  const unwrap = (reply: WriterReply): number[] => {
    if (!reply.ok) throw new Error(reply.message)
    return reply.seqs ?? []
  }

  return {
    append: (feedId, epoch, events, cursor) =>
      request(packRequest(feedId, epoch, events, cursor)).then((reply) => {
        const seqs = unwrap(reply)
        const stored: StoredEvent[] = []
        for (let i = 0; i < events.length; i++) {
          const seq = seqs[i] ?? 0
          if (seq === 0) continue
          const e = events[i]!
          // Spelled out, not spread: a burst builds one per event on the thread that reads the network.
          stored.push({ feedId: e.feedId, id: e.id, newId: e.newId, type: e.type, data: e.data, receivedAt: Math.trunc(e.receivedAt), seq, read: false })
        }
        return stored
      }),
    broken: () => broken !== null,
    running: () => worker !== null,
    warm() {
      if (broken !== null || closing || worker !== null) return
      try {
        start()
      } catch (error) {
        failAll(error instanceof Error ? error : new Error(String(error)))
        return
      }
      armIdle()
    },
    markRead(target) {
      if (broken !== null || closing || worker === null) return null
      return post(worker, { op: 'mark-read', target }).then((reply) => void unwrap(reply))
    },
    setRetention(feedId, policy) {
      if (broken === null && worker === null) {
        // No thread: the next one gets it first (and a thread that ran before read it from the file).
        pendingPolicies.set(feedId, { ...policy })
        return Promise.resolve()
      }
      return request({ op: 'retention', feedId, policy }).then((r) => void unwrap(r))
    },
    async close() {
      closing = true
      clearInterval(keepAlive)
      if (idleTimer !== null) clearTimeout(idleTimer)
      await Promise.all(retiring)
      const thread = worker
      if (broken || thread === null) return
      const reply = await post(thread, { op: 'close' })
      worker = null
      await thread.terminate()
      unwrap(reply)
    },
  }
}

/** The append request; a batch that cannot be packed still goes, marked, to be refused in order. */
function packRequest(feedId: string, epoch: number, events: readonly FeedEvent[], cursor: ResumeCursor): WithoutId<WriterRequest> {
  try {
    return { op: 'append', feedId, epoch, events: packEvents(events), cursor }
  } catch (error) {
    return { op: 'append', feedId, epoch, events: emptyPack(), cursor, invalid: error instanceof Error ? error.message : String(error) }
  }
}
