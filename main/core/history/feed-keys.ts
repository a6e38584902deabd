/**
 * Feeds' integer keys (table `feeds`, schema step 3): events name their feed by a small key, not
 * by its UUID. A key is never deleted or reused, so every connection may cache what it has seen —
 * except a key this connection created in a transaction that was then rolled back: `forget()`
 * drops the cache after any rollback, and the next lookup asks the file again.
 */
import type { StatementSync } from 'node:sqlite'

/** SQL that turns a feed id parameter into its key (NULL when the feed never stored an event). */
export const FEED_KEY_OF = '(SELECT key FROM feeds WHERE feed_id = ?)'

export interface FeedKeys {
  /** The feed's key, or null when it has none (it never stored an event). */
  find(feedId: string): number | null
  /** The feed's key, created (in the caller's transaction) when it has none. */
  ensure(feedId: string): number
  /** Drops the cache: a key created in a transaction that was rolled back may be reused. */
  forget(): void
}

export function createFeedKeys(stmt: (sql: string) => StatementSync): FeedKeys {
  const cache = new Map<string, number>()
  const find = (feedId: string): number | null => {
    const cached = cache.get(feedId)
    if (cached !== undefined) return cached
    const row = stmt('SELECT key FROM feeds WHERE feed_id = ?').get(feedId) as { key: number } | undefined
    if (row === undefined) return null
    cache.set(feedId, Number(row.key))
    return Number(row.key)
  }
  return {
    find,
    ensure(feedId) {
      const found = find(feedId)
      if (found !== null) return found
      const key = Number(stmt('INSERT INTO feeds (feed_id) VALUES (?)').run(feedId).lastInsertRowid)
      cache.set(feedId, key)
      return key
    },
    forget() {
      cache.clear()
    },
  }
}
