/**
 * Groups pushes for the window so a burst (1,000 events a second) arrives as a few batches instead
 * of a thousand IPC messages: at most one batch per `intervalMs`, at most `maxBatch` items each.
 * The first item after a quiet spell goes out on the next tick, so a lone event is not delayed.
 * Plain TypeScript; time is injected so the schedule can be tested exactly.
 */

/** The slice of timers the batcher needs (the real ones by default). */
export interface BatchTimers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface BatcherOptions<T> {
  /** Least time between two batches. */
  intervalMs: number
  /** Most items in one batch; the rest wait for the next interval. */
  maxBatch: number
  send: (batch: T[]) => void
  timers?: BatchTimers
}

export interface Batcher<T> {
  add(items: readonly T[]): void
  /** Items waiting to be sent. */
  pending(): number
  /** Stop sending; whatever waits is dropped (the window is gone; history keeps everything). */
  close(): void
}

const realTimers: BatchTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Creates a batcher; see the file comment for the schedule it promises. */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  const { intervalMs, maxBatch, send, timers = realTimers } = options
  if (!(intervalMs >= 0) || !(maxBatch >= 1)) throw new RangeError('batcher: intervalMs >= 0 and maxBatch >= 1')
  let queue: T[] = []
  let lastSentAt = Number.NEGATIVE_INFINITY
  let timer: unknown = null
  let closed = false

  const schedule = () => {
    if (timer !== null || closed || queue.length === 0) return
    const wait = Math.max(0, lastSentAt + intervalMs - timers.now())
    timer = timers.setTimeout(tick, wait)
  }

  const tick = () => {
    timer = null
    if (closed) return
    const batch = queue.slice(0, maxBatch)
    queue = queue.slice(maxBatch)
    lastSentAt = timers.now()
    if (batch.length > 0) send(batch)
    schedule()
  }

  return {
    add(items) {
      if (closed || items.length === 0) return
      queue.push(...items)
      schedule()
    },
    pending: () => queue.length,
    close() {
      closed = true
      queue = []
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
    },
  }
}

/**
 * The last item per key, in the order those last items arrived: a burst of status updates for one
 * feed becomes its newest status only.
 */
export function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const last = new Map<string, T>()
  for (const item of items) {
    const k = key(item)
    last.delete(k)
    last.set(k, item)
  }
  return [...last.values()]
}
