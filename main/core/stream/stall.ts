/**
 * How long a connection may stay silent before it is treated as dead (a half-open TCP connection,
 * a proxy that went to sleep). The limit follows the keepalive cadence the server has shown, so a
 * feed that pings every 15 s is caught within a minute, while a feed that has shown no cadence gets
 * a generous default instead of tearing down quiet but healthy streams.
 */

export interface StallOptions {
  /** Limit while no cadence has been seen yet. */
  defaultMs: number
  /** The adaptive limit stays within [minMs, maxMs]. */
  minMs: number
  maxMs: number
  /** Limit = factor × the largest recent gap + margin. */
  factor: number
  marginMs: number
  /** How many recent gaps are remembered. */
  window: number
  /** Gaps shorter than this say nothing about a keepalive cadence (bursts of events). */
  minGapMs: number
  /** Gaps needed before the cadence is believed. */
  minSamples: number
}

export const defaultStall: StallOptions = {
  defaultMs: 10 * 60_000,
  minMs: 10_000,
  maxMs: 60 * 60_000,
  factor: 3,
  marginMs: 5_000,
  window: 8,
  minGapMs: 1_000,
  minSamples: 2,
}

/** The silence limit of one feed; lives as long as the subscription, across connections. */
export interface StallPolicy {
  /** Records the silence between two chunks (or from the response to the first chunk). */
  observeGap(ms: number): void
  /** The current limit in ms. */
  limitMs(): number
}

/**
 * Creates the policy. `fixedMs` (from the feed's `stallTimeoutSec`) replaces adaptation; null or a
 * non-positive value adapts. After a stall, the caller records the limit itself as a gap, so a limit
 * learned from a burst grows threefold per false alarm instead of cutting a healthy quiet stream
 * again and again.
 */
export function createStallPolicy(options: StallOptions, fixedMs: number | null): StallPolicy {
  const gaps: number[] = []
  let next = 0
  let limit = fixedMs !== null && fixedMs > 0 ? fixedMs : options.defaultMs
  const adaptive = !(fixedMs !== null && fixedMs > 0)

  function observeGap(ms: number): void {
    if (!adaptive || ms < options.minGapMs) return
    if (gaps.length < options.window) gaps.push(ms)
    else gaps[next] = ms
    next = (next + 1) % Math.max(1, options.window)
    if (gaps.length < options.minSamples) return
    const largest = Math.max(...gaps)
    limit = Math.min(options.maxMs, Math.max(options.minMs, options.factor * largest + options.marginMs))
  }

  return { observeGap, limitMs: () => limit }
}
