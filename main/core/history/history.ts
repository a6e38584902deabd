/**
 * The durable event log. An event counts as received only once `append` has committed it together
 * with the feed's resume cursor, in one SQLite transaction: a crash at any instant leaves either
 * both or neither, so the next connection resumes exactly after the last stored event.
 */
import type { StatementSync } from 'node:sqlite'
import type { HistoryPageDto, HistoryQueryDto, MarkReadTargetDto, UnreadDto } from '../../../preload/dto.ts'
import { systemClock } from '../ports.ts'
import type { Clock } from '../ports.ts'
import type { FeedError, FeedEvent, ReplayGap, ResumeCursor, RetentionPolicy, StoredEvent } from '../types.ts'
import { DEFAULT_WAL_AUTOCHECKPOINT, openDatabase, type HistoryUpgrade } from './open-database.ts'
import { DISORDER_TOLERANCE_MS, isLimited, mayHaveLost, prepareFtsForget, prepareRetention, retentionStep, type Sweeps } from './retention.ts'
import { createFeedFacts } from './feed-facts.ts'
import { createFeedKeys, FEED_KEY_OF } from './feed-keys.ts'
import { insertEvents } from './insert-events.ts'
import { createReads } from './reads.ts'
import { columnsOf } from './writer-wire.ts'
import type { EventColumns } from './writer-wire.ts'
import type { FeedTotals } from './feed-facts.ts'
import { detectFts5, syncFts } from './schema.ts'
import { scheduleIndexing } from './search-index.ts'

/** Rows deleted by retention at most per append (and per `setRetention`). */
export const RETENTION_BATCH = 500
/** Replay gaps kept per feed. */
export const MAX_GAPS = 50
export interface HistoryOptions {
  /** The SQLite file; created with its folder when absent. */
  path: string
  clock?: Clock
  /** Behave as if this SQLite had no FTS5 (tests the LIKE fallback). */
  forceNoFts?: boolean
  /** Overrides RETENTION_BATCH (tests). */
  retentionBatch?: number
  /** How long a write waits for another connection's lock (default 5 s). */
  busyTimeoutMs?: number
  /** SQLite page cache of this connection, in MiB (default READER_CACHE_MIB). */
  cacheMiB?: number
  /** WAL pages after which a commit checkpoints (default DEFAULT_WAL_AUTOCHECKPOINT). */
  walAutocheckpointPages?: number
  /**
   * Told before a file written by an earlier version is brought to this version's schema (a step
   * may take a moment: ~1.4 s per million events for step 4), so the user hears why start waits.
   */
  onUpgrade?: (upgrade: HistoryUpgrade) => void
}

/** The history store; one per database file and process. */
export interface History {
  /** Whether FTS5 was detected at start-up (else search falls back to a plain LIKE scan). */
  readonly fts: boolean
  /**
   * Store events and the feed's resume cursor in ONE transaction. Events with `newId` true and a
   * non-empty id are deduplicated by (feed, id) — a replayed one is silently skipped. Events with
   * newId false (they inherited the previous id, per the SSE standard) are always stored. Returns
   * the newly stored events (with seq, read=false). Applies the feed's retention incrementally.
   * Throws (and stores nothing, not even the cursor) when any event cannot be stored.
   */
  append(feedId: string, events: FeedEvent[], cursor: ResumeCursor): StoredEvent[]
  /**
   * `append` of a batch by column, answering `seqs[i]` for event i (0 = not stored: a replay, or
   * removed at once by retention). What the writer thread calls; it builds no event objects.
   */
  appendSeqs(feedId: string, events: EventColumns, cursor: ResumeCursor): number[]
  /** The stored resume point; { lastEventId: '', since: '' } when none. */
  cursor(feedId: string): ResumeCursor
  /** One page, newest first (or oldest first), with the total matching the filters. */
  query(q: HistoryQueryDto): HistoryPageDto
  get(seq: number): StoredEvent | null
  /** Distinct event types of a feed (null = all feeds), sorted, for the type filter. */
  types(feedId: string | null): string[]
  /** Unread counts; feeds with none are absent from `byFeed`. */
  unread(): UnreadDto
  /** Returns how many events changed from unread to read. */
  markRead(target: MarkReadTargetDto): number
  /**
   * Runs `work` — typically several `append`s — in ONE transaction: one commit for all of them.
   * Each write inside runs in its own savepoint, so one that throws undoes only itself (the caller
   * decides what else to refuse). Nothing inside is durable until `group` returns; if the commit
   * fails, it throws and nothing inside was stored.
   */
  group<T>(work: () => T): T
  /**
   * Per feed with stored events: how many it holds and when the newest (highest seq) arrived.
   * From the maintained counters plus one index seek per feed, so it costs O(feeds), whatever
   * the number of rows. Survives restarts (unlike the live status counters).
   */
  feedTotals(): Record<string, FeedTotals>
  /** Stores the feed's last connection error (null clears it), so it survives restarts. */
  recordFeedError(feedId: string, error: FeedError | null): void
  /** Every feed's stored last connection error. */
  feedErrors(): Record<string, FeedError>
  /** Delete a feed's events (the cursor stays, so replays are not fetched again). */
  clearFeed(feedId: string): void
  /** Forget a feed entirely (events, cursor, gaps, retention). */
  deleteFeed(feedId: string): void
  /** Kept in memory and persisted; takes effect a bounded step at a time. */
  setRetention(feedId: string, policy: RetentionPolicy): void
  /**
   * One retention pass over every feed with a policy, deleting at most `maxRows` rows (default
   * RETENTION_BATCH). For a timer: age limits expire rows of feeds that receive nothing.
   * Returns how many rows it deleted; 0 means every feed is within its policy.
   */
  prune(maxRows?: number): number
  recordGap(gap: ReplayGap): void
  /** Newest first, at most MAX_GAPS. */
  gaps(feedId: string): ReplayGap[]
  /**
   * Brings the full-text index up to date now (it otherwise follows appends within ms, in large
   * batches, off the acknowledgement path). Searches call it first, so they never miss an event.
   */
  flushSearchIndex(): void
  /**
   * The WAL size, in pages, past which a commit on this connection checkpoints the WAL into the
   * main file (SQLite's `wal_autocheckpoint`). The writer thread raises it while a burst lasts.
   */
  setWalAutocheckpoint(pages: number): void
  /** The WAL size, in pages, past which a commit on this connection checkpoints. */
  walAutocheckpoint(): number
  /** Copies what the WAL holds into the main file now, as far as readers allow (PASSIVE). */
  checkpoint(): void
  /** Checkpoints the WAL into the main file and closes. Safe to call twice. */
  close(): void
}

