/**
 * The history database's schema, in one place. `PRAGMA user_version` records which migration steps
 * have run; each step runs once, in its own transaction, in order. Full-text search is not part of
 * the versioned schema because it depends on the SQLite build at hand (see `syncFts`).
 */
import type { DatabaseSync } from 'node:sqlite'

/**
 * Migration steps; step i brings the schema from version i to i + 1. Append new steps, never edit
 * a released one.
 */
const MIGRATIONS: readonly string[] = [
  `
  -- seq is AUTOINCREMENT so a seq is never reused, even after the newest rows are deleted: the
  -- window pages with it and the service refers to events by it.
  CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    feed_id     TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    new_id      INTEGER NOT NULL CHECK (new_id IN (0, 1)),
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    read        INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
  );
  -- A replayed event (same feed, same newly set id) is stored once. Events that inherited the
  -- previous id are not unique by it and are always stored.
  CREATE UNIQUE INDEX events_dedup ON events (feed_id, event_id) WHERE new_id = 1 AND event_id <> '';
  CREATE INDEX events_feed_seq ON events (feed_id, seq);
  CREATE INDEX events_feed_type_seq ON events (feed_id, type, seq);
  CREATE INDEX events_type_seq ON events (type, seq);
  CREATE INDEX events_unread ON events (feed_id, seq) WHERE read = 0;
  -- Age retention finds expired rows by time, not by arrival order (clocks jump).
  CREATE INDEX events_feed_time ON events (feed_id, received_at);

  -- Per-feed counts, so unread() and page totals cost O(feeds), not O(events). append() adds its
  -- own rows (an AFTER INSERT trigger would make every insert several times slower); triggers
  -- keep the counts right for every delete and read/unread change, whoever makes it (the delete
  -- trigger is dropped again in step 2).
  CREATE TABLE feed_stats (
    feed_id TEXT PRIMARY KEY,
    total   INTEGER NOT NULL,
    unread  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TRIGGER events_stats_delete AFTER DELETE ON events BEGIN
    UPDATE feed_stats SET total = total - 1, unread = unread - (old.read = 0)
      WHERE feed_id = old.feed_id;
  END;
  CREATE TRIGGER events_stats_read AFTER UPDATE OF read ON events WHEN old.read <> new.read BEGIN
    UPDATE feed_stats SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
      WHERE feed_id = new.feed_id;
  END;

  -- Where each feed resumes; written in the same transaction as the events it acknowledges.
  CREATE TABLE cursors (
    feed_id       TEXT PRIMARY KEY,
    last_event_id TEXT    NOT NULL,
    since         TEXT    NOT NULL,
    updated_at    INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE gaps (
    id        INTEGER PRIMARY KEY,
    feed_id   TEXT    NOT NULL,
    requested TEXT    NOT NULL,
    actual    TEXT    NOT NULL,
    at        INTEGER NOT NULL
  );
  CREATE INDEX gaps_feed ON gaps (feed_id, id);

  CREATE TABLE retention (
    feed_id      TEXT PRIMARY KEY,
    max_events   INTEGER,
    max_age_days REAL
  ) WITHOUT ROWID;

  -- Small facts about the file itself (e.g. whether the full-text index needs a rebuild).
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Deletes no longer go through a per-row trigger: retention deleted most rows, one counter UPDATE
  -- per deleted row cost about a fifth of the writer's time in a burst. Every delete path in
  -- history.ts now adjusts feed_stats itself, in the same transaction (see 'deleteCounted').
  DROP TRIGGER events_stats_delete;

  -- A feed's last connection error, so "last error" survives restarts. One row per feed with an
  -- error; cleared (row deleted) when the feed connects again. 'error' is the FeedError as JSON.
  CREATE TABLE feed_errors (
    feed_id TEXT PRIMARY KEY,
    error   TEXT    NOT NULL,
    at      INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Events name their feed by a small integer key instead of the feed's UUID text: the key is in
  -- the table and in four of its indexes, and 36 bytes of text in each entry made every insert
  -- and every retention delete touch more pages (the writer stored ~18 % fewer events per second
  -- in a burst). A key is never deleted or reused, so a connection may cache it: a feed that is
  -- removed keeps its row here (the UUID alone), and a feed added again gets its key back.
  CREATE TABLE feeds (
    key     INTEGER PRIMARY KEY,
    feed_id TEXT    NOT NULL UNIQUE
  );
  INSERT INTO feeds (feed_id) SELECT DISTINCT feed_id FROM events ORDER BY feed_id;

  CREATE TABLE events_v3 (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    feed        INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    new_id      INTEGER NOT NULL CHECK (new_id IN (0, 1)),
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    read        INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
  );
  INSERT INTO events_v3 (seq, feed, event_id, new_id, type, data, received_at, read)
    SELECT e.seq, f.key, e.event_id, e.new_id, e.type, e.data, e.received_at, e.read
    FROM events AS e JOIN feeds AS f ON f.feed_id = e.feed_id ORDER BY e.seq;
  -- A seq is never reused: carry the high-water mark over (the newest rows may have been deleted).
  DELETE FROM sqlite_sequence WHERE name = 'events_v3';
  INSERT INTO sqlite_sequence (name, seq)
    SELECT 'events_v3', max(seq) FROM (SELECT seq FROM sqlite_sequence WHERE name = 'events' UNION ALL SELECT max(seq) AS seq FROM events)
    HAVING max(seq) IS NOT NULL;
  -- Drops the old indexes and triggers with the table (the full-text index's delete trigger is
  -- created again by syncFts; the index itself is keyed by seq and stays valid).
  DROP TABLE events;
  ALTER TABLE events_v3 RENAME TO events;

  CREATE UNIQUE INDEX events_dedup ON events (feed, event_id) WHERE new_id = 1 AND event_id <> '';
  CREATE INDEX events_feed_seq ON events (feed, seq);
  CREATE INDEX events_feed_type_seq ON events (feed, type, seq);
  -- No (type, seq) index any more: it served only "All feeds" filtered by a type, which now reads
  -- each feed's (feed, type, seq) range (type-across-feeds.ts); it cost ~15 % of every insert.
  CREATE INDEX events_unread ON events (feed, seq) WHERE read = 0;
  CREATE INDEX events_feed_time ON events (feed, received_at);
  CREATE TRIGGER events_stats_read AFTER UPDATE OF read ON events WHEN old.read <> new.read BEGIN
    UPDATE feed_stats SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
      WHERE feed_id = (SELECT feed_id FROM feeds WHERE key = new.feed);
  END;

  -- A gap of a feed that cannot replay (WebSocket, Socket.IO) keeps since when events may be
  -- missing, so the window can still say it after a restart (NULL for replay gaps).
  ALTER TABLE gaps ADD COLUMN missing_since INTEGER;
  `,
  `
  -- Age retention walks (feed, seq) instead of a (feed, received_at) index, which cost ~10 % of
  -- every insert and delete in a burst: rows are stored in arrival order, so the expired ones lead.
  -- Where a clock was set back, feed_stats.disorder marks the feed (the seq of the newest row found
  -- stamped over a minute before a row stored ahead of it) and retention also sweeps it
  -- (retention.ts); newest_at is the latest time stored, for appends to compare against.
  ALTER TABLE feed_stats ADD COLUMN newest_at INTEGER;
  ALTER TABLE feed_stats ADD COLUMN disorder INTEGER;
  UPDATE feed_stats SET newest_at = (
    SELECT max(e.received_at) FROM events AS e JOIN feeds AS f ON f.key = e.feed WHERE f.feed_id = feed_stats.feed_id
  );
  UPDATE feed_stats SET disorder = d.seq FROM (
    SELECT f.feed_id, max(x.seq) AS seq
    FROM (
      SELECT feed, seq, received_at < max(received_at) OVER (
        PARTITION BY feed ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ) - 60000 AS back
      FROM events
    ) AS x JOIN feeds AS f ON f.key = x.feed
    WHERE x.back
    GROUP BY f.feed_id
  ) AS d WHERE feed_stats.feed_id = d.feed_id;
  DROP INDEX events_feed_time;

  -- No partial unread index either (every insert added to it, every retention delete of an unread
  -- row took from it: ~10 % of a burst's writer time). A feed's rows up to feeds.read_upto are read
  -- whatever their flag ("mark the feed read" sets it: O(1), not a write per row); above it, a row
  -- is read when its flag says so. It starts below the feed's oldest unread row (found with the
  -- index, before it goes), so "unread only" pages scan only rows above it.
  ALTER TABLE feeds ADD COLUMN read_upto INTEGER NOT NULL DEFAULT 0;
  UPDATE feeds SET read_upto = coalesce(
    (SELECT min(seq) - 1 FROM events WHERE feed = feeds.key AND read = 0),
    (SELECT max(seq) FROM events WHERE feed = feeds.key),
    0
  );
  DROP INDEX events_unread;
  `,
]

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/** Reads `PRAGMA user_version`. */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined
  return row?.user_version ?? 0
}

