/**
 * Retention by count and by age, one bounded step at a time. A feed that just got a 90-day limit
 * may hold a million expired rows; deleting them in one go would stall the write that triggered
 * it, so each step deletes at most `budget` rows and the rest goes on the next append or `prune`.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import type { RetentionPolicy } from '../types.ts'

const DAY_MS = 86_400_000

/**
 * Age retention has no (feed, received time) index: it cost ~10 % of every insert and delete in a
 * burst. Events are stored in arrival order and stamped with the clock as they arrive, so a feed's
 * oldest rows by seq are its oldest by time, and the expired rows are a prefix of (feed, seq).
 * Only a clock set back (or set wrong, then corrected) breaks that: a row stamped more than
 * DISORDER_TOLERANCE_MS before a row stored ahead of it marks its feed disordered (feed_stats.disorder,
 * set by the append that stores it). Such a feed is also swept: its rows read in seq order, in
 * steps of SWEEP_ROWS, by `prune` and `setRetention` (never by an append), deleting every expired
 * row wherever it is; a sweep that finds the feed back in order clears the mark. Within the
 * tolerance, a row expires at most that much later than its own time says.
 */
export const DISORDER_TOLERANCE_MS = 60_000
/** Rows one sweep step of a disordered feed reads. */
export const SWEEP_ROWS = 10_000

/** Prepared statements for retention on one connection. */
export interface RetentionStatements {
  total: StatementSync
  /** The seq of a feed's n-th oldest row: the oldest `n` rows are those up to it. */
  nthOldest: StatementSync
  /**
   * Unread rows of a feed up to a seq: those above its read mark (feeds.read_upto) whose flag is 0,
   * a range of (feed, seq) — empty, and free, when the feed was marked read past it.
   */
  unreadUpTo: StatementSync
  deleteUpTo: StatementSync
  /** received_at of a feed's oldest row by seq. */
  oldestTime: StatementSync
  /** A feed's oldest rows by seq (seq, received_at), at most n. */
  oldestRows: StatementSync
  /** The feed's disorder mark (feed_stats.disorder): null when its rows are in time order. */
  disorder: StatementSync
  /** A disordered feed's rows after a seq, in seq order, at most n (a sweep step). */
  sweepRows: StatementSync
  /** Deletes a feed's rows in a seq range received before a time, returning them (a sweep step). */
  deleteExpiredIn: StatementSync
  /** Clears the disorder mark if it is still the one a finished sweep started from. */
  clearDisorder: StatementSync
  uncount: StatementSync
  /** A feed's read mark (feeds.read_upto), by its id: rows up to it are read whatever their flag. */
  readUpto: StatementSync
  /** Full-text index upkeep; null when this connection runs without FTS5. */
  fts: FtsForget | null
}

/**
 * Removing deleted rows from the full-text index, done by each delete path itself (there is no
 * per-row delete trigger: evaluated for every deleted row, it cost ~5 % of a burst's writes). Only
 * rows the index holds (seq up to 'fts_upto') may be removed from it: an external-content
 * 'delete' of a row it never held corrupts it. Runs BEFORE the rows are deleted from `events`.
 */
export interface FtsForget {
  /** A feed's indexed rows up to a seq (count retention). */
  upTo: StatementSync
  /** A whole feed's indexed rows (clear, delete). */
  feed: StatementSync
  /** One row, given as it was (age retention, from its DELETE … RETURNING). */
  one: StatementSync
  /** The highest indexed seq. */
  upto: StatementSync
}

const FTS_UPTO = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_upto')"

/** Prepares the FTS upkeep statements (the caller knows `events_fts` exists). */
export function prepareFtsForget(db: DatabaseSync, feedKeyOf: string): FtsForget {
  const forget = "INSERT INTO events_fts (events_fts, rowid, type, data) SELECT 'delete', seq, type, data FROM events"
  return {
    upTo: db.prepare(`${forget} WHERE feed = ? AND seq <= ? AND seq <= ${FTS_UPTO}`),
    feed: db.prepare(`${forget} WHERE feed = ${feedKeyOf} AND seq <= ${FTS_UPTO}`),
    one: db.prepare("INSERT INTO events_fts (events_fts, rowid, type, data) VALUES ('delete', ?, ?, ?)"),
    upto: db.prepare(`SELECT coalesce(${FTS_UPTO}, 0) AS v`),
  }
}

/**
 * Count retention's statements, exported so a test can check that each stays a range of an index
 * (EXPLAIN QUERY PLAN): `(feed, seq)` for the oldest rows, and for the unread count above the feed's read mark.
 */
export const COUNT_RETENTION_SQL = {
  nthOldest: 'SELECT seq FROM events WHERE feed = ? ORDER BY seq LIMIT 1 OFFSET ?',
  unreadUpTo: 'SELECT count(*) AS n FROM events WHERE feed = ?1 AND seq > (SELECT read_upto FROM feeds WHERE key = ?1) AND seq <= ?2 AND read = 0',
  deleteUpTo: 'DELETE FROM events WHERE feed = ? AND seq <= ?',
} as const

