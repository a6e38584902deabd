import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedError } from '../types.ts'
import { FEED_TOTALS_SQL } from './feed-facts.ts'
import { countedStats, createScratch, event, events, manualClock, storedStats, withRaw } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

describe('per-feed totals that survive restarts', () => {
  it('counts stored events and dates the newest, per feed, after retention and a restart', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const clock = manualClock()
    const first = scratch.open({ path: file, clock })
    expect(first.feedTotals()).toEqual({})
    first.append('a', events('a', 1, 15, { receivedAt: 5_000 }), { lastEventId: '15', since: '' })
    // The newest is the last stored (highest seq), even when its clock reads earlier.
    first.append('a', [event('a', '16', { receivedAt: 4_000 })], { lastEventId: '16', since: '' })
    first.append('b', [event('b', '1', { receivedAt: 7_000 })], { lastEventId: '1', since: '' })
    first.setRetention('a', { maxEvents: 10, maxAgeDays: null })
    expect(first.feedTotals()).toEqual({ a: { events: 10, newestAt: 4_000 }, b: { events: 1, newestAt: 7_000 } })
    first.close()

    const second = scratch.open({ path: file, clock })
    expect(second.feedTotals()).toEqual({ a: { events: 10, newestAt: 4_000 }, b: { events: 1, newestAt: 7_000 } })
    second.clearFeed('b')
    second.deleteFeed('a')
    expect(second.feedTotals()).toEqual({})
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('costs one index seek per feed, never a scan of the events', () => {
    const file = path.join(scratch.dir(), 'plan.db')
    scratch.open({ path: file }).close()
    const plan = withRaw(file, (db) => db.prepare(`EXPLAIN QUERY PLAN ${FEED_TOTALS_SQL}`).all().map((row) => String(row.detail)))
    expect(plan.join('\n')).not.toMatch(/SCAN events|TEMP B-TREE/)
    expect(plan.join('\n')).toMatch(/SEARCH events USING (COVERING )?INDEX events_feed_seq/)
  })
})

describe('a feed\'s last connection error, kept across restarts', () => {
  const refused: FeedError = { kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED', at: 1_700_000_000_000 }
  const http: FeedError = { kind: 'http', message: 'HTTP 503', status: 503, at: 1_700_000_001_000 }

  it('stores, replaces, clears and forgets it, and reads all back after a restart', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const first = scratch.open({ path: file })
    expect(first.feedErrors()).toEqual({})
    first.recordFeedError('a', refused)
    first.recordFeedError('b', refused)
    first.recordFeedError('b', http) // the newest replaces the older
    first.close()

    const second = scratch.open({ path: file })
    expect(second.feedErrors()).toEqual({ a: refused, b: http })
    second.recordFeedError('a', null) // connected again
    expect(second.feedErrors()).toEqual({ b: http })
    second.deleteFeed('b')
    expect(second.feedErrors()).toEqual({})
  })

  it('keeps only the FeedError fields, and skips a row it cannot read instead of failing', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file })
    history.recordFeedError('a', { ...http, extra: 'not kept' } as FeedError)
    withRaw(file, (db) => db.exec("INSERT INTO feed_errors (feed_id, error, at) VALUES ('junk', 'not json', 0), ('odd', '{\"kind\":1}', 0)"))
    expect(history.feedErrors()).toEqual({ a: http })
  })
})
