/**
 * The history's read side on one connection: pages (keyset by seq; "All feeds" filtered by a type
 * feed by feed), single events, the types of a feed, unread counts.
 */
import type { SQLOutputValue, StatementSync } from 'node:sqlite'
import type { HistoryPageDto, HistoryQueryDto, UnreadDto } from '../../../preload/dto.ts'
import type { StoredEvent } from '../types.ts'
import type { FeedKeys } from './feed-keys.ts'
import { countSql, EVENT_COLUMNS, normalizeQuery, pageSql } from './page-query.ts'
import type { PageRequest, Sql } from './page-query.ts'
import { isTypeAcrossFeeds, typeAcrossFeeds } from './type-across-feeds.ts'

export interface ReadsDeps {
  /** Prepares (and caches) a statement on the connection. */
  stmt: (sql: string) => StatementSync
  keys: FeedKeys
  /** Whether this SQLite has FTS5 (decided once, at start). */
  fts: boolean
  /** Brings the full-text index up to date (a search must not miss a just-stored event). */
  flushSearchIndex: () => void
}

export interface Reads {
  query(q: HistoryQueryDto): HistoryPageDto
  get(seq: number): StoredEvent | null
  types(feedId: string | null): string[]
  unread(): UnreadDto
}

export function createReads({ stmt, keys, fts, flushSearchIndex }: ReadsDeps): Reads {
  const runPage = (req: PageRequest, useFts: boolean): HistoryPageDto => {
    const page = pageSql(req, useFts)
    const rows = stmt(page.sql).all(...page.params)
    const hasMore = rows.length > req.limit
    const events = rows.slice(0, req.limit).map(toStoredEvent)
    const last = events[events.length - 1]
    return { events, next: hasMore && last !== undefined ? last.seq : null, total: total(req, countSql(req, useFts)) }
  }

  /** A type across every feed: per-feed index ranges, then the page's rows by primary key. */
  const typePage = (req: PageRequest): HistoryPageDto => {
    const { seqs, hasMore } = typeAcrossFeeds(stmt, req)
    const rows =
      seqs.length === 0
        ? []
        : stmt(
            `SELECT ${EVENT_COLUMNS} FROM events AS e WHERE e.seq IN (SELECT value FROM json_each(?)) ORDER BY e.seq ${req.order === 'newest' ? 'DESC' : 'ASC'}`,
          ).all(JSON.stringify(seqs))
    const events = rows.map(toStoredEvent)
    const last = events[events.length - 1]
    return { events, next: hasMore && last !== undefined ? last.seq : null, total: total(req, countSql(req, false)) }
  }

  const total = (req: PageRequest, count: Sql | null): number => {
    if (count !== null) return Number((stmt(count.sql).get(...count.params) as { n: number }).n)
    const column = req.unreadOnly ? 'unread' : 'total'
    const row =
      req.feedId === null
        ? stmt(`SELECT coalesce(sum(${column}), 0) AS n FROM feed_stats`).get()
        : stmt(`SELECT ${column} AS n FROM feed_stats WHERE feed_id = ?`).get(req.feedId)
    return Number((row as { n: number } | undefined)?.n ?? 0)
  }

  return {
    query(q) {
      const req = normalizeQuery(q)
      if (isTypeAcrossFeeds(req)) return typePage(req)
      // The LIKE scan answers only when this SQLite has no FTS5 (decided once, at start) or the
      // search has no words to match (punctuation only: a literal substring search). An FTS
      // failure is a bug or a damaged index and surfaces as an error, never as a silent rescan.
      if (!fts || req.words.length === 0) return runPage(req, false)
      flushSearchIndex()
      return runPage(req, true)
    },

    get(seq) {
      const row = stmt(`SELECT ${EVENT_COLUMNS} FROM events AS e WHERE e.seq = ?`).get(seq)
      return row === undefined ? null : toStoredEvent(row)
    },

    types(feedId) {
      // Skip-scan of the (feed, type, …) index: one seek per distinct type (of each feed).
      const key = feedId === null ? null : keys.find(feedId)
      if (feedId !== null && key === null) return []
      const rows =
        feedId === null
          ? stmt(
              'WITH RECURSIVE t(feed, type) AS (SELECT key, (SELECT min(type) FROM events WHERE feed = key) FROM feeds ' +
                'UNION ALL SELECT feed, (SELECT min(type) FROM events WHERE feed = t.feed AND type > t.type) FROM t WHERE t.type IS NOT NULL) ' +
                'SELECT DISTINCT type FROM t WHERE type IS NOT NULL ORDER BY type LIMIT 1000',
            ).all()
          : stmt(
              'WITH RECURSIVE t(type) AS (SELECT (SELECT min(type) FROM events WHERE feed = ?1) ' +
                'UNION ALL SELECT (SELECT min(type) FROM events WHERE feed = ?1 AND type > t.type) FROM t ' +
                'WHERE t.type IS NOT NULL) SELECT type FROM t WHERE type IS NOT NULL LIMIT 1000',
            ).all(key)
      return rows.map((row) => String(row.type))
    },

    unread() {
      const byFeed: Record<string, number> = {}
      let sum = 0
      for (const row of stmt('SELECT feed_id, unread FROM feed_stats WHERE unread > 0').all()) {
        const n = Number(row.unread)
        byFeed[String(row.feed_id)] = n
        sum += n
      }
      return { total: sum, byFeed }
    },
  }
}

function toStoredEvent(row: Record<string, SQLOutputValue>): StoredEvent {
  return {
    seq: Number(row.seq),
    feedId: String(row.feed_id),
    id: String(row.event_id),
    newId: row.new_id === 1,
    type: String(row.type),
    data: String(row.data),
    receivedAt: Number(row.received_at),
    read: row.read === 1,
  }
}