/** Age retention's statements: each a range of (feed, seq), checked by a test like count retention's. */
export const AGE_RETENTION_SQL = {
  oldestTime: 'SELECT received_at AS t FROM events WHERE feed = ? ORDER BY seq LIMIT 1',
  oldestRows: 'SELECT seq, received_at FROM events WHERE feed = ? ORDER BY seq LIMIT ?',
  sweepRows: 'SELECT seq, received_at FROM events WHERE feed = ? AND seq > ? ORDER BY seq LIMIT ?',
  deleteExpiredIn: 'DELETE FROM events WHERE feed = ? AND seq > ? AND seq <= ? AND received_at < ?',
} as const

/** Prepares the statements once per connection; `fts` when it keeps the full-text index. */
export function prepareRetention(db: DatabaseSync, fts: FtsForget | null): RetentionStatements {
  return {
    total: db.prepare('SELECT total, unread FROM feed_stats WHERE feed_id = ?'),
    // Ranges of the (feed, seq) indexes; statements on events take the feed's key (feed-keys.ts).
    // The counters in feed_stats are keyed by the feed's id. Counting the unread rows first and deleting without
    // RETURNING spares a row object per deleted row (count retention deletes one row per stored
    // row in a burst at the limit).
    nthOldest: db.prepare(COUNT_RETENTION_SQL.nthOldest),
    unreadUpTo: db.prepare(COUNT_RETENTION_SQL.unreadUpTo),
    deleteUpTo: db.prepare(COUNT_RETENTION_SQL.deleteUpTo),
    oldestTime: db.prepare(AGE_RETENTION_SQL.oldestTime),
    oldestRows: db.prepare(AGE_RETENTION_SQL.oldestRows),
    disorder: db.prepare('SELECT disorder FROM feed_stats WHERE feed_id = ?'),
    sweepRows: db.prepare(AGE_RETENTION_SQL.sweepRows),
    deleteExpiredIn: db.prepare(`${AGE_RETENTION_SQL.deleteExpiredIn} RETURNING read, seq, type, data`),
    clearDisorder: db.prepare('UPDATE feed_stats SET disorder = NULL WHERE feed_id = ? AND disorder = ?'),
    uncount: prepareUncount(db),
    readUpto: db.prepare('SELECT read_upto AS v FROM feeds WHERE feed_id = ?'),
    fts,
  }
}

/** The statement `deleteCounted` uses to take deleted rows off the feed's counters. */
export function prepareUncount(db: DatabaseSync): StatementSync {
  return db.prepare('UPDATE feed_stats SET total = total - ?2, unread = unread - ?3 WHERE feed_id = ?1')
}

/**
 * Runs a `DELETE … RETURNING read, seq, type, data` of one feed's rows and takes them off that
 * feed's counters (feed_stats) and the full-text index, in the caller's transaction. There is no
 * per-row delete trigger for the counters (it cost about a fifth of the writer's time in a burst)
 * nor for the index. Returns the rows deleted.
 */
export function deleteCounted(s: Pick<RetentionStatements, 'uncount' | 'fts' | 'readUpto'>, del: StatementSync, feedId: string, ...params: SQLInputValue[]): number {
  const upto = s.fts === null ? 0 : Number((s.fts.upto.get() as { v: number }).v)
  const readUpto = Number((s.readUpto.get(feedId) as { v: number } | undefined)?.v ?? 0)
  let rows = 0
  let unread = 0
  for (const row of del.iterate(...params)) {
    rows += 1
    if (row.read === 0 && Number(row.seq) > readUpto) unread += 1
    if (s.fts !== null && Number(row.seq) <= upto) s.fts.one.run(row.seq as number, row.type as string, row.data as string)
  }
  if (rows > 0) s.uncount.run(feedId, rows, unread)
  return rows
}

/** Whether a policy limits anything. */
export function isLimited(policy: RetentionPolicy): boolean {
  return policy.maxEvents !== null || policy.maxAgeDays !== null
}

/** A feed as retention needs it: its id (the counters' key) and its key in `events`. */
export interface FeedRef {
  id: string
  key: number
}

/**
 * Where a disordered feed's sweep is, per feed (kept by the connection that prunes; a restart
 * begins the sweep again).
 */
export type Sweeps = Map<string, SweepState>

interface SweepState {
  /** The last seq read. */
  after: number
  /** The disorder mark when the sweep began: cleared at its end only if unchanged. */
  mark: number
  /** The latest time among surviving rows read, and whether they were in order so far. */
  newest: number
  ordered: boolean
}

/**
 * One retention step for `feed`, inside the caller's transaction: keeps the newest `maxEvents`
 * events and drops those received more than `maxAgeDays` before `now`, deleting at most `budget`
 * rows in all. With `sweeps` (prune, a policy change) a disordered feed is also swept a step
 * further. Returns how many rows it deleted.
 */
