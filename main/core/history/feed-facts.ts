/**
 * What the history keeps about each feed besides its events: stored totals that a restart would
 * otherwise zero in the live status, and the last connection error (table feed_errors).
 */
import type { StatementSync } from 'node:sqlite'
import type { FeedError } from '../types.ts'

/** What the history holds for one feed, for the status that a restart would otherwise zero. */
export interface FeedTotals {
  /** Stored events (after retention). */
  events: number
  /** received_at (ms since epoch) of the newest stored event; null when none. */
  newestAt: number | null
}

/** Per feed: its maintained count, and the newest row's time by one seek of (feed, seq). */
export const FEED_TOTALS_SQL =
  'SELECT s.feed_id, s.total, (SELECT received_at FROM events WHERE feed = f.key ORDER BY seq DESC LIMIT 1) AS newest ' +
  'FROM feed_stats AS s JOIN feeds AS f ON f.feed_id = s.feed_id WHERE s.total > 0'

/** The per-feed facts on one connection; `stmt` prepares (and caches) a statement. */
export function createFeedFacts(stmt: (sql: string) => StatementSync): {
  feedTotals(): Record<string, FeedTotals>
  recordFeedError(feedId: string, error: FeedError | null): void
  feedErrors(): Record<string, FeedError>
} {
  return {
    feedTotals() {
      // One seek per feed: the counter row, its key, and the newest row by the (feed, seq) index.
      const out: Record<string, FeedTotals> = {}
      for (const row of stmt(FEED_TOTALS_SQL).all()) {
        out[String(row.feed_id)] = { events: Number(row.total), newestAt: row.newest === null ? null : Number(row.newest) }
      }
      return out
    },

    recordFeedError(feedId, error) {
      if (error === null) {
        stmt('DELETE FROM feed_errors WHERE feed_id = ?').run(feedId)
        return
      }
      const copy: FeedError = { kind: error.kind, message: error.message, at: Math.trunc(error.at) }
      if (error.status !== undefined) copy.status = error.status
      if (error.code !== undefined) copy.code = error.code
      stmt(
        'INSERT INTO feed_errors (feed_id, error, at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (feed_id) DO UPDATE SET error = excluded.error, at = excluded.at',
      ).run(feedId, JSON.stringify(copy), copy.at)
    },

    feedErrors() {
      const out: Record<string, FeedError> = {}
      for (const row of stmt('SELECT feed_id, error FROM feed_errors').all()) {
        const error = parseFeedError(String(row.error))
        if (error !== null) out[String(row.feed_id)] = error
      }
      return out
    },
  }
}

/** A stored FeedError, or null when the row is not one (written by hand, or by a future build). */
function parseFeedError(text: string): FeedError | null {
  try {
    const value = JSON.parse(text) as Partial<FeedError> | null
    if (value === null || typeof value !== 'object' || typeof value.kind !== 'string' || typeof value.message !== 'string' || typeof value.at !== 'number') return null
    const error: FeedError = { kind: value.kind, message: value.message, at: value.at }
    if (typeof value.status === 'number') error.status = value.status
    if (typeof value.code === 'string') error.code = value.code
    return error
  } catch {
    return null
  }
}

