/**
 * Batches handed to an asynchronous store (the history writer thread) and not answered yet. The
 * stream keeps reading while the store works, but at most `max` batches ahead: then the body's
 * next read waits for room, so a store slower than the network bounds memory instead of queueing
 * without end. Answers arrive in order; `afterSettled` lets a new connection wait until everything
 * sent has been stored, so it resumes from the true resume point.
 */

/** Batches a subscription may have handed over before it stops reading. */
export const MAX_IN_FLIGHT = 8

export interface DeliveryWindow {
  inFlight(): number
  /** Follows one answer: `onStored` or `onRefused` runs when it settles, then the room is freed. */
  track(answer: Promise<void>, onStored: () => void, onRefused: (error: unknown) => void): void
  /** null when the next read may go ahead; else a promise that resolves when there is room. */
  roomToRead(): Promise<void> | null
  /** Runs `fn` once nothing is in flight (at once when nothing is). */
  afterSettled(fn: () => void): void
  /** A reader waiting for room gives up (its connection ended). */
  releaseReader(): void
}

export function createDeliveryWindow(max = MAX_IN_FLIGHT): DeliveryWindow {
  let inFlight = 0
  let reader: (() => void) | null = null
  let settledWaiters: (() => void)[] = []

  const release = () => {
    const wake = reader
    reader = null
    wake?.()
  }
  const settleOne = () => {
    inFlight--
    if (inFlight < max) release()
    if (inFlight === 0) {
      const waiting = settledWaiters
      settledWaiters = []
      for (const fn of waiting) fn()
    }
  }

  return {
    inFlight: () => inFlight,
    track(answer, onStored, onRefused) {
      inFlight++
      // The room is freed even when a callback throws, or close() would wait forever.
      answer.then(
        () => {
          try {
            onStored()
          } finally {
            settleOne()
          }
        },
        (error: unknown) => {
          try {
            onRefused(error)
          } finally {
            settleOne()
          }
        },
      )
    },
    roomToRead() {
      if (inFlight < max) return null
      return new Promise<void>((resolve) => {
        reader = resolve
      })
    },
    afterSettled(fn) {
      if (inFlight === 0) fn()
      else settledWaiters.push(fn)
    },
    releaseReader: release,
  }
}
