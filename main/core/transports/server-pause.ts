/**
 * The server-directed pause (issue 8, SSE feeds with the per-feed option on): an event of type
 * `pause` whose data is a time in milliseconds since the epoch closes the connection and
 * reconnects at that time. A time already past reconnects at once; a time more than 24 h away,
 * or data that is not a number, is ignored and the reason recorded. The pause itself is protocol,
 * not an event of the feed.
 */

/** The event type that carries a pause. */
export const PAUSE_EVENT_TYPE = 'pause'

/** The furthest a server may pause a feed. */
export const MAX_SERVER_PAUSE_MS = 24 * 60 * 60 * 1000

/** FeedError.code of the end a pause causes, so the edges can say "paused by the server until …". */
export const SERVER_PAUSE_CODE = 'SERVER_PAUSE'

export type PauseDecision =
  /** Close now; reconnect after `delayMs` (0 = at once), at `untilMs`. Wake-up does not cut it short. */
  | { kind: 'pause'; untilMs: number; delayMs: number }
  /** Not a pause the feed obeys; the event is dropped and the reason recorded. */
  | { kind: 'ignored'; reason: 'not-a-number' | 'too-far'; data: string }

/** Decides what a `pause` event's data asks for, at `nowMs`. */
export function judgePause(data: string, nowMs: number): PauseDecision {
  const text = data.trim()
  // Whole milliseconds, digits only: no signs, exponents, hex or fractions.
  if (!/^[0-9]{1,16}$/.test(text)) return { kind: 'ignored', reason: 'not-a-number', data: data.slice(0, 100) }
  const untilMs = Number(text)
  const delayMs = Math.max(0, untilMs - nowMs)
  if (delayMs > MAX_SERVER_PAUSE_MS) return { kind: 'ignored', reason: 'too-far', data: text }
  return { kind: 'pause', untilMs, delayMs }
}

/**
 * The transport end a pause causes: a retry after exactly `delayMs`, as a Retry-After is — the
 * supervisor treats a server-mandated wait as one wake-up does not cut short. The kind is
 * `ended` with code SERVER_PAUSE until a kind of its own exists.
 */
export function pauseEnd(decision: Extract<PauseDecision, { kind: 'pause' }>): {
  kind: 'retry'
  failure: { kind: 'ended'; message: string; code: string }
  retryAfterMs: number
} {
  const until = new Date(decision.untilMs).toISOString()
  return { kind: 'retry', failure: { kind: 'ended', message: `The server paused the feed until ${until}.`, code: SERVER_PAUSE_CODE }, retryAfterMs: decision.delayMs }
}
