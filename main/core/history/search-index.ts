/**
 * When stored rows reach the full-text index. Indexing runs off the acknowledgement path, in
 * steps (`step(limit)` indexes up to `limit` rows and says whether more remain).
 */

/**
 * Full-text indexing runs off the acknowledgement path. When appends pause for INDEX_DELAY_MS,
 * steps of INDEX_BATCH rows catch up. While appends go on, one step of at most INDEX_BUSY_BATCH
 * rows runs every INDEX_MAX_LAG_MS: a steady stream stays indexed within a fraction of a second
 * without long stalls of the writer (5 s batches made the p99 latency at 200 ev/s several times
 * worse), and a burst is mostly indexed after it, so rows that retention removes during it are
 * rarely indexed at all. Searches index first, so they never miss an event either way.
 */
export const INDEX_BATCH = 5_000
export const INDEX_BUSY_BATCH = 500
export const INDEX_DELAY_MS = 25
export const INDEX_MAX_LAG_MS = 250

/** Schedules index steps after appends; `stop()` cancels what is pending (close). */
export function scheduleIndexing(step: (limit: number) => boolean): { appended(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  /** performance.now() of the last append, and of the first one not yet indexed (0 = none). */
  let lastAppendAt = 0
  let unindexedSince = 0
  const arm = (ms: number) => {
    timer = setTimeout(run, ms)
    timer.unref?.()
  }

  function run(): void {
    timer = null
    const now = performance.now()
    const quiet = now - lastAppendAt >= INDEX_DELAY_MS
    if (!quiet && unindexedSince !== 0 && now - unindexedSince < INDEX_MAX_LAG_MS) return arm(INDEX_DELAY_MS) // busy: wait
    unindexedSince = 0
    try {
      if (!quiet) {
        // Appends go on: one small step, so the writer never stalls long between batches.
        if (step(INDEX_BUSY_BATCH)) unindexedSince = now
        arm(INDEX_DELAY_MS)
      } else if (step(INDEX_BATCH)) {
        arm(0)
      }
    } catch {
      // Busy or failing disk: the next append or search tries again.
    }
  }

  return {
    appended() {
      lastAppendAt = performance.now()
      if (unindexedSince === 0) unindexedSince = lastAppendAt
      if (timer === null) arm(INDEX_DELAY_MS)
    },
    stop() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}
