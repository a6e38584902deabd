/**
 * Quit must end. The graceful stop (close every connection, wait until everything received is
 * stored, close the writer) normally takes milliseconds; a hung disconnect or a stuck disk must not
 * keep the app alive forever, or block a Windows logoff. `stopWithin` runs the stop with a time
 * limit and says how it ended; events not yet stored by then were not acknowledged, so the next
 * start receives them again (the resume point only moves after a store).
 */

export type StopOutcome = { kind: 'clean' } | { kind: 'timed-out'; limitMs: number } | { kind: 'failed'; error: unknown }

export interface StopTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: StopTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** How long Quit waits for the graceful stop by default. */
export const STOP_LIMIT_MS = 5_000

/** Runs `stop`, giving up after `limitMs`; never rejects. */
export function stopWithin(stop: () => Promise<void>, limitMs: number = STOP_LIMIT_MS, timers: StopTimers = realTimers): Promise<StopOutcome> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(() => resolve({ kind: 'timed-out', limitMs }), limitMs)
    // Promise.resolve().then: a stop that throws before returning a promise fails like one that rejects.
    Promise.resolve()
      .then(stop)
      .then(
      () => {
        timers.clearTimeout(handle)
        resolve({ kind: 'clean' })
      },
      (error: unknown) => {
        timers.clearTimeout(handle)
        resolve({ kind: 'failed', error })
      },
    )
  })
}