export function retentionStep(
  s: RetentionStatements,
  feed: FeedRef,
  policy: RetentionPolicy,
  now: number,
  budget: number,
  sweeps?: Sweeps,
): number {
  let deleted = 0
  if (policy.maxEvents !== null && budget > 0) {
    const row = s.total.get(feed.id) as { total: number } | undefined
    const excess = (row?.total ?? 0) - Math.max(0, Math.floor(policy.maxEvents))
    if (excess > 0) deleted += deleteOldest(s, feed, Math.min(excess, budget))
  }
  if (policy.maxAgeDays !== null && budget - deleted > 0) {
    const cutoff = now - policy.maxAgeDays * DAY_MS
    const oldest = s.oldestTime.get(feed.key) as { t: number | null } | undefined
    if (oldest?.t != null && oldest.t < cutoff) deleted += deleteExpiredPrefix(s, feed, cutoff, budget - deleted)
    if (sweeps !== undefined && budget - deleted > 0) deleted += sweepStep(s, feed, cutoff, budget - deleted, sweeps)
  }
  return deleted
}

/** Deletes a feed's `n` oldest rows and takes them off its counters; returns the rows deleted. */
function deleteOldest(s: RetentionStatements, feed: FeedRef, n: number): number {
  const last = s.nthOldest.get(feed.key, n - 1) as { seq: number } | undefined
  return last === undefined ? 0 : deleteUpTo(s, feed, last.seq)
}

/** Deletes the leading run of a feed's rows (by seq) received before `cutoff`, at most `n`. */
function deleteExpiredPrefix(s: RetentionStatements, feed: FeedRef, cutoff: number, n: number): number {
  let last = 0
  for (const row of s.oldestRows.all(feed.key, n) as { seq: number; received_at: number }[]) {
    if (row.received_at >= cutoff) break
    last = row.seq
  }
  return last === 0 ? 0 : deleteUpTo(s, feed, last)
}

/** Deletes a feed's rows up to `last` (by seq), off its counters and the full-text index. */
function deleteUpTo(s: RetentionStatements, feed: FeedRef, last: number): number {
  const unread = unreadUpTo(s, feed, last)
  s.fts?.upTo.run(feed.key, last)
  const rows = Number(s.deleteUpTo.run(feed.key, last).changes)
  if (rows > 0) s.uncount.run(feed.id, rows, unread === 'all' ? rows : unread)
  return rows
}

/**
 * How many of a feed's rows up to `last` are unread, or 'all' of them. The counters answer when
 * all of the feed's rows are unread (a feed nobody reads: the usual burst) or none is; only a
 * feed with both visits the rows above its read mark.
 */
function unreadUpTo(s: RetentionStatements, feed: FeedRef, last: number): number | 'all' {
  const stats = s.total.get(feed.id) as { total: number; unread: number } | undefined
  if (stats === undefined || stats.unread === 0) return 0
  if (stats.unread === stats.total) return 'all'
  return Number((s.unreadUpTo.get(feed.key, last) as { n: number }).n)
}

/**
 * One step of a disordered feed's sweep: reads up to SWEEP_ROWS rows after where it stopped,
 * deletes those received before `cutoff` (at most `budget`), and notes whether the rows that stay
 * are in time order. A sweep that reaches the end with them in order clears the feed's mark,
 * unless an append marked it again meanwhile. An ordered feed costs one lookup.
 */
function sweepStep(s: RetentionStatements, feed: FeedRef, cutoff: number, budget: number, sweeps: Sweeps): number {
  const mark = (s.disorder.get(feed.id) as { disorder: number | null } | undefined)?.disorder ?? null
  if (mark === null) {
    sweeps.delete(feed.id)
    return 0
  }
  let state = sweeps.get(feed.id)
  if (state === undefined) {
    state = { after: 0, mark: Number(mark), newest: Number.NEGATIVE_INFINITY, ordered: true }
    sweeps.set(feed.id, state)
  }
  const rows = s.sweepRows.all(feed.key, state.after, SWEEP_ROWS) as { seq: number; received_at: number }[]
  let expired = 0
  let last = state.after
  let complete = rows.length < SWEEP_ROWS
  for (const row of rows) {
    if (row.received_at < cutoff) {
      if (expired === budget) {
        complete = false
        break
      }
      expired += 1
    } else {
      if (row.received_at < state.newest - DISORDER_TOLERANCE_MS) state.ordered = false
      if (row.received_at > state.newest) state.newest = row.received_at
    }
    last = row.seq
  }
  const deleted = expired === 0 ? 0 : deleteCounted(s, s.deleteExpiredIn, feed.id, feed.key, state.after, last, cutoff)
  state.after = last
  if (complete) {
    if (state.ordered) s.clearDisorder.run(feed.id, state.mark)
    sweeps.delete(feed.id)
  }
  return deleted
}

/**
 * Whether retention may have deleted rows of the batch just stored: only when the batch alone
 * exceeds the count limit, or holds events already past the age limit. Otherwise every stored
 * event survived and no per-event lookup is needed (it cost ~1 µs per event in a burst).
 */
export function mayHaveLost(stored: number, oldestReceivedAt: number, policy: RetentionPolicy, now: number): boolean {
  if (policy.maxEvents !== null && stored > Math.floor(policy.maxEvents)) return true
  return policy.maxAgeDays !== null && oldestReceivedAt < now - policy.maxAgeDays * DAY_MS
}
