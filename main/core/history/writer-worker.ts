/**
 * The history writer's thread (see writer.ts): one connection, batches applied in arrival order.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openHistory } from './history.ts'
import type { WriterReply, WriterRequest } from './writer.ts'

const port = parentPort
if (port === null) throw new Error('writer-worker.ts runs as a worker thread')
// This thread may wait long for the lock (the main connection clearing a big feed): waiting blocks
// only it, and backpressure bounds what queues up, while giving up would refuse received events.
const history = openHistory({ path: (workerData as { path: string }).path, busyTimeoutMs: 120_000 })
/** Per feed, the connection attempt whose batch failed: its later batches are refused unstored. */
const failed = new Map<string, number>()

port.on('message', (request: WriterRequest) => {
  let reply: WriterReply
  try {
    if (request.op === 'append') {
      if (failed.get(request.feedId) === request.epoch) throw new Error('an earlier batch of this connection was not stored')
      try {
        const stored = history.append(request.feedId, request.events, request.cursor)
        // Stored events come back in the order given; map each input to its seq (0 = not stored).
        const seqs = new Array<number>(request.events.length).fill(0)
        let next = 0
        request.events.forEach((event, i) => {
          const match = stored[next]
          if (match !== undefined && match.id === event.id && match.newId === event.newId && match.type === event.type && match.data === event.data) {
            seqs[i] = match.seq
            next++
          }
        })
        reply = { id: request.id, ok: true, seqs }
      } catch (error) {
        failed.set(request.feedId, request.epoch)
        throw error
      }
      if (failed.get(request.feedId) !== undefined) failed.delete(request.feedId) // a new connection stored: forget
    } else if (request.op === 'retention') {
      history.setRetention(request.feedId, request.policy)
      reply = { id: request.id, ok: true }
    } else {
      history.close()
      reply = { id: request.id, ok: true }
    }
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  port.postMessage(reply)
})
