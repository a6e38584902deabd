import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedEvent } from '../types.ts'
import { migrate, schemaVersion, SCHEMA_VERSION, syncFts } from './schema.ts'
import { countedStats, createScratch, events, storedStats, withRaw } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

const A = '0b7c1f0e-3a52-4c5e-9d7a-2f6b8e1c4d90'
const B = 'f3e2d1c0-b9a8-4765-8432-10fedcba9876'

/**
 * A file as release 0.1 (schema 2) left it: events keyed by the feed's UUID text, a full-text index
 * over them, counters, one read event, and the newest seq (9) deleted so the high-water mark (9) is
 * above the highest row (8).
 */
function schema2File(): string {
  const file = path.join(scratch.dir(), 'history.db')
  const db = new DatabaseSync(file)
  try {
    migrate(db, 2)
    syncFts(db, true)
    const insert = db.prepare('INSERT INTO events (feed_id, event_id, new_id, type, data, received_at, read) VALUES (?, ?, 1, ?, ?, ?, ?)')
    const rows: [string, string, string, string, number][] = [
      [A, 'a1', 'message', 'disk almost full on build-3', 0],
      [B, 'b1', 'deploy', 'deployed tidings 0.1 to staging', 1],
      [A, 'a2', 'message', 'disk full on build-3', 0],
      [A, 'a3', 'alert', 'build-3 unreachable', 0],
      [B, 'b2', 'deploy', 'deployed tidings 0.1 to production', 0],
      [A, 'a4', 'message', 'build-3 back', 0],
      [B, 'b3', 'deploy', 'rolled back', 0],
      [A, 'a5', 'message', 'quiet again', 0],
      [A, 'a6', 'message', 'this one was deleted', 0],
    ]
    rows.forEach(([feed, id, type, data, read], i) => insert.run(feed, id, type, data, 1_000 + i, read))
    db.exec('DELETE FROM events WHERE seq = 9')
    db.exec(`INSERT INTO feed_stats (feed_id, total, unread) VALUES ('${A}', 5, 5), ('${B}', 3, 2)`)
    db.exec(`INSERT INTO cursors (feed_id, last_event_id, since, updated_at) VALUES ('${A}', 'a6', '', 1), ('${B}', 'b3', '', 1)`)
    db.exec(`INSERT INTO retention (feed_id, max_events, max_age_days) VALUES ('${A}', 6, NULL)`)
    db.exec("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
    db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_upto', '8')")
  } finally {
    db.close()
  }
  return file
}

const cursorOf = (batch: FeedEvent[]) => ({ lastEventId: batch[batch.length - 1]!.id, since: '' })

describe('schema step 3: events keyed by a small integer per feed', () => {
  it('carries every event, count, cursor, search and the seq high-water mark over', () => {
    const file = schema2File()
    const history = scratch.open({ path: file })
    expect(withRaw(file, (db) => schemaVersion(db))).toBe(SCHEMA_VERSION)

    const page = history.query({ feedId: A, order: 'oldest' })
    expect(page.events.map((e) => [e.feedId, e.id, e.type, e.data, e.receivedAt, e.read])).toEqual([
      [A, 'a1', 'message', 'disk almost full on build-3', 1_000, false],
      [A, 'a2', 'message', 'disk full on build-3', 1_002, false],
      [A, 'a3', 'alert', 'build-3 unreachable', 1_003, false],
      [A, 'a4', 'message', 'build-3 back', 1_005, false],
      [A, 'a5', 'message', 'quiet again', 1_007, false],
    ])
    expect(history.query({ feedId: B }).events.map((e) => [e.seq, e.id, e.read])).toEqual([
      [7, 'b3', false],
      [5, 'b2', false],
      [2, 'b1', true],
    ])
    expect(history.query({ search: 'build-3' }).events.map((e) => e.id)).toEqual(['a4', 'a3', 'a2', 'a1'])
    expect(history.query({ feedId: B, search: 'deployed' }).total).toBe(2)
    expect(history.types(A)).toEqual(['alert', 'message'])
    expect(history.types(null)).toEqual(['alert', 'deploy', 'message'])
    expect(history.unread()).toEqual({ total: 7, byFeed: { [A]: 5, [B]: 2 } })
    expect(history.cursor(A)).toEqual({ lastEventId: 'a6', since: '' })
    expect(history.feedTotals()).toEqual({ [A]: { events: 5, newestAt: 1_007 }, [B]: { events: 3, newestAt: 1_006 } })

    // A seq is never reused: the deleted newest (9) stays taken.
    const stored = history.append(B, [{ feedId: B, id: 'b4', newId: true, type: 'deploy', data: 'again', receivedAt: 2_000 }], { lastEventId: 'b4', since: '' })
    expect(stored.map((e) => e.seq)).toEqual([10])
    // Replays of ids stored before the migration are still recognised.
    expect(history.append(A, [{ feedId: A, id: 'a2', newId: true, type: 'message', data: 'replayed', receivedAt: 2_001 }], { lastEventId: 'a2', since: '' })).toEqual([])
    // Read/unread changes still reach the counters; retention still applies.
    expect(history.markRead({ scope: 'feed', feedId: B })).toBe(3)
    history.append(A, events(A, 7, 3), cursorOf(events(A, 7, 3)))
    expect(history.query({ feedId: A }).total).toBe(6)
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('migrates an empty file and starts counting seqs at 1', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const db = new DatabaseSync(file)
    migrate(db, 2)
    db.close()
    const history = scratch.open({ path: file })
    expect(history.append(A, events(A, 1, 2), { lastEventId: '2', since: '' }).map((e) => e.seq)).toEqual([1, 2])
  })
})

describe('feed keys', () => {
  it('never gives a key whose creation was rolled back to another feed by mistake', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file })
    history.group(() => {
      // The first feed's batch fails after its key was created: its savepoint is undone.
      const broken = [{ feedId: 'first', id: '1', newId: true, type: 'message', data: undefined as unknown as string, receivedAt: 1 }]
      expect(() => history.append('first', broken, { lastEventId: '1', since: '' })).toThrow()
      // The next feed takes the key the undone step had created.
      history.append('second', events('second', 1, 2), { lastEventId: '2', since: '' })
    })
    history.append('first', events('first', 1, 3), { lastEventId: '3', since: '' })
    expect(history.query({ feedId: 'first' }).events.map((e) => [e.feedId, e.id])).toEqual([
      ['first', '3'],
      ['first', '2'],
      ['first', '1'],
    ])
    expect(history.query({ feedId: 'second' }).events.map((e) => e.feedId)).toEqual(['second', 'second'])
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('keeps a removed feed\'s key, so a feed added again with the same id starts empty', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file })
    const reader = scratch.open({ path: file })
    history.append('a', events('a', 1, 2), { lastEventId: '2', since: '' })
    expect(reader.query({ feedId: 'a' }).total).toBe(2) // the reader caches a's key
    history.deleteFeed('a')
    history.append('b', events('b', 1, 1), { lastEventId: '1', since: '' })
    history.append('a', events('a', 5, 1), { lastEventId: '5', since: '' })
    expect(reader.query({ feedId: 'a' }).events.map((e) => [e.feedId, e.id])).toEqual([['a', '5']])
    expect(reader.query({ feedId: 'b' }).events.map((e) => [e.feedId, e.id])).toEqual([['b', '1']])
  })
})

