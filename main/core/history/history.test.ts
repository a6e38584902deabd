import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedEvent } from '../types.ts'
import { MAX_GAPS } from './history.ts'
import { countedStats, createScratch, cursorAfter, event, events, storedStats, withRaw } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

function fresh(options: { forceNoFts?: boolean } = {}) {
  const file = path.join(scratch.dir(), 'history.db')
  return { file, history: scratch.open({ path: file, ...options }) }
}

describe('append', () => {
  it('stores events with seq and read=false, and the cursor with them', () => {
    const { history } = fresh()
    const batch = events('a', 1, 3)
    const stored = history.append('a', batch, { lastEventId: '3', since: 's3' })
    expect(stored.map((e) => [e.id, e.read, e.feedId])).toEqual([
      ['1', false, 'a'],
      ['2', false, 'a'],
      ['3', false, 'a'],
    ])
    expect(stored[0]!.seq).toBeLessThan(stored[1]!.seq)
    expect(history.cursor('a')).toEqual({ lastEventId: '3', since: 's3' })
    expect(history.cursor('unknown')).toEqual({ lastEventId: '', since: '' })
    expect(history.get(stored[1]!.seq)).toEqual(stored[1])
    expect(history.get(999_999)).toBeNull()
  })

  it('skips a replayed new id but keeps events that inherited an id: 1,1,2,2 → 4 rows', () => {
    const { history } = fresh()
    const wire: FeedEvent[] = [
      event('a', '1', { newId: true, data: 'one' }),
      event('a', '1', { newId: false, data: 'one again, no id line' }),
      event('a', '2', { newId: true, data: 'two' }),
      event('a', '2', { newId: false, data: 'two again' }),
    ]
    expect(history.append('a', wire, cursorAfter(wire))).toHaveLength(4)
    // The server replays from an older Last-Event-ID: both new ids are skipped, the inherited
    // ones are stored again (they cannot be told apart from new events).
    const replay = history.append('a', wire, cursorAfter(wire))
    expect(replay.map((e) => e.data)).toEqual(['one again, no id line', 'two again'])
    expect(history.query({ feedId: 'a' }).total).toBe(6)
    // Dedup is per feed, and an empty id never deduplicates.
    expect(history.append('b', [event('b', '1')], { lastEventId: '1', since: '' })).toHaveLength(1)
    const blank = [event('a', '', { newId: true }), event('a', '', { newId: true })]
    expect(history.append('a', blank, { lastEventId: '', since: '' })).toHaveLength(2)
    // A duplicate inside one batch is skipped too.
    expect(history.append('c', [event('c', 'x'), event('c', 'x')], { lastEventId: 'x', since: '' })).toHaveLength(1)
  })

  it('writes the cursor even when every event was a replay (or there were none)', () => {
    const { history } = fresh()
    history.append('a', events('a', 1, 2), { lastEventId: '2', since: '' })
    expect(history.append('a', events('a', 1, 2), { lastEventId: '2', since: 'n2' })).toEqual([])
    expect(history.cursor('a')).toEqual({ lastEventId: '2', since: 'n2' })
    history.append('a', [], { lastEventId: '7', since: '' })
    expect(history.cursor('a').lastEventId).toBe('7')
  })

  it('rolls back the cursor and the whole batch when one event cannot be stored', () => {
    const { file, history } = fresh()
    history.append('a', events('a', 1, 2), { lastEventId: '2', since: '' })
    const broken = [event('a', '3'), { ...event('a', '4'), type: null as unknown as string }]
    expect(() => history.append('a', broken, { lastEventId: '4', since: '' })).toThrow(/NOT NULL/)
    const unbindable = [event('a', '3'), { ...event('a', '4'), data: { no: 'string' } as unknown as string }]
    expect(() => history.append('a', unbindable, { lastEventId: '4', since: '' })).toThrow()
    expect(history.cursor('a').lastEventId).toBe('2')
    expect(history.query({ feedId: 'a' }).events.map((e) => e.id)).toEqual(['2', '1'])
    expect(storedStats(file)).toEqual(countedStats(file))
    // The connection is still usable and not left inside a transaction.
    expect(history.append('a', [event('a', '3')], { lastEventId: '3', since: '' })).toHaveLength(1)
    expect(history.cursor('a').lastEventId).toBe('3')
  })

  it('stores receivedAt as integer ms', () => {
    const { history } = fresh()
    const [stored] = history.append('a', [event('a', '1', { receivedAt: 1_700_000_000_123.9 })], cursorAfter([]))
    expect(stored!.receivedAt).toBe(1_700_000_000_123)
    expect(history.get(stored!.seq)!.receivedAt).toBe(1_700_000_000_123)
  })
})

