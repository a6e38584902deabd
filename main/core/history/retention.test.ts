import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RETENTION_BATCH } from './history.ts'
import { AGE_RETENTION_SQL, COUNT_RETENTION_SQL, DISORDER_TOLERANCE_MS, SWEEP_ROWS } from './retention.ts'
import { countedStats, createScratch, event, events, manualClock, storedStats, withRaw } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

const DAY = 86_400_000

function fresh(clock = manualClock()) {
  const file = path.join(scratch.dir(), 'history.db')
  return { file, clock, history: scratch.open({ path: file, clock }) }
}

describe('retention by count', () => {
  it('keeps the newest N events of the feed, other feeds untouched', () => {
    const { file, history } = fresh()
    history.setRetention('a', { maxEvents: 10, maxAgeDays: null })
    for (let i = 1; i <= 25; i++) history.append('a', [event('a', String(i))], { lastEventId: String(i), since: '' })
    history.append('b', events('b', 1, 25), { lastEventId: '25', since: '' })
    const kept = history.query({ feedId: 'a', order: 'oldest' }).events.map((e) => e.id)
    expect(kept).toEqual(Array.from({ length: 10 }, (_, i) => String(16 + i)))
    expect(history.query({ feedId: 'b' }).total).toBe(25)
    expect(history.unread()).toEqual({ total: 35, byFeed: { a: 10, b: 25 } })
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('takes read and unread rows it deletes off the right counters', () => {
    const { file, history } = fresh()
    const first = history.append('a', events('a', 1, 20), { lastEventId: '20', since: '' })
    // Read rows among the oldest (some deleted below, some kept), unread ones on both sides too.
    for (const e of first.filter((_, i) => i % 3 === 0)) history.markRead({ scope: 'event', seq: e.seq })
    history.setRetention('a', { maxEvents: 12, maxAgeDays: null })
    history.append('a', events('a', 21, 5), { lastEventId: '25', since: '' })
    expect(history.query({ feedId: 'a' }).total).toBe(12)
    expect(storedStats(file)).toEqual(countedStats(file))
    expect(history.unread().byFeed.a).toBe(countedStats(file).a!.unread)
  })

  it('finds the rows to delete by index ranges, never a scan of the table', () => {
    const { file, history } = fresh()
    history.append('a', events('a', 1, 3), { lastEventId: '3', since: '' })
    const plan = (sql: string) =>
      withRaw(file, (db) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('a', 1) as { detail: string }[]).map((r) => r.detail).join(' | '))
    expect(plan(COUNT_RETENTION_SQL.nthOldest)).toMatch(/^SEARCH events USING (COVERING )?INDEX events_feed_seq \(feed=\?\)$/)
    // The rows above the feed's read mark only (schema step 4), with its one-row lookup.
    expect(plan(COUNT_RETENTION_SQL.unreadUpTo)).toMatch(/^SEARCH events USING INDEX events_feed_seq \(feed=\? AND seq>\? AND seq<\?\) \| SCALAR SUBQUERY 1 \| SEARCH feeds USING INTEGER PRIMARY KEY \(rowid=\?\)$/)
    expect(plan(COUNT_RETENTION_SQL.deleteUpTo)).toMatch(/^SEARCH events USING (COVERING )?INDEX events_feed_seq \(feed=\? AND seq<\?\)$/)
  })

  it("counts rows under a feed's read mark as read when it deletes them", () => {
    const { file, history } = fresh()
    history.append('a', events('a', 1, 10), { lastEventId: '10', since: '' })
    history.markRead({ scope: 'feed', feedId: 'a' }) // 1..10 read by the mark, their flags untouched
    const later = history.append('a', events('a', 11, 5), { lastEventId: '15', since: '' })
    history.markRead({ scope: 'event', seq: later[0]!.seq }) // 11 read by its flag
    history.setRetention('a', { maxEvents: 3, maxAgeDays: null })
    expect(history.query({ feedId: 'a', order: 'oldest' }).events.map((e) => [e.id, e.read])).toEqual([
      ['13', false],
      ['14', false],
      ['15', false],
    ])
    expect(history.unread()).toEqual({ total: 3, byFeed: { a: 3 } })
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('returns only the survivors when one batch is larger than the limit', () => {
    const { history } = fresh()
    history.setRetention('a', { maxEvents: 3, maxAgeDays: null })
    const stored = history.append('a', events('a', 1, 5), { lastEventId: '5', since: '' })
    expect(stored.map((e) => e.id)).toEqual(['3', '4', '5'])
    expect(stored.every((e) => history.get(e.seq) !== null)).toBe(true)
  })

  it('deletes at most a bounded number of rows per append, and prune() finishes the job', () => {
    const { file, history } = fresh()
    for (let i = 0; i < 5; i++) history.append('a', events('a', i * 500 + 1, 500), { lastEventId: '', since: '' })
    const total = () => history.query({ feedId: 'a' }).total
    expect(total()).toBe(2500)

    history.setRetention('a', { maxEvents: 100, maxAgeDays: null }) // one bounded step at once
    expect(total()).toBe(2500 - RETENTION_BATCH)
    history.append('a', [event('a', 'new-1')], { lastEventId: 'new-1', since: '' })
    expect(total()).toBe(2500 - 2 * RETENTION_BATCH + 1)
    expect(history.prune(300)).toBe(300)
    expect(total()).toBe(2500 - 2 * RETENTION_BATCH + 1 - 300)
    let rounds = 0
    while (history.prune() > 0 && rounds < 100) rounds++
    expect(total()).toBe(100)
    expect(history.prune()).toBe(0)
    // The newest survive; the cursor is untouched by retention.
    expect(history.query({ feedId: 'a', limit: 1 }).events[0]!.id).toBe('new-1')
    expect(history.cursor('a').lastEventId).toBe('new-1')
    expect(storedStats(file)).toEqual(countedStats(file))
  })
})

describe('retention by age', () => {
  it('drops events older than maxAgeDays by received time, on append and on prune', () => {
    const { file, clock, history } = fresh()
    const t0 = clock.now()
    history.append('a', events('a', 1, 3, { receivedAt: t0 - 10 * DAY }), { lastEventId: '3', since: '' })
    history.append('a', events('a', 4, 3, { receivedAt: t0 - 2 * DAY }), { lastEventId: '6', since: '' })
    // Out of arrival order (the clock was set back): still judged by its time.
    history.append('a', [event('a', '7', { receivedAt: t0 - 30 * DAY })], { lastEventId: '7', since: '' })
    history.append('a', [event('a', '8', { receivedAt: t0 })], { lastEventId: '8', since: '' })
    history.append('b', events('b', 1, 2, { receivedAt: t0 - 100 * DAY }), { lastEventId: '2', since: '' })

    history.setRetention('a', { maxEvents: null, maxAgeDays: 5 })
    expect(history.query({ feedId: 'a', order: 'oldest' }).events.map((e) => e.id)).toEqual(['4', '5', '6', '8'])
    expect(history.query({ feedId: 'b' }).total).toBe(2) // no policy, kept

    clock.advance(4 * DAY) // now 4..6 are six days old
    expect(history.prune()).toBe(3)
    expect(history.query({ feedId: 'a' }).events.map((e) => e.id)).toEqual(['8'])

    clock.advance(10 * DAY) // an append also expires what is old
    history.append('a', [event('a', '9', { receivedAt: clock.now() })], { lastEventId: '9', since: '' })
    expect(history.query({ feedId: 'a' }).events.map((e) => e.id)).toEqual(['9'])
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('combines count and age, within one bounded budget per step', () => {
    const clock = manualClock()
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file, clock, retentionBatch: 50 })
    const old = clock.now() - 40 * DAY
    for (let i = 0; i < 4; i++) history.append('a', events('a', i * 100 + 1, 100, { receivedAt: old }), { lastEventId: '', since: '' })
    history.append('a', events('a', 1001, 100, { receivedAt: clock.now() }), { lastEventId: '', since: '' })
    history.setRetention('a', { maxEvents: 350, maxAgeDays: 30 })
    expect(history.query({ feedId: 'a' }).total).toBe(450) // 50 by count, nothing left for age
    let steps = 0
    while (history.prune() > 0 && steps < 100) steps++
    // 100 more by count (2 steps), then the 250 old rows left by age (5 steps), 50 per step.
    expect(steps).toBe(7)
    expect(history.query({ feedId: 'a' }).total).toBe(100)
    expect(history.query({ feedId: 'a', order: 'oldest', limit: 1 }).events[0]!.id).toBe('1001')
  })

  it('a feed without a limit is never pruned', () => {
    const { history } = fresh()
    history.append('a', events('a', 1, 10, { receivedAt: 0 }), { lastEventId: '10', since: '' })
    history.setRetention('a', { maxEvents: null, maxAgeDays: null })
    expect(history.prune()).toBe(0)
    expect(history.query({ feedId: 'a' }).total).toBe(10)
  })
})

describe('retention by age walks arrival order; a clock set back marks the feed and it is swept', () => {
  const disorderOf = (file: string, feedId: string) =>
    withRaw(file, (db) => (db.prepare('SELECT disorder FROM feed_stats WHERE feed_id = ?').get(feedId) as { disorder: number | null }).disorder)
  const ids = (history: ReturnType<typeof fresh>['history'], feedId = 'a') => history.query({ feedId, order: 'oldest' }).events.map((e) => e.id)

  it('reads ranges of (feed, seq) only: there is no index by time', () => {
    const { file, history } = fresh()
    history.append('a', events('a', 1, 3), { lastEventId: '3', since: '' })
    const plan = (sql: string, ...params: number[]) =>
      withRaw(file, (db) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | '))
    expect(plan(AGE_RETENTION_SQL.oldestTime, 1)).toMatch(/^SEARCH events USING INDEX events_feed_seq \(feed=\?\)$/)
    expect(plan(AGE_RETENTION_SQL.oldestRows, 1, 10)).toMatch(/^SEARCH events USING INDEX events_feed_seq \(feed=\?\)$/)
    expect(plan(AGE_RETENTION_SQL.sweepRows, 1, 0, 10)).toMatch(/^SEARCH events USING INDEX events_feed_seq \(feed=\? AND seq>\?\)$/)
    expect(plan(AGE_RETENTION_SQL.deleteExpiredIn, 1, 0, 10, 5)).toMatch(/^SEARCH events USING INDEX events_feed_seq \(feed=\? AND seq>\? AND seq<\?\)$/)
    expect(withRaw(file, (db) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'events_feed_time'").get())).toBeUndefined()
  })

  it('marks a feed only when an event is stamped over the tolerance before one stored ahead of it', () => {
    const { file, clock, history } = fresh()
    const t0 = clock.now()
    // In order, and a clock slewed back by less than the tolerance: not marked.
    history.append('a', [event('a', '1', { receivedAt: t0 }), event('a', '2', { receivedAt: t0 + 1_000 })], { lastEventId: '2', since: '' })
    history.append('a', [event('a', '3', { receivedAt: t0 + 1_000 - DISORDER_TOLERANCE_MS })], { lastEventId: '3', since: '' })
    expect(disorderOf(file, 'a')).toBeNull()
    // Set back further than that, against an earlier batch: marked with that row's seq.
    const [back] = history.append('a', [event('a', '4', { receivedAt: t0 - DISORDER_TOLERANCE_MS })], { lastEventId: '4', since: '' })
    expect(disorderOf(file, 'a')).toBe(back!.seq)
    // Within one batch, for another feed (the first event of a feed has nothing to be compared with).
    const batch = history.append('b', [event('b', '1', { receivedAt: t0 }), event('b', '2', { receivedAt: t0 - 2 * DISORDER_TOLERANCE_MS }), event('b', '3', { receivedAt: t0 })], { lastEventId: '3', since: '' })
    expect(disorderOf(file, 'b')).toBe(batch[2]!.seq)
    history.append('c', [event('c', '1', { receivedAt: t0 - 100 * DAY })], { lastEventId: '1', since: '' })
    expect(disorderOf(file, 'c')).toBeNull()
  })

  it('an append deletes the expired rows that lead the feed and stops at the first that is not', () => {
    const { file, clock, history } = fresh()
    const t0 = clock.now()
    history.setRetention('a', { maxEvents: null, maxAgeDays: 5 })
    history.append('a', events('a', 1, 3, { receivedAt: t0 - 4 * DAY }), { lastEventId: '3', since: '' })
    history.append('a', events('a', 4, 3, { receivedAt: t0 - 1 * DAY }), { lastEventId: '6', since: '' })
    clock.advance(2 * DAY) // 1..3 are six days old, 4..6 three
    history.append('a', [event('a', '7', { receivedAt: clock.now() })], { lastEventId: '7', since: '' })
    expect(ids(history)).toEqual(['4', '5', '6', '7'])
    expect(disorderOf(file, 'a')).toBeNull()
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('sweeps a marked feed: expired rows behind newer ones go, and the mark goes once the rest is in order', () => {
    const { file, clock, history } = fresh()
    const t0 = clock.now()
    history.append('a', events('a', 1, 2, { receivedAt: t0 }), { lastEventId: '2', since: '' })
    // The clock was set back 30 days for a while, then corrected.
    history.append('a', events('a', 3, 2, { receivedAt: t0 - 30 * DAY }), { lastEventId: '4', since: '' })
    history.append('a', events('a', 5, 2, { receivedAt: t0 + 1_000 }), { lastEventId: '6', since: '' })
    expect(disorderOf(file, 'a')).not.toBeNull()
    history.markRead({ scope: 'feed', feedId: 'a' }) // the rows it deletes are read by the feed's mark
    history.append('a', [event('a', '7', { receivedAt: t0 + 2_000 })], { lastEventId: '7', since: '' })
    history.setRetention('a', { maxEvents: null, maxAgeDays: 10 })
    // The leading rows are not expired: only the sweep finds 3 and 4.
    expect(ids(history)).toEqual(['1', '2', '5', '6', '7'])
    expect(history.unread()).toEqual({ total: 1, byFeed: { a: 1 } })
    expect(disorderOf(file, 'a')).toBeNull() // what is left is in order
    expect(storedStats(file)).toEqual(countedStats(file))
    expect(history.prune()).toBe(0)
  })

  it('keeps the mark while rows stay out of order, and sweeps in bounded steps that resume', () => {
    const { file, clock, history } = fresh()
    const t0 = clock.now()
    // A clock that ran 200 days ahead, then was corrected: rows "from the future" lead the feed.
    const n = SWEEP_ROWS + 500
    for (let i = 0; i < n; i += 5_000) {
      const count = Math.min(5_000, n - i)
      history.append('a', events('a', i + 1, count, { receivedAt: t0 + 200 * DAY }), { lastEventId: String(i + count), since: '' })
    }
    history.append('a', events('a', n + 1, 300, { receivedAt: t0 - 40 * DAY }), { lastEventId: String(n + 300), since: '' })
    history.append('a', events('a', n + 301, 2, { receivedAt: t0 }), { lastEventId: String(n + 302), since: '' })
    expect(disorderOf(file, 'a')).not.toBeNull()
    history.setRetention('a', { maxEvents: null, maxAgeDays: 30 }) // one step: SWEEP_ROWS rows read, none expired
    expect(history.query({ feedId: 'a' }).total).toBe(n + 302)
    expect(history.prune(100)).toBe(100) // the next step reaches the old rows: at most the budget
    let steps = 0
    while (history.prune(100) > 0 && steps < 50) steps++
    expect(steps).toBe(2)
    expect(history.query({ feedId: 'a' }).total).toBe(n + 2)
    expect(withRaw(file, (db) => db.prepare('SELECT count(*) AS n FROM events WHERE received_at < ?').get(t0))).toEqual({ n: 0 })
    // The future rows still lead newer-stamped ones: the feed stays marked, and is swept again.
    expect(disorderOf(file, 'a')).not.toBeNull()
    expect(storedStats(file)).toEqual(countedStats(file))
  })
})

describe('retention keeps up with large batches', () => {
  it('never lets a feed at its limit grow, even with batches larger than the per-append budget', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file, retentionBatch: 50 })
    history.setRetention('a', { maxEvents: 100, maxAgeDays: null })
    for (let i = 0; i < 10; i++) {
      history.append('a', events('a', i * 80 + 1, 80), { lastEventId: '', since: '' })
      expect(history.query({ feedId: 'a' }).total).toBe(Math.min(100, (i + 1) * 80))
    }
    expect(storedStats(file)).toEqual(countedStats(file))
  })
})
