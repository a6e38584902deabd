/**
 * How long a feed waits before it reconnects: the server's `retry` (or 3 s) first, then
 * exponential with jitter up to a cap, and exactly what a `Retry-After` header asks for.
 */

export interface BackoffOptions {
  /** First delay when the server sent no `retry:` field. */
  baseMs: number
  /** Largest exponential delay (a server `retry` above it still wins). */
  maxMs: number
  /** Growth per failed attempt. */
  factor: number
  /**
   * Share of each delay that is random: 0 = none, 0.5 = "equal jitter" (delay in [d/2, d]),
   * 1 = full jitter. The delay never drops below the base, the server's minimum.
   */
  jitter: number
}

export const defaultBackoff: BackoffOptions = { baseMs: 3_000, maxMs: 5 * 60_000, factor: 2, jitter: 0.5 }

/**
 * The delay before reconnect attempt `step` (0 = first after a success). Step 0 is the base itself;
 * later steps grow by `factor` with jitter from `random` (0 ≤ r < 1; 1 gives the full delay), capped.
 */
export function backoffDelay(step: number, baseMs: number, options: BackoffOptions, random: () => number): number {
  const base = Math.max(1, baseMs)
  if (step <= 0) return base
  const cap = Math.max(options.maxMs, base)
  const ceiling = Math.min(cap, base * options.factor ** Math.min(step, 64))
  const r = Math.min(1, Math.max(0, random()))
  const jitter = Math.min(1, Math.max(0, options.jitter))
  return Math.max(base, Math.round(ceiling * (1 - jitter + jitter * r)))
}

/**
 * Parses `Retry-After` (delay-seconds or an HTTP date) into a wait in ms, bounded to
 * [0, maxMs]; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number, maxMs: number): number | null {
  if (value === null) return null
  const text = value.trim()
  if (text === '') return null
  let ms: number
  if (/^[0-9]+$/.test(text)) {
    ms = Number(text) * 1000
  } else {
    // HTTP dates (IMF-fixdate, RFC 850, asctime) all start with the day name.
    if (!/^[A-Za-z]/.test(text)) return null
    const date = Date.parse(text)
    if (Number.isNaN(date)) return null
    ms = date - nowMs
  }
  return Math.min(maxMs, Math.max(0, ms))
}