/** Opens (or creates) the history at `options.path`; throws a HistoryOpenError when it cannot. */
export function openHistory(options: HistoryOptions): History {
  const clock = options.clock ?? systemClock
  const batch = options.retentionBatch ?? RETENTION_BATCH
  const db = openDatabase(options.path, options.busyTimeoutMs, options.cacheMiB, options.walAutocheckpointPages, options.onUpgrade)
  let fts: boolean
  try {
    fts = options.forceNoFts !== true && detectFts5(db)
    syncFts(db, fts)
  } catch (error) {
    db.close()
    throw error
  }

  const cache = new Map<string, StatementSync>()
  const stmt = (sql: string): StatementSync => {
    let s = cache.get(sql)
    if (s === undefined) {
      s = db.prepare(sql)
      cache.set(sql, s)
    }
    return s
  }
  const retention = prepareRetention(db, fts ? prepareFtsForget(db, FEED_KEY_OF) : null)
  const facts = createFeedFacts(stmt)
  const keys = createFeedKeys(stmt)
  const policies = new Map<string, RetentionPolicy>()
  /** Disordered feeds' age sweeps in progress (retention.ts). */
  const sweeps: Sweeps = new Map()
  for (const row of db.prepare('SELECT feed_id, max_events, max_age_days FROM retention').all()) {
    policies.set(String(row.feed_id), {
      maxEvents: row.max_events === null ? null : Number(row.max_events),
      maxAgeDays: row.max_age_days === null ? null : Number(row.max_age_days),
    })
  }
  let closed = false
  let walAutocheckpoint = Math.max(1, Math.floor(options.walAutocheckpointPages ?? DEFAULT_WAL_AUTOCHECKPOINT))

  /**
   * Runs `work` in a transaction; inside `group()` (an open transaction) in a savepoint instead, so
   * a failing step undoes only itself and the group's one COMMIT makes the rest durable.
   */
  const transaction = <T>(work: () => T): T => {
    if (db.isTransaction) {
      db.exec('SAVEPOINT step')
      try {
        const result = work()
        db.exec('RELEASE step')
        return result
      } catch (error) {
        keys.forget() // a key created in the undone step may be given to another feed
        if (db.isTransaction) {
          db.exec('ROLLBACK TO step')
          db.exec('RELEASE step')
        }
        throw error
      }
    }
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      keys.forget()
      if (db.isTransaction) db.exec('ROLLBACK')
      throw error
    }
  }

  /**
   * Adds stored-but-unindexed rows to the FTS index, up to `limit` seq values past 'fts_upto', in
   * one transaction. Batched this way indexing costs about half of row-by-row inside `append`.
   * Returns whether rows remain.
   */
  const indexPending = (limit: number): boolean => {
    if (!fts || closed) return false
    return transaction(() => {
      const upto = Number((stmt("SELECT CAST(value AS INTEGER) AS v FROM meta WHERE key = 'fts_upto'").get() as { v: number } | undefined)?.v ?? 0)
      const max = Number((stmt('SELECT coalesce(max(seq), 0) AS m FROM events').get() as { m: number }).m)
      if (max <= upto) return false
      const target = Math.min(max, upto + limit)
      stmt('INSERT INTO events_fts (rowid, type, data) SELECT seq, type, data FROM events WHERE seq > ? AND seq <= ? ORDER BY seq').run(upto, target)
      stmt("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_upto', ?)").run(String(target))
      return target < max
    })
  }
  const indexing = scheduleIndexing(indexPending)
  const reads = createReads({ stmt, keys, fts, flushSearchIndex: () => indexPending(Number.POSITIVE_INFINITY) })

  const appendSeqs = (feedId: string, events: EventColumns, cursor: ResumeCursor): number[] => {
    const now = clock.now()
    if (fts && events.ids.length > 0) indexing.appended()
    return transaction(() => {
      const key = keys.ensure(feedId)
      const { seqs, count, oldest, newest, drop, lastSeq } = insertEvents(stmt, key, events)
      if (count > 0) {
        // The counters, the newest time stored, and the disorder mark when this batch has an event
        // stamped well before one stored ahead of it (retention.ts: age retention relies on order).
        stmt(
          'INSERT INTO feed_stats (feed_id, total, unread, newest_at, disorder) VALUES (?1, ?2, ?2, ?3, ?5) ' +
            'ON CONFLICT (feed_id) DO UPDATE SET total = total + ?2, unread = unread + ?2, ' +
            'newest_at = max(coalesce(newest_at, ?3), ?3), ' +
            `disorder = CASE WHEN ?5 IS NOT NULL OR ?4 < newest_at - ${DISORDER_TOLERANCE_MS} THEN ?6 ELSE disorder END`,
        ).run(feedId, count, newest, oldest, drop > DISORDER_TOLERANCE_MS ? lastSeq : null, lastSeq)
      }
      stmt(
        'INSERT INTO cursors (feed_id, last_event_id, since, updated_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (feed_id) DO UPDATE SET last_event_id = excluded.last_event_id, ' +
          'since = excluded.since, updated_at = excluded.updated_at',
      ).run(feedId, cursor.lastEventId, cursor.since, now)
      const policy = policies.get(feedId)
      if (policy !== undefined && isLimited(policy) && retentionStep(retention, { id: feedId, key }, policy, now, Math.max(batch, count)) > 0 && mayHaveLost(count, oldest, policy, now)) {
        // A batch larger than the count limit (or stamped long ago) loses its own oldest rows:
        // report only survivors.
        const exists = stmt('SELECT 1 AS x FROM events WHERE seq = ?')
        for (let i = 0; i < seqs.length; i++) if (seqs[i] !== 0 && exists.get(seqs[i]!) === undefined) seqs[i] = 0
      }
      return seqs
    })
  }

  return {
    fts,

    append(feedId, events, cursor) {
      const seqs = appendSeqs(feedId, columnsOf(events), cursor)
      const stored: StoredEvent[] = []
      events.forEach((event, i) => {
        const seq = seqs[i]!
        if (seq === 0) return
        stored.push({
          feedId,
          id: event.id,
          newId: event.newId,
          type: event.type,
          data: event.data,
          receivedAt: Math.trunc(event.receivedAt),
          seq,
          read: false,
        })
      })
      return stored
    },

    appendSeqs: (feedId, events, cursor) => appendSeqs(feedId, events, cursor),

    query: (q) => reads.query(q),
    get: (seq) => reads.get(seq),
    types: (feedId) => reads.types(feedId),
    unread: () => reads.unread(),

    cursor(feedId) {
      const row = stmt('SELECT last_event_id, since FROM cursors WHERE feed_id = ?').get(feedId)
      return row === undefined
        ? { lastEventId: '', since: '' }
        : { lastEventId: String(row.last_event_id), since: String(row.since) }
    },

    markRead(target) {
      return transaction(() => {
        switch (target.scope) {
          case 'event':
            // A row at or below its feed's read_upto is read already (schema step 4).
            return Number(
              stmt('UPDATE events SET read = 1 WHERE seq = ? AND read = 0 AND seq > (SELECT read_upto FROM feeds WHERE key = events.feed)').run(target.seq)
                .changes,
            )
          case 'feed':
          case 'all': {
            // Everything stored so far becomes read by moving the feeds' marks: a row per feed, not per event.
            const [where, params] = target.scope === 'feed' ? [' WHERE feed_id = ?', [target.feedId]] : ['', []]
            const unread = Number((stmt(`SELECT coalesce(sum(unread), 0) AS n FROM feed_stats${where}`).get(...params) as { n: number }).n)
            stmt(`UPDATE feeds SET read_upto = max(read_upto, (SELECT coalesce(max(seq), 0) FROM events WHERE feed = feeds.key))${where}`).run(...params)
            stmt(`UPDATE feed_stats SET unread = 0${where}`).run(...params)
            return unread
          }
        }
      })
    },

    group(work) {
      if (db.isTransaction) throw new Error('history.group() cannot nest')
      return transaction(work)
    },

    feedTotals: () => facts.feedTotals(),
    recordFeedError: (feedId, error) => facts.recordFeedError(feedId, error),
    feedErrors: () => facts.feedErrors(),

    clearFeed(feedId) {
      transaction(() => {
        retention.fts?.feed.run(feedId)
        stmt(`DELETE FROM events WHERE feed = ${FEED_KEY_OF}`).run(feedId)
        stmt('DELETE FROM feed_stats WHERE feed_id = ?').run(feedId)
      })
    },

    deleteFeed(feedId) {
      transaction(() => {
        // The feed's key stays in `feeds` (keys are never reused; see feed-keys.ts).
        retention.fts?.feed.run(feedId)
        stmt(`DELETE FROM events WHERE feed = ${FEED_KEY_OF}`).run(feedId)
        for (const table of ['feed_stats', 'cursors', 'gaps', 'retention', 'feed_errors']) {
          stmt(`DELETE FROM ${table} WHERE feed_id = ?`).run(feedId)
        }
      })
      policies.delete(feedId)
      sweeps.delete(feedId)
    },

    setRetention(feedId, policy) {
      const copy: RetentionPolicy = { maxEvents: policy.maxEvents, maxAgeDays: policy.maxAgeDays }
      transaction(() => {
        stmt(
          'INSERT INTO retention (feed_id, max_events, max_age_days) VALUES (?, ?, ?) ' +
            'ON CONFLICT (feed_id) DO UPDATE SET max_events = excluded.max_events, max_age_days = excluded.max_age_days',
        ).run(feedId, copy.maxEvents, copy.maxAgeDays)
        const key = keys.find(feedId)
        if (isLimited(copy) && key !== null) retentionStep(retention, { id: feedId, key }, copy, clock.now(), batch, sweeps)
      })
      policies.set(feedId, copy)
    },

    prune(maxRows = batch) {
      let deleted = 0
      const now = clock.now()
      for (const [feedId, policy] of policies) {
        if (deleted >= maxRows) break
        const key = isLimited(policy) ? keys.find(feedId) : null
        if (key === null) continue
        deleted += transaction(() => retentionStep(retention, { id: feedId, key }, policy, now, maxRows - deleted, sweeps))
      }
      return deleted
    },

    recordGap(gap) {
      transaction(() => {
        stmt('INSERT INTO gaps (feed_id, requested, actual, at, missing_since) VALUES (?, ?, ?, ?, ?)').run(
          gap.feedId,
          gap.requested,
          gap.actual,
          Math.trunc(gap.at),
          gap.missingSince === undefined ? null : Math.trunc(gap.missingSince),
        )
        stmt(
          'DELETE FROM gaps WHERE feed_id = ?1 AND id <= ' +
            '(SELECT id FROM gaps WHERE feed_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)',
        ).run(gap.feedId, MAX_GAPS)
      })
    },

    gaps(feedId) {
      return stmt('SELECT feed_id, requested, actual, at, missing_since FROM gaps WHERE feed_id = ? ORDER BY id DESC LIMIT ?')
        .all(feedId, MAX_GAPS)
        .map((row) => {
          const gap: ReplayGap = { feedId: String(row.feed_id), requested: String(row.requested), actual: String(row.actual), at: Number(row.at) }
          if (row.missing_since !== null) gap.missingSince = Number(row.missing_since)
          return gap
        })
    },

    flushSearchIndex() {
      indexPending(Number.POSITIVE_INFINITY)
    },

    setWalAutocheckpoint(pages) {
      const wanted = Math.max(1, Math.floor(pages))
      if (wanted === walAutocheckpoint) return
      db.exec(`PRAGMA wal_autocheckpoint = ${wanted}`)
      walAutocheckpoint = wanted
    },

    walAutocheckpoint: () => walAutocheckpoint,

    checkpoint() {
      if (!closed) db.exec('PRAGMA wal_checkpoint(PASSIVE)')
    },

    close() {
      if (closed) return
      closed = true
      indexing.stop()
      try {
        try {
          indexPending(Number.POSITIVE_INFINITY)
        } catch {
          // The next open catches up; closing must still checkpoint.
        }
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
      } finally {
        db.close()
      }
    },
  }
}
