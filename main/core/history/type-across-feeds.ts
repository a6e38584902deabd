/**
 * One page of a type across all feeds ("All feeds", filtered by type), without an index on
 * (type, seq) — an index every insert and every retention delete paid for (~15 % of the writer's
 * time in a burst) to serve this one view. Each feed's newest (or oldest) seqs of the type come
 * from its (feed, type, seq) index range, index only; the best `limit + 1` of them are kept as the
 * feeds go by (later feeds are asked only for seqs that can still make the page), then those rows
 * are read by primary key. Cost: one short index range per feed, whatever the history's size.
 */
import type { StatementSync } from 'node:sqlite'
import type { PageRequest } from './page-query.ts'

/** Whether this request takes the per-feed path: a type, every feed, and no text search to drive it. */
export function isTypeAcrossFeeds(req: PageRequest): boolean {
  return req.feedId === null && req.type !== null && req.words.length === 0 && req.literal === null
}

/**
 * One feed's candidate seqs: parameters (feed key, type, low, high, limit). Every seq lies strictly
 * between `low` and `high`; the cursor bounds one side, the page's worst candidate so far the other.
 */
export function perFeedSql(req: PageRequest): string {
  return (
    `SELECT seq FROM events WHERE feed = ? AND type = ? AND seq > ? AND seq < ?${req.unreadOnly ? ' AND read = 0' : ''} ` +
    `ORDER BY seq ${req.order === 'newest' ? 'DESC' : 'ASC'} LIMIT ?`
  )
}

/**
 * The seqs of the page (newest first or oldest first) and whether more follow. `stmt` prepares
 * and caches a statement on the caller's connection.
 */
export function typeAcrossFeeds(stmt: (sql: string) => StatementSync, req: PageRequest): { seqs: number[]; hasMore: boolean } {
  const newest = req.order === 'newest'
  const want = req.limit + 1
  const sql = perFeedSql(req)
  let low = newest ? 0 : (req.cursor ?? 0)
  let high = newest ? (req.cursor ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER
  let best: number[] = []
  const better = newest ? (a: number, b: number) => b - a : (a: number, b: number) => a - b
  for (const { key, read_upto: readUpto } of stmt('SELECT key, read_upto FROM feeds').all() as { key: number; read_upto: number }[]) {
    // Unread only: a feed's rows up to its read mark are read (schema step 4), so its range starts above it.
    const from = req.unreadOnly ? Math.max(low, readUpto) : low
    for (const row of stmt(sql).all(key, req.type, from, high, want) as { seq: number }[]) best.push(Number(row.seq))
    if (best.length >= want) {
      best.sort(better)
      best = best.slice(0, want)
      // Only seqs better than the page's current worst can still enter it.
      if (newest) low = best[want - 1]!
      else high = best[want - 1]!
    }
  }
  best.sort(better)
  return { seqs: best.slice(0, req.limit), hasMore: best.length > req.limit }
}
