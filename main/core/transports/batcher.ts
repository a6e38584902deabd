/**
 * Hands a push-based connection's events to the sink the way the SSE transport does: the events
 * that arrived together (one tick of the event loop, at most `maxBatch`) go over as one batch with
 * the cursor reached after them, and while storage is behind (`roomToRead()` returns a promise)
 * the socket is paused so the server's TCP window — not our memory — absorbs the rest.
 */
import type { ResumeCursor } from '../types.ts'
import type { TransportSink, WireEvent } from '../stream/transport.ts'

export interface Batcher {
  /** Queues one event; the cursor is what the resume point becomes once it is stored. */
  push(event: WireEvent, cursor: ResumeCursor): void
  /** Hands over what is queued now (e.g. before an end is reported). */
  flush(): void
  /** Drops what is queued; no sink call afterwards. */
  close(): void
}

/** `flow` pauses and resumes the socket. */
export function createBatcher(sink: TransportSink, flow: { pause(): void; resume(): void }, maxBatch = 500): Batcher {
  let queued: WireEvent[] = []
  let cursor: ResumeCursor | null = null
  let scheduled: ReturnType<typeof setImmediate> | null = null
  let closed = false
  let waiting = false

  function flush(): void {
    if (scheduled !== null) clearImmediate(scheduled)
    scheduled = null
    if (closed || cursor === null) return
    const events = queued
    queued = []
    const at = cursor
    cursor = null
    sink.batch(events, at)
    if (waiting) return
    const room = sink.roomToRead()
    if (room === null) return
    waiting = true
    flow.pause()
    void room.then(() => {
      waiting = false
      if (!closed) flow.resume()
    })
  }

  return {
    push(event, at) {
      if (closed) return
      queued.push(event)
      cursor = at
      if (queued.length >= maxBatch) flush()
      else scheduled ??= setImmediate(flush)
    },
    flush,
    close() {
      closed = true
      queued = []
      if (scheduled !== null) clearImmediate(scheduled)
      scheduled = null
    },
  }
}
