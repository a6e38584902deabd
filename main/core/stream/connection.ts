/**
 * One connection attempt of a subscription and what it has seen (state private to subscription.ts).
 */
import type { FeedEvent } from '../types.ts'
import type { SinkEventSource } from './event-source.ts'
import type { Verdict } from './response.ts'

/** One connection attempt and what it has seen. */
export interface Connection {
  es: SinkEventSource | null
  ended: boolean
  verdict: Verdict | null
  /** performance.now() when the stream opened / last bytes arrived. */
  openedAt: number | null
  lastActivity: number
  watchdog: ReturnType<typeof setTimeout> | null
  /** The resume id sent with this attempt: what events without `id:` inherit. */
  startId: string
  /** The last event ID the previous event of this connection carried (raw, as the parser had it). */
  prevRawId: string
  /** ntfy's resume token as of the last parsed message. */
  since: string
  /** Events of the chunk being parsed. */
  batch: FeedEvent[]
  /** Whether this connection moved the stored resume point (real progress, not a replay loop). */
  progressed: boolean
  /** Why fetch itself failed (no response at all), for the error's kind and words. */
  fetchError?: unknown
  /** Which attempt this is, unique in the process: the `attempt` given to deliver(). */
  attempt: number
  /** The body's reader waits for storage to catch up: not silence from the server. */
  readerBlocked: boolean
}
