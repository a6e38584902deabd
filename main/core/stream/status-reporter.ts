/**
 * A feed's live status and how it reaches the listener: state changes and errors go out at once,
 * counter-only changes (bytes, events) at most once per throttle period. Listeners get copies, and
 * a failing listener never takes the stream down.
 */
import type { FeedStatus, StopReason } from '../types.ts'

/** Methods are plain functions (no `this`), so they may be passed around. */
export interface StatusReporter {
  /** The supervisor's own record; mutate it, then call now() or soon(). */
  readonly status: FeedStatus
  /** A copy of the current status. */
  snapshot: () => FeedStatus
  /** Enters `state` at `at` (ms since epoch) and reports it at once. */
  setState: (state: FeedStatus['state'], at: number, extra?: { stopReason?: StopReason; nextRetryAt?: number }) => void
  /** Reports now (state changes, errors). */
  now: () => void
  /** Reports within the throttle period (counters). */
  soon: () => void
  /** Nothing is reported any more. */
  close: () => void
}

export function createStatusReporter(initial: FeedStatus, onStatus: (status: FeedStatus) => void, throttleMs: number): StatusReporter {
  const status = initial
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  function snapshot(): FeedStatus {
    return {
      ...status,
      counters: { ...status.counters },
      lastError: status.lastError && { ...status.lastError },
      lastGap: status.lastGap && { ...status.lastGap },
    }
  }

  function now(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (closed) return
    try {
      onStatus(snapshot())
    } catch {
      // A failing status listener must not take the stream down.
    }
  }

  return {
    status,
    snapshot,
    setState(state, at, extra = {}) {
      status.state = state
      status.since = at
      status.stopReason = extra.stopReason ?? null
      status.nextRetryAt = extra.nextRetryAt ?? null
      now()
    },
    now,
    soon() {
      if (timer !== null || closed) return
      timer = setTimeout(now, throttleMs)
    },
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}