/**
 * A file as the release before schema step 4 left it: `feeds` in this order, each row
 * [feed, received_at, read] stored in the order given, and counters matching the rows.
 */
function schema3File(feeds: string[], rows: [string, number, number][]): string {
  const file = path.join(scratch.dir(), 'history.db')
  const db = new DatabaseSync(file)
  try {
    migrate(db, 3)
    const addFeed = db.prepare('INSERT INTO feeds (feed_id) VALUES (?)')
    for (const feed of feeds) addFeed.run(feed)
    const insert = db.prepare('INSERT INTO events (feed, event_id, new_id, type, data, received_at, read) VALUES ((SELECT key FROM feeds WHERE feed_id = ?), ?, 1, ?, ?, ?, ?)')
    rows.forEach(([feed, at, read], i) => insert.run(feed, `e${i}`, 'message', 'x', at, read))
    db.exec(`INSERT INTO feed_stats (feed_id, total, unread)
      SELECT f.feed_id, count(*), sum(e.read = 0) FROM events AS e JOIN feeds AS f ON f.key = e.feed GROUP BY e.feed`)
  } finally {
    db.close()
  }
  return file
}

describe('schema step 4: no index by received time', () => {
  it('drops it, and marks exactly the feeds whose rows are out of time order by more than the tolerance', () => {
    const t = 1_700_000_000_000
    const file = schema3File(['ordered', 'set-back', 'slewed'], [
      ['ordered', t, 0], ['set-back', t, 0], ['slewed', t, 0],
      ['ordered', t + 1, 0], ['set-back', t - 2 * 60_000, 0], ['slewed', t - 10_000, 0],
      ['ordered', t + 2, 0], ['set-back', t + 5, 0], ['slewed', t + 3, 0],
    ])
    scratch.open({ path: file })
    const after = withRaw(file, (raw) => ({
      index: raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'events_feed_time'").get(),
      unreadIndex: raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'events_unread'").get(),
      stats: raw.prepare('SELECT feed_id, newest_at, disorder FROM feed_stats ORDER BY feed_id').all().map((r) => ({ ...r })),
    }))
    expect(after.index).toBeUndefined()
    expect(after.unreadIndex).toBeUndefined()
    expect(after.stats).toEqual([
      { feed_id: 'ordered', newest_at: 1_700_000_000_002, disorder: null },
      { feed_id: 'set-back', newest_at: 1_700_000_000_005, disorder: 5 },
      { feed_id: 'slewed', newest_at: 1_700_000_000_003, disorder: null },
    ])
  })
})

