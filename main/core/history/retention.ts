/**
 * Retention by count and by age, one bounded step at a time. A feed that just got a 90-day limit
 * may hold a million expired rows; deleting them in one go would stall the write that triggered
 * it, so each step deletes at most `budget` rows and the rest goes on the next append or `prune`.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { RetentionPolicy } from '../types.ts'

const DAY_MS = 86_400_000

/** Prepared statements for retention on one connection. */
export interface RetentionStatements {
  total: StatementSync
  deleteOldest: StatementSync
  oldestTime: StatementSync
  deleteExpired: StatementSync
}

/** Prepares the statements once per connection. */
export function prepareRetention(db: DatabaseSync): RetentionStatements {
  return {
    total: db.prepare('SELECT total FROM feed_stats WHERE feed_id = ?'),
    deleteOldest: db.prepare(
      'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE feed_id = ? ORDER BY seq LIMIT ?)',
    ),
    oldestTime: db.prepare('SELECT min(received_at) AS t FROM events WHERE feed_id = ?'),
    deleteExpired: db.prepare(
      'DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE feed_id = ? AND received_at < ? LIMIT ?)',
    ),
  }
}

/** Whether a policy limits anything. */
export function isLimited(policy: RetentionPolicy): boolean {
  return policy.maxEvents !== null || policy.maxAgeDays !== null
}

/**
 * One retention step for `feedId`, inside the caller's transaction: keeps the newest `maxEvents`
 * events and drops those received more than `maxAgeDays` before `now`, deleting at most `budget`
 * rows in all. Returns how many rows it deleted.
 */
export function retentionStep(
  s: RetentionStatements,
  feedId: string,
  policy: RetentionPolicy,
  now: number,
  budget: number,
): number {
  let deleted = 0
  if (policy.maxEvents !== null && budget > 0) {
    const row = s.total.get(feedId) as { total: number } | undefined
    const excess = (row?.total ?? 0) - Math.max(0, Math.floor(policy.maxEvents))
    if (excess > 0) deleted += Number(s.deleteOldest.run(feedId, Math.min(excess, budget)).changes)
  }
  if (policy.maxAgeDays !== null && budget - deleted > 0) {
    const cutoff = now - policy.maxAgeDays * DAY_MS
    const oldest = s.oldestTime.get(feedId) as { t: number | null } | undefined
    if (oldest?.t != null && oldest.t < cutoff) {
      deleted += Number(s.deleteExpired.run(feedId, cutoff, budget - deleted).changes)
    }
  }
  return deleted
}
