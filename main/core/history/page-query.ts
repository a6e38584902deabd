/**
 * SQL for one page of history. Pages are keyed by `seq`, never by offset, so events arriving while
 * the user scrolls neither shift nor repeat rows: newest-first pages ask for `seq < before`,
 * oldest-first pages for `seq > after`. Every shape of query is index-backed (see the indexes in
 * schema.ts); with a search, FTS5 walks its matches in rowid (= seq) order so no sort is needed.
 */
import type { SQLInputValue } from 'node:sqlite'
import type { HistoryQueryDto } from '../../../preload/dto.ts'
import { FEED_KEY_OF } from './feed-keys.ts'
import { ftsExpression, likePatterns, searchWords } from './search-terms.ts'

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
/** A literal (word-less) search longer than this is cut: it is a substring scan. */
const MAX_LITERAL = 200

/** A query with defaults applied and untrusted values made safe. */
export interface PageRequest {
  feedId: string | null
  type: string | null
  unreadOnly: boolean
  words: string[]
  /**
   * The search as typed, when it has no words but is not blank (`"`, `%`, `->`): matched as a
   * literal substring of type or data, so it finds what holds that text — never every event.
   */
  literal: string | null
  order: 'newest' | 'oldest'
  /** `before` (newest first) or `after` (oldest first); null = from the start. */
  cursor: number | null
  limit: number
}

/** Applies defaults and bounds: limit 1..1000 (default 100), cursors must be integers. */
export function normalizeQuery(q: HistoryQueryDto): PageRequest {
  const order = q.order === 'oldest' ? 'oldest' : 'newest'
  const rawCursor = order === 'oldest' ? q.after : q.before
  const words = searchWords(q.search)
  const rawLimit = typeof q.limit === 'number' && Number.isFinite(q.limit) ? Math.floor(q.limit) : DEFAULT_LIMIT
  return {
    feedId: typeof q.feedId === 'string' ? q.feedId : null,
    type: typeof q.type === 'string' && q.type !== '' ? q.type : null,
    unreadOnly: q.unreadOnly === true,
    words,
    literal: words.length === 0 && typeof q.search === 'string' && q.search.trim() !== '' ? q.search.trim().slice(0, MAX_LITERAL) : null,
    order,
    cursor: typeof rawCursor === 'number' && Number.isFinite(rawCursor) ? Math.floor(rawCursor) : null,
    limit: Math.min(MAX_LIMIT, Math.max(1, rawLimit)),
  }
}

export interface Sql {
  sql: string
  params: SQLInputValue[]
}

/**
 * Whether row `e` is read: its flag, or its feed's read mark (`feeds.read_upto`, schema step 4:
 * "mark the feed read" moves the mark instead of writing every row).
 */
const READ_OF_ROW = 'e.read = 1 OR e.seq <= (SELECT read_upto FROM feeds WHERE key = e.feed)'

/** The lowest read mark among feeds that hold events (0 when none): every row up to it is read. */
const LOWEST_READ_MARK =
  '(SELECT coalesce(min(f.read_upto), 0) FROM feeds AS f JOIN feed_stats AS s ON s.feed_id = f.feed_id WHERE s.total > 0)'

/**
 * The columns a page returns, in the row shape `toStoredEvent` reads. The feed's id comes from its
 * key by one primary-key seek per returned row (the select list runs only for rows the page keeps).
 */
export const EVENT_COLUMNS =
  'e.seq, (SELECT feed_id FROM feeds WHERE key = e.feed) AS feed_id, e.event_id, e.new_id, e.type, e.data, e.received_at, ' +
  `(${READ_OF_ROW}) AS read`


/**
 * The page's SELECT, asking for one row more than the limit so the caller knows whether there is
 * a next page. `fts` chooses FTS5 MATCH or the LIKE fallback for `words`.
 */
export function pageSql(req: PageRequest, fts: boolean): Sql {
  const { from, where, params } = filters(req, fts)
  const key = useFts(req, fts) ? 'events_fts.rowid' : 'e.seq'
  if (req.cursor !== null) {
    where.push(req.order === 'newest' ? `${key} < ?` : `${key} > ?`)
    params.push(req.cursor)
  }
  params.push(req.limit + 1)
  return {
    sql:
      `SELECT ${EVENT_COLUMNS} FROM ${from}` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${key} ${req.order === 'newest' ? 'DESC' : 'ASC'} LIMIT ?`,
    params,
  }
}

/**
 * The COUNT for the query's total, or null when the per-feed counters answer it (no type and no
 * search filter).
 */
export function countSql(req: PageRequest, fts: boolean): Sql | null {
  if (req.type === null && req.words.length === 0 && req.literal === null) return null
  const { from, where, params } = filters(req, fts)
  if (req.feedId === null && req.type !== null && !useFts(req, fts)) {
    // A type in every feed: one range of (feed, type, seq) per feed (there is no index by type alone).
    where.unshift('e.feed IN (SELECT key FROM feeds)')
  }
  return {
    sql: `SELECT count(*) AS n FROM ${from}` + (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''),
    params,
  }
}

function useFts(req: PageRequest, fts: boolean): boolean {
  return fts && req.words.length > 0
}

function filters(req: PageRequest, fts: boolean): { from: string; where: string[]; params: SQLInputValue[] } {
  const where: string[] = []
  const params: SQLInputValue[] = []
  let from = 'events AS e'
  if (useFts(req, fts)) {
    // FTS5 drives: it yields matches in rowid order, each joined to its event by primary key.
    from = 'events_fts CROSS JOIN events AS e ON e.seq = events_fts.rowid'
    where.push('events_fts MATCH ?')
    params.push(ftsExpression(req.words))
  } else {
    for (const pattern of likePatterns(req.literal !== null ? [req.literal] : req.words)) {
      where.push("(e.type LIKE ? ESCAPE '\\' OR e.data LIKE ? ESCAPE '\\')")
      params.push(pattern, pattern)
    }
  }
  if (req.feedId !== null) {
    // An uncorrelated subquery: evaluated once, then a constant the (feed, …) indexes can seek.
    where.push(`e.feed = ${FEED_KEY_OF}`)
    params.push(req.feedId)
  }
  if (req.type !== null) {
    where.push('e.type = ?')
    params.push(req.type)
    // Without statistics the planner may take a two-sided seq range of (feed, seq) over the type's
    // range of (feed, type, seq) (a feed's unread page with a cursor): that walks every event between.
    if (!useFts(req, fts) && req.feedId !== null) from = 'events AS e INDEXED BY events_feed_type_seq'
  }
  if (req.unreadOnly) {
    where.push('e.read = 0')
    if (req.feedId !== null) {
      // Uncorrelated: a lower bound of the (feed, …) index ranges, so read rows below it are never visited.
      where.push('e.seq > (SELECT read_upto FROM feeds WHERE feed_id = ?)')
      params.push(req.feedId)
    } else {
      where.push('e.seq > (SELECT read_upto FROM feeds WHERE key = e.feed)')
      // And below every feed's mark all is read: after "mark all read" only newer rows are visited.
      where.push(`e.seq > ${LOWEST_READ_MARK}`)
    }
  }
  return { from, where, params }
}
