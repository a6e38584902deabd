/**
 * What a subscription asks of its caller and promises back (implemented in subscription.ts).
 */
import type { Locale } from '../locale.ts'
import type { Clock, FetchLike, ProxyResolver } from '../ports.ts'
import type { Feed, FeedEvent, FeedStatus, ReplayGap, ResumeCursor } from '../types.ts'
import type { TuningInput } from './tuning.ts'

export interface SubscribeOptions {
  /** url, preset, headers, eventTypes, stallTimeoutSec, maxEventBytes (and `paused`: start paused). */
  feed: Feed
  /** Full Authorization header value computed by the caller, or null. */
  authorization: string | null
  /** Where to resume (loaded from history at start). */
  cursor: ResumeCursor
  /**
   * Store these events and the new cursor in ONE transaction; throw (or reject) if storage fails.
   * Called with events=[] when only the cursor moved (e.g. filtered-out event types). It may
   * answer at once or with a promise (storage on another thread): batches are handed over in
   * order, at most MAX_IN_FLIGHT unanswered, and a batch counts — its cursor becomes the resume
   * point — only once answered. `attempt` names the connection, so a store can refuse the rest of
   * a connection's batches after one of them failed (nothing is stored past a gap).
   */
  deliver(events: FeedEvent[], cursor: ResumeCursor, attempt: number): void | Promise<void>
  /** Every status change (counter-only changes are throttled). */
  onStatus(status: FeedStatus): void
  onGap(gap: ReplayGap): void
  /**
   * For a feed whose wire cannot replay (a plain WebSocket, Socket.IO): since when events may have
   * been missed before this subscription (e.g. when its last event was stored, from an earlier run
   * of the app). Its first open then records a gap with this `missingSince`; absent = none.
   */
  missingSince?: number
  /** Timing knobs; production defaults when absent (see tuning.ts). */
  tuning?: TuningInput
}

export interface StreamDeps {
  fetch: FetchLike
  clock: Clock
  /** The proxy of WebSocket and Socket.IO connections (SSE's is `fetch`'s); HTTP(S)_PROXY / NO_PROXY when absent. */
  proxy?: ProxyResolver
  /** Jitter source, 0 ≤ r < 1 (Math.random when absent). */
  random?: () => number
  /** The language Tidings speaks, for the text of events it makes itself (the example feed); English when absent. */
  locale?: () => Locale
}

export interface Subscription {
  status(): FeedStatus
  /** Reconnect now if waiting in backoff (OS resumed, network back). No-op when open/paused/stopped. */
  wake(): void
  /** Leave `stopped`/`paused` (or a backoff wait) and connect now (user pressed resume). */
  resume(): void
  /** Close for good; resolves once no deliver() call can happen any more. */
  close(): Promise<void>
}
