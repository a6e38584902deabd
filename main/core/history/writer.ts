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
  /** Finishes every batch sent so far, closes the worker's connection, ends the thread. */
  close(): Promise<void>
}

/** The worker script: the `.ts` source next to this file, or the built file a host names. */
export function defaultWriterScript(): URL {
  return new URL('./writer-worker.ts', import.meta.url)
}

export function createHistoryWriter(options: { path: string; script?: URL | string }): HistoryWriter {
  // A small young generation: the thread only turns messages into SQL, and every MB shows in RSS.
  const worker = new Worker(options.script ?? defaultWriterScript(), {
    workerData: { path: options.path },
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  })
  worker.unref()
  const waiting = new Map<number, { resolve(value: WriterReply): void }>()
  let nextId = 1
  let broken: Error | null = null
  let closing = false

  const failAll = (error: Error) => {
    if (broken === null && !closing) console.error(`tidings: the history writer thread stopped (${error.message}); storing on the main thread instead`)
    broken = error
    for (const w of waiting.values()) w.resolve({ id: 0, ok: false, message: error.message })
    waiting.clear()
  }
  worker.on('message', (reply: WriterReply) => {
    const w = waiting.get(reply.id)
    waiting.delete(reply.id)
    w?.resolve(reply)
    if (waiting.size === 0) worker.unref()
  })
  worker.on('error', (error: unknown) => failAll(error instanceof Error ? error : new Error(String(error))))
  worker.on('exit', (code) => failAll(new Error(`the history writer stopped (exit code ${code})`)))

  const request = (message: WithoutId<WriterRequest>): Promise<WriterReply> => {
    if (broken) return Promise.resolve({ id: 0, ok: false, message: broken.message })
    const id = nextId++
    worker.ref() // keep the process alive until every batch sent is stored
    return new Promise((resolve) => {
      waiting.set(id, { resolve })
      worker.postMessage({ ...message, id })
    })
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
        events.forEach((event, i) => {
          const seq = seqs[i] ?? 0
          if (seq > 0) stored.push({ ...event, receivedAt: Math.trunc(event.receivedAt), seq, read: false })
        })
        return stored
      }),
    broken: () => broken !== null,
    setRetention: (feedId, policy) => request({ op: 'retention', feedId, policy }).then((r) => void unwrap(r)),
    async close() {
      if (broken) return
      closing = true
      const reply = await request({ op: 'close' })
      await worker.terminate()
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