describe('schema step 4: a read mark per feed instead of the unread index', () => {
  it('sets each mark just below the feed\'s oldest unread row, so every row reads as it did', () => {
    const file = schema3File(['some-read', 'all-read', 'none-read', 'empty'], [
      ['some-read', 1_000, 1], ['all-read', 1_001, 1], ['some-read', 1_002, 1], ['none-read', 1_003, 0], ['some-read', 1_004, 0],
      ['all-read', 1_005, 1], ['some-read', 1_006, 1], ['none-read', 1_007, 0], ['some-read', 1_008, 0],
    ])
    const history = scratch.open({ path: file })
    expect(withRaw(file, (raw) => raw.prepare('SELECT feed_id, read_upto FROM feeds ORDER BY key').all().map((r) => ({ ...r })))).toEqual([
      { feed_id: 'some-read', read_upto: 4 },
      { feed_id: 'all-read', read_upto: 6 },
      { feed_id: 'none-read', read_upto: 3 },
      { feed_id: 'empty', read_upto: 0 },
    ])
    const readOf = (feedId: string) => history.query({ feedId, order: 'oldest' }).events.map((e) => e.read)
    expect(readOf('some-read')).toEqual([true, true, false, true, false])
    expect(readOf('all-read')).toEqual([true, true])
    expect(readOf('none-read')).toEqual([false, false])
    expect(history.unread()).toEqual({ total: 4, byFeed: { 'some-read': 2, 'none-read': 2 } })
    expect(storedStats(file)).toEqual(countedStats(file))
  })
})

describe('a file of an earlier schema', () => {
  it('is announced before it is migrated, with the events it holds; a new or current file is not', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const db = new DatabaseSync(file)
    migrate(db, 3)
    db.exec("INSERT INTO feed_stats (feed_id, total, unread) VALUES ('a', 1200, 3), ('b', 34, 0)")
    db.close()
    const told: unknown[] = []
    const onUpgrade = (upgrade: unknown) => told.push({ ...(upgrade as object), version: withRaw(file, (raw) => schemaVersion(raw)) })
    scratch.open({ path: file, onUpgrade }).close()
    // Told before: the file was still at schema 3.
    expect(told).toEqual([{ from: 3, to: SCHEMA_VERSION, events: 1234, version: 3 }])
    scratch.open({ path: file, onUpgrade }).close()
    scratch.open({ path: path.join(scratch.dir(), 'new.db'), onUpgrade }).close()
    expect(told).toHaveLength(1)
  })
})