/**
 * Brings the schema up to `SCHEMA_VERSION` (tests stop at an older `target` to build a file as an
 * earlier release left it). The caller has already refused files written by a newer build.
 */
export function migrate(db: DatabaseSync, target = SCHEMA_VERSION): void {
  for (let version = schemaVersion(db); version < target; version++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(MIGRATIONS[version]!)
      db.exec(`PRAGMA user_version = ${version + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw error
    }
  }
}

/** Whether this SQLite build has FTS5: creating a throwaway temp table tells. */
export function detectFts5(db: DatabaseSync): boolean {
  try {
    db.exec('CREATE VIRTUAL TABLE temp.tidings_fts5_probe USING fts5(x)')
    db.exec('DROP TABLE temp.tidings_fts5_probe')
    return true
  } catch {
    return false
  }
}

/**
 * Makes the full-text index match what this run can do. With FTS5: an external-content table over
 * (type, data). `append` inserts each new event into it (in large batches, after the fact), and
 * each delete path removes the indexed rows it deletes (retention.ts, `FtsForget`): a per-row
 * delete trigger cost ~5 % of a burst's writes. Events never change type or data, so there is no
 * update path. A trigger left by an earlier build is dropped. The index is rebuilt from `events`
 * when it is new or was left stale. Without FTS5 (or when forced off) the index is marked stale so
 * the next run with FTS5 rebuilds it.
 */
export function syncFts(db: DatabaseSync, useFts: boolean): void {
  // Usually already in sync (the writer thread opens the file again each time it starts): then
  // nothing is written, so the other connection's prepared statements are not invalidated.
  if (useFts && ftsInSync(db)) return
  db.exec('BEGIN IMMEDIATE')
  try {
    if (useFts) {
      const existed = tableExists(db, 'events_fts')
      const stale = db.prepare("SELECT 1 AS x FROM meta WHERE key = 'fts_stale'").get() !== undefined
      // Rows are indexed after they are stored, in large batches (see `indexPending` in
      // history.ts); 'fts_upto' is the highest seq in the index. Only indexed rows may be removed
      // from it: an external-content 'delete' of a row it never held would corrupt it.
      db.exec(`
        CREATE VIRTUAL TABLE IF NOT EXISTS events_fts
          USING fts5(type, data, content = 'events', content_rowid = 'seq');
        DROP TRIGGER IF EXISTS events_fts_delete;
      `)
      const hasUpto = db.prepare("SELECT 1 AS x FROM meta WHERE key = 'fts_upto'").get() !== undefined
      if (!existed || stale || !hasUpto) {
        db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
        db.exec("DELETE FROM meta WHERE key = 'fts_stale'")
        db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_upto', (SELECT coalesce(max(seq), 0) FROM events))")
      }
    } else {
      db.exec('DROP TRIGGER IF EXISTS events_fts_delete')
      db.exec("DELETE FROM meta WHERE key = 'fts_upto'")
      if (tableExists(db, 'events_fts')) {
        db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_stale', '1')")
      }
    }
    db.exec('COMMIT')
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

/** The index and its high-water mark exist, no earlier build's delete trigger is left; not stale. */
function ftsInSync(db: DatabaseSync): boolean {
  const trigger = db.prepare("SELECT 1 AS x FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_fts_delete'").get()
  if (trigger !== undefined || !tableExists(db, 'events_fts')) return false
  const flag = (key: string) => db.prepare('SELECT 1 AS x FROM meta WHERE key = ?').get(key) !== undefined
  return flag('fts_upto') && !flag('fts_stale')
}

function tableExists(db: DatabaseSync, name: string): boolean {
  return db.prepare("SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined
}
