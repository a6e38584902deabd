/**
 * The history writer's thread (see writer.ts): one connection, batches applied in arrival order.
 *
 * Batches that queued up while the thread was busy are stored in ONE transaction (`group`), each
 * in its own savepoint: one commit for many batches instead of one each. Replies — the
 * acknowledgements — are sent only after that commit, so nothing is acknowledged before it is
 * durable; if the commit fails, every batch of the group is refused.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openHistory } from './history.ts'
import { BURST_GROUP_EVENTS, BURST_SETTLE_MS, BURST_WAL_AUTOCHECKPOINT, WRITER_CACHE_MIB, WRITER_WAL_AUTOCHECKPOINT } from './open-database.ts'
import { unpackColumns } from './writer-wire.ts'
import type { WriterReply, WriterRequest } from './writer.ts'

/** A group ends after this many events (bounds the latency of its first batch's acknowledgement). */
const GROUP_EVENTS = 20_000
/** Once no batch has come for this long after a burst, the WAL it left is checkpointed. */
const settleMs = (workerData as { settleMs?: number }).settleMs ?? BURST_SETTLE_MS

const port = parentPort
if (port === null) throw new Error('writer-worker.ts runs as a worker thread')
// This thread may wait long for the lock (the main connection clearing a big feed): waiting blocks
// only it, and backpressure bounds what queues up, while giving up would refuse received events.
const history = openHistory({
  path: (workerData as { path: string }).path,
  busyTimeoutMs: 120_000,
  cacheMiB: WRITER_CACHE_MIB,
  walAutocheckpointPages: WRITER_WAL_AUTOCHECKPOINT,
})
/** Per feed, the connection attempt whose batch failed: its later batches are refused unstored. */
const failed = new Map<string, number>()
const queue: WriterRequest[] = []
let scheduled = false
/** Whether the groups stored since the last drain included a burst's. */
let afterBurst = false
/** Armed when a drain stored a burst's group: checkpoints its WAL unless another batch comes first. */
let settle: ReturnType<typeof setTimeout> | null = null

port.on('message', (request: WriterRequest) => {
  if (settle !== null) {
    clearTimeout(settle)
    settle = null
  }
  queue.push(request)
  if (!scheduled) {
    scheduled = true
    // Runs after every message already waiting has been queued: they form one group.
    setImmediate(drain)
  }
})

function drain(): void {
  scheduled = false
  while (queue.length > 0) {
    if (queue[0]!.op === 'append') {
      let end = 0
      let events = 0
      while (end < queue.length && queue[end]!.op === 'append' && events < GROUP_EVENTS) {
        events += (queue[end] as Extract<WriterRequest, { op: 'append' }>).events.newIds.length
        end += 1
      }
      appendGroup(queue.splice(0, end) as Extract<WriterRequest, { op: 'append' }>[], events)
    } else {
      other(queue.shift() as Exclude<WriterRequest, { op: 'append' }>)
    }
  }
  // Armed after the drain, so batches that came meanwhile are seen (and cancel it) first.
  if (afterBurst) settle = setTimeout(settleBurst, settleMs)
  afterBurst = false
}

function appendGroup(requests: Extract<WriterRequest, { op: 'append' }>[], events: number): void {
  const replies: WriterReply[] = []
  const burst = events >= BURST_GROUP_EVENTS
  history.setWalAutocheckpoint(burst ? BURST_WAL_AUTOCHECKPOINT : WRITER_WAL_AUTOCHECKPOINT)
  afterBurst ||= burst
  try {
    history.group(() => {
      for (const request of requests) replies.push(appendOne(request))
    })
  } catch (error) {
    // The commit failed: nothing of the group is stored. Refuse every batch, and the later ones of
    // each connection, exactly as if each had failed on its own.
    const message = error instanceof Error ? error.message : String(error)
    replies.length = 0
    for (const request of requests) {
      failed.set(request.feedId, request.epoch)
      replies.push({ id: request.id, ok: false, message })
    }
  }
  for (const reply of replies) port!.postMessage(reply)
}

/** The burst is over: back to checkpointing at every WRITER_WAL_AUTOCHECKPOINT pages, and now. */
function settleBurst(): void {
  settle = null
  history.setWalAutocheckpoint(WRITER_WAL_AUTOCHECKPOINT)
  try {
    history.checkpoint()
  } catch {
    // A busy or failing disk: the next commit past the limit, or closing, checkpoints.
  }
}

/** One batch, in its own savepoint inside the group's transaction. */
function appendOne(request: Extract<WriterRequest, { op: 'append' }>): WriterReply {
  if (failed.get(request.feedId) === request.epoch) {
    return { id: request.id, ok: false, message: 'an earlier batch of this connection was not stored' }
  }
  let seqs: number[]
  try {
    if (request.invalid !== undefined) throw new Error(request.invalid)
    seqs = history.appendSeqs(request.feedId, unpackColumns(request.events), request.cursor)
  } catch (error) {
    failed.set(request.feedId, request.epoch)
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  if (failed.get(request.feedId) !== undefined) failed.delete(request.feedId) // a new connection stored: forget
  return { id: request.id, ok: true, seqs }
}

function other(request: Exclude<WriterRequest, { op: 'append' }>): void {
  let reply: WriterReply
  try {
    if (request.op === 'retention') history.setRetention(request.feedId, request.policy)
    else if (request.op === 'mark-read') history.markRead(request.target)
    else history.close()
    reply = { id: request.id, ok: true }
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  port!.postMessage(reply)
}
