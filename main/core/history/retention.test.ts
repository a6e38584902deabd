import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RETENTION_BATCH } from './history.ts'
import { COUNT_RETENTION_SQL } from './retention.ts'
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
    expect(plan(COUNT_RETENTION_SQL.unreadUpTo)).toMatch(/^SEARCH events USING COVERING INDEX events_unread \(feed=\? AND seq<\?\)$/)
    expect(plan(COUNT_RETENTION_SQL.deleteUpTo)).toMatch(/^SEARCH events USING (COVERING )?INDEX events_feed_seq \(feed=\? AND seq<\?\)$/)
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
