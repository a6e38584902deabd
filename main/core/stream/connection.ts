/**
 * One connection attempt as the supervisor sees it, whatever the transport (state private to
 * subscription.ts; the transport keeps its own wire state).
 */
import type { TransportConnection } from './transport.ts'

/** One connection attempt and what the supervisor has seen of it. */
export interface Connection {
  handle: TransportConnection | null
  ended: boolean
  /** performance.now() when the stream opened / last bytes arrived. */
  openedAt: number | null
  lastActivity: number
  watchdog: ReturnType<typeof setTimeout> | null
  /** The resume id sent with this attempt (a replay gap is measured against it). */
  startId: string
  /** Whether this connection moved the stored resume point (real progress, not a replay loop). */
  progressed: boolean
  /** Which attempt this is, unique in the process: the `attempt` given to deliver(). */
  attempt: number
  /** The transport waits for storage to catch up: not silence from the server. */
  readerBlocked: boolean
}