describe('types, unread, markRead', () => {
  it('lists distinct types per feed and overall', () => {
    const { history } = fresh()
    history.append('a', [event('a', '1', { type: 'ping' }), event('a', '2', { type: 'alert' })], cursorAfter([]))
    history.append('a', [event('a', '3', { type: 'alert' })], cursorAfter([]))
    history.append('b', [event('b', '1', { type: 'zeta' }), event('b', '2', { type: 'message' })], cursorAfter([]))
    expect(history.types('a')).toEqual(['alert', 'ping'])
    expect(history.types('b')).toEqual(['message', 'zeta'])
    expect(history.types(null)).toEqual(['alert', 'message', 'ping', 'zeta'])
    expect(history.types('none')).toEqual([])
  })

  it('counts unread per feed and marks one, a feed, or all as read', () => {
    const { file, history } = fresh()
    const a = history.append('a', events('a', 1, 3), cursorAfter([]))
    history.append('b', events('b', 1, 2), cursorAfter([]))
    history.append('c', events('c', 1, 1), cursorAfter([]))
    expect(history.unread()).toEqual({ total: 6, byFeed: { a: 3, b: 2, c: 1 } })

    expect(history.markRead({ scope: 'event', seq: a[0]!.seq })).toBe(1)
    expect(history.markRead({ scope: 'event', seq: a[0]!.seq })).toBe(0)
    expect(history.get(a[0]!.seq)!.read).toBe(true)
    expect(history.unread()).toEqual({ total: 5, byFeed: { a: 2, b: 2, c: 1 } })
    expect(history.query({ feedId: 'a', unreadOnly: true }).events.map((e) => e.id)).toEqual(['3', '2'])
    expect(history.query({ feedId: 'a', unreadOnly: true }).total).toBe(2)

    expect(history.markRead({ scope: 'feed', feedId: 'b' })).toBe(2)
    expect(history.unread()).toEqual({ total: 3, byFeed: { a: 2, c: 1 } })
    expect(history.markRead({ scope: 'all' })).toBe(3)
    expect(history.unread()).toEqual({ total: 0, byFeed: {} })
    expect(history.query({ unreadOnly: true })).toEqual({ events: [], next: null, total: 0 })
    expect(storedStats(file)).toEqual(countedStats(file))
  })
})

