import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryQueryDto } from '../../../preload/dto.ts'
import type { History } from './history.ts'
import { countSql, MAX_LIMIT, normalizeQuery, pageSql } from './page-query.ts'
import { isTypeAcrossFeeds, perFeedSql } from './type-across-feeds.ts'
import { createScratch, events, withRaw } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

let nextId = 0
function add(history: History, feed: string, count: number, type = 'message'): void {
  const batch = events(feed, nextId + 1, count, { type })
  nextId += count
  history.append(feed, batch, { lastEventId: String(nextId), since: '' })
}

function fresh(): { file: string; history: History } {
  const file = path.join(scratch.dir(), 'history.db')
  return { file, history: scratch.open({ path: file }) }
}

describe('paging', () => {
  it('pages newest first with a stable cursor while events keep arriving', () => {
    const { history } = fresh()
    add(history, 'a', 120)
    add(history, 'b', 130)
    const expected = history.query({ limit: 1000 }).events.map((e) => e.seq)
    expect(expected).toHaveLength(250)

    const seen: number[] = []
    let before: number | null = null
    for (let page = 0; page < 20; page++) {
      const result = history.query({ limit: 40, before })
      seen.push(...result.events.map((e) => e.seq))
      add(history, page % 2 === 0 ? 'a' : 'b', 7) // new events between page loads
      if (result.next === null) break
      expect(result.next).toBe(result.events[result.events.length - 1]!.seq)
      before = result.next
    }
    expect(seen).toEqual(expected) // nothing shifted, repeated or skipped
  })

  it('pages oldest first with `after`, filtered by feed, new events appended at the end', () => {
    const { history } = fresh()
    add(history, 'a', 30)
    add(history, 'b', 30)
    add(history, 'a', 30)
    const seen: number[] = []
    let after: number | null = null
    for (let page = 0; page < 20; page++) {
      const result = history.query({ feedId: 'a', order: 'oldest', limit: 25, after })
      seen.push(...result.events.map((e) => e.seq))
      if (page === 0) add(history, 'a', 5)
      if (result.next === null) break
      after = result.next
    }
    expect(seen).toHaveLength(65)
    expect([...seen].sort((x, y) => x - y)).toEqual(seen)
    expect(new Set(seen).size).toBe(65)
  })

  it('counts the total matching the filters, not the page', () => {
    const { history } = fresh()
    add(history, 'a', 10, 'ping')
    add(history, 'a', 5, 'alert')
    add(history, 'b', 7, 'alert')
    const total = (q: HistoryQueryDto) => history.query({ ...q, limit: 2 }).total
    expect(total({})).toBe(22)
    expect(total({ feedId: 'a' })).toBe(15)
    expect(total({ type: 'alert' })).toBe(12)
    expect(total({ feedId: 'a', type: 'alert' })).toBe(5)
    expect(total({ feedId: 'nobody' })).toBe(0)
    expect(total({ before: 3 })).toBe(22) // the cursor does not change the total
    history.markRead({ scope: 'feed', feedId: 'b' })
    expect(total({ unreadOnly: true })).toBe(15)
    expect(total({ unreadOnly: true, type: 'alert' })).toBe(5)
    expect(history.query({ feedId: 'a', type: 'alert' }).events.every((e) => e.type === 'alert' && e.feedId === 'a')).toBe(
      true,
    )
  })

  it('bounds the limit: default 100, at most 1000, at least 1', () => {
    const { history } = fresh()
    for (let i = 0; i < 3; i++) add(history, 'a', 500)
    expect(history.query({}).events).toHaveLength(100)
    expect(history.query({ limit: 5000 }).events).toHaveLength(MAX_LIMIT)
    expect(history.query({ limit: 0 }).events).toHaveLength(1)
    expect(history.query({ limit: -3 }).events).toHaveLength(1)
    expect(history.query({ limit: Number.NaN }).events).toHaveLength(100)
    expect(history.query({ limit: 1000 }).next).not.toBeNull()
    expect(history.query({ limit: 1000, before: 501 }).next).toBeNull()
  })

  it('answers every page shape from an index, without sorting', () => {
    const { file } = fresh()
    const shapes: HistoryQueryDto[] = [
      {},
      { before: 10 },
      { feedId: 'a' },
      { feedId: 'a', before: 10 },
      { feedId: 'a', type: 't' },
      { type: 't', before: 10 },
      { feedId: 'a', unreadOnly: true },
      { unreadOnly: true, before: 10 },
      { feedId: 'a', type: 't', unreadOnly: true, before: 10 },
      { feedId: 'a', order: 'oldest', after: 3 },
      { search: 'disk full' },
      { search: 'disk', feedId: 'a', type: 't', before: 10 },
    ]
    withRaw(file, (db) => {
      for (const shape of shapes) {
        const req = normalizeQuery(shape)
        // A type across every feed is read feed by feed (type-across-feeds.ts), counted with IN.
        const page = isTypeAcrossFeeds(req) ? { sql: perFeedSql(req), params: [1, 't', 0, 10, 101] } : pageSql(req, true)
        for (const sql of [page, countSql(req, true)]) {
          if (sql === null) continue
          const plan = db
            .prepare(`EXPLAIN QUERY PLAN ${sql.sql}`)
            .all(...sql.params)
            .map((row) => String(row.detail))
            .join(' | ')
          expect(plan, JSON.stringify(shape)).not.toMatch(/TEMP B-TREE/)
          if (shape.feedId !== undefined) expect(plan, JSON.stringify(shape)).toMatch(/INDEX events_|VIRTUAL TABLE/)
          if (shape.unreadOnly === true && shape.feedId === undefined && shape.type === undefined && sql === page) {
            // Every feed: rows up to the lowest read mark are not visited (after "mark all read", only newer ones).
            expect(plan, JSON.stringify(shape)).toMatch(/^SEARCH e USING INTEGER PRIMARY KEY \(rowid>\?/)
          }
          if (shape.unreadOnly === true && shape.feedId !== undefined && sql === page) {
            // Read rows below the feed's read mark are never visited: the range starts above it.
            expect(plan, JSON.stringify(shape)).toMatch(/INDEX events_feed(_type)?_seq \(feed=\? (AND type=\? )?AND seq>\?/)
          }
          if (shape.type !== undefined && shape.search === undefined) {
            // A type is a range of (feed, type, seq) — never a walk through every event.
            expect(plan, JSON.stringify(shape)).toMatch(/INDEX events_feed_type_seq/)
            expect(plan, JSON.stringify(shape)).not.toMatch(/SCAN e(vents)?( |$)/)
          }
        }
      }
    })
  })
})

describe('a type across every feed', () => {
  it('pages newest and oldest first exactly as one filtered list, with stable cursors and unread only', () => {
    const { history } = fresh()
    const feeds = ['a', 'b', 'c', 'd', 'e']
    // Interleaved batches of mixed types; one feed never has the type, one has it only once.
    for (let round = 0; round < 12; round++) {
      for (const [i, feed] of feeds.entries()) {
        const type = feed === 'e' ? 'other' : (round + i) % 3 === 0 ? 'alert' : 'message'
        add(history, feed, 1 + ((round * 7 + i) % 5), feed === 'd' && round !== 4 ? 'message' : type)
      }
    }
    history.markRead({ scope: 'feed', feedId: 'b' })
    const all = history.query({ limit: 1000 }).events
    const walk = (q: HistoryQueryDto, limit: number) => {
      const seen: number[] = []
      let cursor: number | null = null
      for (let page = 0; page < 100; page++) {
        const result = history.query({ ...q, limit, ...(q.order === 'oldest' ? { after: cursor } : { before: cursor }) })
        expect(result.events.length).toBeLessThanOrEqual(limit)
        seen.push(...result.events.map((e) => e.seq))
        if (result.next === null) break
        cursor = result.next
      }
      return seen
    }
    const alerts = all.filter((e) => e.type === 'alert')
    expect(alerts.length).toBeGreaterThan(20)
    expect(walk({ type: 'alert' }, 7)).toEqual(alerts.map((e) => e.seq))
    expect(walk({ type: 'alert', order: 'oldest' }, 5)).toEqual(alerts.map((e) => e.seq).reverse())
    expect(walk({ type: 'alert', unreadOnly: true }, 4)).toEqual(alerts.filter((e) => e.feedId !== 'b').map((e) => e.seq))
    expect(walk({ type: 'other' }, 3)).toEqual(all.filter((e) => e.type === 'other').map((e) => e.seq))
    expect(history.query({ type: 'alert', limit: 3 }).total).toBe(alerts.length)
    expect(history.query({ type: 'alert', unreadOnly: true }).total).toBe(alerts.filter((e) => e.feedId !== 'b').length)
    expect(history.query({ type: 'none' })).toEqual({ events: [], next: null, total: 0 })
    expect(history.types(null)).toEqual(['alert', 'message', 'other'])
    expect(history.types('e')).toEqual(['other'])
  })
})

describe('at scale', () => {
  // Speed is measured by `npm run bench`, not asserted here; this checks 100,000 rows stay correct.
  it('keeps totals, pages and unread counts right over 100,000 events', () => {
    const { history } = fresh()
    const data = (i: number) => `{"title":"build ${i} finished","message":"disk usage ${i % 100}% on host-${i % 13}"}`
    let id = 0
    const batch = (feed: string, n: number) =>
      Array.from({ length: n }, () => {
        id++
        return { feedId: feed, id: String(id), newId: true, type: id % 7 === 0 ? 'alert' : 'message', data: data(id), receivedAt: id }
      })
    for (let i = 0; i < 100; i++) {
      const feed = ['a', 'b', 'c', 'd'][i % 4]!
      history.append(feed, batch(feed, 1000), { lastEventId: String(id), since: '' })
    }
    expect(history.query({}).total).toBe(100_000)
    expect(history.query({ feedId: 'b' }).total).toBe(25_000)
    const alerts = history.query({ feedId: 'b', type: 'alert', limit: 1000 })
    expect(alerts.events.every((e) => e.feedId === 'b' && e.type === 'alert')).toBe(true)
    expect(alerts.total).toBe(history.query({ feedId: 'b', type: 'alert', order: 'oldest', limit: 1000 }).total)
    expect(history.unread()).toEqual({ total: 100_000, byFeed: { a: 25_000, b: 25_000, c: 25_000, d: 25_000 } })
    expect(history.query({ limit: 5 }).events.map((e) => e.id)).toEqual(['100000', '99999', '99998', '99997', '99996'])
  })
})
