/**
 * Test support: a TransportSink that records what a transport reports, in order, standing in for
 * the supervisor. `roomToRead` can be held closed to test backpressure.
 */
import type { ResumeCursor } from '../../core/types.ts'
import type { DropReason, TransportEnd, TransportSink, WireEvent } from '../../core/stream/transport.ts'

export type SinkCall =
  | { call: 'open'; replayedFrom?: string; replays?: boolean }
  | { call: 'batch'; events: WireEvent[]; cursor: ResumeCursor }
  | { call: 'oversize' }
  | { call: 'dropped'; reason: DropReason; bytes: number }
  | { call: 'retryDelay'; ms: number }
  | { call: 'end'; end: TransportEnd }

export interface RecordingSink extends TransportSink {
  calls: SinkCall[]
  activityBytes: number
  activityCalls: number
  /** Every event of every batch, in order. */
  events(): WireEvent[]
  /** The last batch's cursor, or null. */
  cursor(): ResumeCursor | null
  ended(): TransportEnd | null
  /** While held, roomToRead() returns a promise that resolves on release(). */
  hold(): void
  release(): void
}

export function recordingSink(): RecordingSink {
  const calls: SinkCall[] = []
  let gate: { promise: Promise<void>; open: () => void } | null = null
  const sink: RecordingSink = {
    calls,
    activityBytes: 0,
    activityCalls: 0,
    open(info) {
      calls.push({
        call: 'open',
        ...(info?.replayedFrom !== undefined ? { replayedFrom: info.replayedFrom } : {}),
        ...(info?.replays !== undefined ? { replays: info.replays } : {}),
      })
    },
    activity(bytes) {
      sink.activityBytes += bytes
      sink.activityCalls += 1
    },
    batch(events, cursor) {
      calls.push({ call: 'batch', events, cursor })
    },
    retryDelay(ms) {
      calls.push({ call: 'retryDelay', ms })
    },
    oversize() {
      calls.push({ call: 'oversize' })
    },
    pause() {
      throw new Error('no transport here reports a server pause')
    },
    dropped(reason, bytes) {
      calls.push({ call: 'dropped', reason, bytes })
    },
    end(end) {
      calls.push({ call: 'end', end })
    },
    roomToRead: () => gate?.promise ?? null,
    events: () => calls.flatMap((c) => (c.call === 'batch' ? c.events : [])),
    cursor() {
      const batches = calls.filter((c) => c.call === 'batch')
      return batches.at(-1)?.cursor ?? null
    },
    ended() {
      const end = calls.find((c) => c.call === 'end')
      return end?.call === 'end' ? end.end : null
    },
    hold() {
      if (gate) return
      let open = () => {}
      const promise = new Promise<void>((resolve) => (open = resolve))
      gate = { promise, open }
    },
    release() {
      gate?.open()
      gate = null
    },
  }
  return sink
}