describe('the read mark (feeds.read_upto)', () => {
  it('marks a feed read by moving its mark, not by writing its rows; what comes after is unread', () => {
    const { file, history } = fresh()
    const first = history.append('a', events('a', 1, 4), cursorAfter([]))
    history.markRead({ scope: 'event', seq: first[1]!.seq })
    history.append('b', events('b', 1, 2), cursorAfter([]))
    expect(history.markRead({ scope: 'feed', feedId: 'a' })).toBe(3)
    expect(history.markRead({ scope: 'feed', feedId: 'a' })).toBe(0)
    // One row written, not one per event: the flags of the other rows are as they were.
    expect(withRaw(file, (db) => db.prepare('SELECT sum(read) AS n FROM events').get())).toEqual({ n: 1 })
    expect(history.query({ feedId: 'a' }).events.every((e) => e.read)).toBe(true)
    expect(history.get(first[0]!.seq)!.read).toBe(true)
    expect(history.markRead({ scope: 'event', seq: first[2]!.seq })).toBe(0) // read already
    const later = history.append('a', events('a', 5, 2), cursorAfter([]))
    expect(history.query({ feedId: 'a', unreadOnly: true }).events.map((e) => e.id)).toEqual(['6', '5'])
    expect(history.query({ unreadOnly: true }).events.map((e) => `${e.feedId}${e.id}`)).toEqual(['a6', 'a5', 'b2', 'b1'])
    expect(history.query({ unreadOnly: true, order: 'oldest' }).events.map((e) => `${e.feedId}${e.id}`)).toEqual(['b1', 'b2', 'a5', 'a6'])
    expect(history.unread()).toEqual({ total: 4, byFeed: { a: 2, b: 2 } })
    expect(history.markRead({ scope: 'event', seq: later[0]!.seq })).toBe(1)
    expect(storedStats(file)).toEqual(countedStats(file))
    expect(history.markRead({ scope: 'all' })).toBe(3)
    expect(history.query({ feedId: 'b' }).events.every((e) => e.read)).toBe(true)
    expect(history.unread()).toEqual({ total: 0, byFeed: {} })
    expect(storedStats(file)).toEqual(countedStats(file))
    // Every feed's mark is past its rows; a feed cleared meanwhile (no rows, an old mark) changes nothing.
    history.append('c', events('c', 1, 1), cursorAfter([]))
    history.clearFeed('c')
    history.append('b', events('b', 3, 1), cursorAfter([]))
    expect(history.query({ unreadOnly: true }).events.map((e) => `${e.feedId}${e.id}`)).toEqual(['b3'])
    expect(history.query({ unreadOnly: true, order: 'oldest' }).events.map((e) => `${e.feedId}${e.id}`)).toEqual(['b3'])
  })

  it('finds unread events of a type across feeds only above each feed\'s mark', () => {
    const { history } = fresh()
    history.append('a', events('a', 1, 3, { type: 'alert' }), cursorAfter([]))
    history.append('b', events('b', 1, 2, { type: 'alert' }), cursorAfter([]))
    history.markRead({ scope: 'feed', feedId: 'a' })
    history.append('a', events('a', 4, 1, { type: 'alert' }), cursorAfter([]))
    const page = history.query({ type: 'alert', unreadOnly: true })
    expect(page.events.map((e) => `${e.feedId}${e.id}`)).toEqual(['a4', 'b2', 'b1'])
    expect(page.total).toBe(3)
  })

  it('keeps a cleared feed\'s new events unread', () => {
    const { history } = fresh()
    history.append('a', events('a', 1, 3), cursorAfter([]))
    history.markRead({ scope: 'feed', feedId: 'a' })
    history.clearFeed('a')
    history.append('a', events('a', 4, 2), cursorAfter([]))
    expect(history.unread()).toEqual({ total: 2, byFeed: { a: 2 } })
    expect(history.query({ feedId: 'a', unreadOnly: true }).events.map((e) => e.id)).toEqual(['5', '4'])
  })
})

describe('clearFeed and deleteFeed', () => {
  it('clear drops the events but keeps the cursor, so replays are not fetched again', () => {
    const { file, history } = fresh()
    history.append('a', events('a', 1, 3), { lastEventId: '3', since: 'n3' })
    history.append('b', events('b', 1, 2), { lastEventId: '2', since: '' })
    history.recordGap({ feedId: 'a', requested: '1', actual: '2', at: 5 })
    history.clearFeed('a')
    expect(history.query({ feedId: 'a' })).toEqual({ events: [], next: null, total: 0 })
    expect(history.query({ search: 'event' }).events.every((e) => e.feedId === 'b')).toBe(true)
    expect(history.cursor('a')).toEqual({ lastEventId: '3', since: 'n3' })
    expect(history.gaps('a')).toHaveLength(1)
    expect(history.unread()).toEqual({ total: 2, byFeed: { b: 2 } })
    // With the rows gone dedup has nothing to compare with; the kept cursor is what stops the
    // server from replaying them. New events are stored as usual.
    expect(history.append('a', [event('a', '4')], { lastEventId: '4', since: '' })).toHaveLength(1)
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('delete forgets events, cursor, gaps and retention', () => {
    const { file, history } = fresh()
    history.append('a', events('a', 1, 3), { lastEventId: '3', since: '' })
    history.setRetention('a', { maxEvents: 2, maxAgeDays: null })
    history.recordGap({ feedId: 'a', requested: '1', actual: '', at: 5 })
    history.append('b', events('b', 1, 1), { lastEventId: '1', since: '' })
    history.deleteFeed('a')
    expect(history.cursor('a')).toEqual({ lastEventId: '', since: '' })
    expect(history.gaps('a')).toEqual([])
    expect(history.types('a')).toEqual([])
    expect(history.unread()).toEqual({ total: 1, byFeed: { b: 1 } })
    // The retention policy went with it: a feed re-created with that id keeps everything.
    history.append('a', events('a', 1, 5), { lastEventId: '5', since: '' })
    expect(history.query({ feedId: 'a' }).total).toBe(5)
    expect(withRaw(file, (db) => db.prepare("SELECT count(*) AS n FROM retention WHERE feed_id = 'a'").get())).toEqual({
      n: 0,
    })
  })
})

describe('gaps', () => {
  it('keeps the newest gaps first, bounded per feed', () => {
    const { history } = fresh()
    for (let i = 0; i < MAX_GAPS + 10; i++) history.recordGap({ feedId: 'a', requested: `r${i}`, actual: `x${i}`, at: i })
    history.recordGap({ feedId: 'b', requested: 'rb', actual: '', at: 1 })
    const gaps = history.gaps('a')
    expect(gaps).toHaveLength(MAX_GAPS)
    expect(gaps[0]).toEqual({ feedId: 'a', requested: `r${MAX_GAPS + 9}`, actual: `x${MAX_GAPS + 9}`, at: MAX_GAPS + 9 })
    expect(gaps[MAX_GAPS - 1]!.requested).toBe('r10')
    expect(history.gaps('b')).toHaveLength(1)
  })
})

describe('reopen', () => {
  it('keeps events, read flags, cursors, gaps and retention across close and reopen', () => {
    const dir = scratch.dir()
    const file = path.join(dir, 'history.db')
    const first = scratch.open({ path: file })
    const stored = first.append('a', events('a', 1, 5), { lastEventId: '5', since: 'n5' })
    first.markRead({ scope: 'event', seq: stored[0]!.seq })
    first.recordGap({ feedId: 'a', requested: '0', actual: '1', at: 42 })
    first.recordGap({ feedId: 'a', requested: '', actual: '', at: 50, missingSince: 45 })
    first.setRetention('a', { maxEvents: 5, maxAgeDays: null })
    const before = first.query({ limit: 1000 })
    first.close()
    first.close() // twice is harmless
    // The WAL was checkpointed into the main file.
    const wal = `${file}-wal`
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true)

    const second = scratch.open({ path: file })
    expect(second.query({ limit: 1000 })).toEqual(before)
    expect(second.cursor('a')).toEqual({ lastEventId: '5', since: 'n5' })
    // A WebSocket feed's gap still says since when events may be missing.
    expect(second.gaps('a')).toEqual([
      { feedId: 'a', requested: '', actual: '', at: 50, missingSince: 45 },
      { feedId: 'a', requested: '0', actual: '1', at: 42 },
    ])
    expect(second.unread()).toEqual({ total: 4, byFeed: { a: 4 } })
    // The retention policy came back from disk: the sixth event pushes out the first.
    second.append('a', [event('a', '6')], { lastEventId: '6', since: '' })
    expect(second.query({ feedId: 'a', order: 'oldest' }).events.map((e) => e.id)).toEqual(['2', '3', '4', '5', '6'])
    // Dedup survives the reopen as well.
    expect(second.append('a', events('a', 2, 5), { lastEventId: '6', since: '' })).toEqual([])
  })

  it('uses WAL', () => {
    const { file } = fresh()
    expect(withRaw(file, (db) => db.prepare('PRAGMA journal_mode').get())).toEqual({ journal_mode: 'wal' })
  })
})

describe('group: many appends, one commit', () => {
  it('undoes only the append that failed; the others commit together', () => {
    const { file, history } = fresh()
    const outcomes = history.group(() =>
      [
        () => history.append('a', events('a', 1, 3), { lastEventId: '3', since: '' }),
        () => history.append('a', [{ ...event('a', '4'), data: { not: 'text' } as unknown as string }, event('a', '5')], { lastEventId: '5', since: '' }),
        () => history.append('b', events('b', 1, 2), { lastEventId: '2', since: '' }),
      ].map((append) => {
        try {
          return append().length
        } catch {
          return 'refused'
        }
      }),
    )
    expect(outcomes).toEqual([3, 'refused', 2])
    // Nothing of the refused batch: neither its good event nor its cursor.
    expect(history.query({ feedId: 'a', order: 'oldest' }).events.map((e) => e.id)).toEqual(['1', '2', '3'])
    expect(history.cursor('a')).toEqual({ lastEventId: '3', since: '' })
    expect(history.cursor('b')).toEqual({ lastEventId: '2', since: '' })
    expect(storedStats(file)).toEqual(countedStats(file))
    expect(() => history.group(() => history.group(() => 0))).toThrow(/cannot nest/)
  })

  it('stores nothing of the group when the work throws', () => {
    const { history } = fresh()
    expect(() =>
      history.group(() => {
        history.append('a', events('a', 1, 3), { lastEventId: '3', since: '' })
        throw new Error('stop')
      }),
    ).toThrow('stop')
    expect(history.query({}).total).toBe(0)
    expect(history.cursor('a')).toEqual({ lastEventId: '', since: '' })
  })
})
