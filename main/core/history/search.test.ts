import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryQueryDto } from '../../../preload/dto.ts'
import type { History } from './history.ts'
import { ftsExpression, likePatterns, searchWords } from './search-terms.ts'
import { createScratch, event, events, manualClock, withRaw } from './test-support.ts'
import { waitFor } from '../../test-support/wait.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

const SAMPLE: [feed: string, type: string, data: string][] = [
  ['ops', 'alert', 'Disk full on host alpha'],
  ['ops', 'alert', 'disk quota warning on host beta'],
  ['ops', 'recovery', 'Host alpha back to normal'],
  ['ci', 'build', 'Deploy finished: build 42 of web'],
  ['ci', 'build', '{"title":"Backup failed","message":"disk quota exceeded","tags":["warning"]}'],
  ['ci', 'message', 'build 43 started near midnight'],
  ['chat', 'message', 'lunch? (near the "old" place) 100% sure'],
  ['chat', 'message', 'see C:\\logs\\disk_full.txt for the 50% case'],
]

/** Opens a history with FTS and one forced onto the LIKE fallback, both holding SAMPLE. */
function twoHistories(): { fts: History; like: History } {
  const dir = scratch.dir()
  const fts = scratch.open({ path: path.join(dir, 'fts.db') })
  const like = scratch.open({ path: path.join(dir, 'like.db'), forceNoFts: true })
  for (const history of [fts, like]) {
    SAMPLE.forEach(([feed, type, data], i) => {
      history.append(feed, [event(feed, String(i), { type, data })], { lastEventId: String(i), since: '' })
    })
  }
  return { fts, like }
}

const ids = (history: History, q: HistoryQueryDto) => history.query(q).events.map((e) => e.id)

describe('search', () => {
  it('detects FTS5, and the fallback reports itself', () => {
    const { fts, like } = twoHistories()
    expect(fts.fts).toBe(true)
    expect(like.fts).toBe(false)
  })

  it('finds the same events with FTS5 and with the LIKE fallback, with filters and paging', () => {
    const { fts, like } = twoHistories()
    const queries: HistoryQueryDto[] = [
      { search: 'disk' },
      { search: 'DISK quota' },
      { search: 'host alpha' },
      { search: 'build 4' },
      { search: 'backup' },
      { search: 'alert' }, // matches the type column
      { search: 'disk', feedId: 'ops' },
      { search: 'disk', type: 'alert' },
      { search: 'quota', feedId: 'ci', type: 'build' },
      { search: 'disk', unreadOnly: true },
      { search: 'build', order: 'oldest' },
      { search: 'nothing-like-this' },
    ]
    for (const q of queries) {
      expect(like.query(q), JSON.stringify(q)).toEqual(fts.query(q))
    }
    expect(ids(fts, { search: 'disk' })).toEqual(['7', '4', '1', '0'])
    expect(ids(fts, { search: 'host alpha' })).toEqual(['2', '0'])
    expect(fts.query({ search: 'disk', feedId: 'ops' }).total).toBe(2)

    // Paging through search results, both ways, two at a time.
    for (const history of [fts, like]) {
      const seen: string[] = []
      let before: number | null = null
      for (let page = 0; page < 10; page++) {
        const result = history.query({ search: 'disk', limit: 2, before })
        expect(result.total).toBe(4)
        seen.push(...result.events.map((e) => e.id))
        if (result.next === null) break
        before = result.next
      }
      expect(seen).toEqual(['7', '4', '1', '0'])
      const first = history.query({ search: 'build', order: 'oldest', limit: 2 })
      expect(first.events.map((e) => e.id)).toEqual(['3', '4'])
      const second = history.query({ search: 'build', order: 'oldest', limit: 2, after: first.next })
      expect(second.events.map((e) => e.id)).toEqual(['5'])
      expect(second.next).toBeNull()
    }
  })

  it('matches word prefixes with FTS5; the fallback matches substrings (documented difference)', () => {
    const { fts, like } = twoHistories()
    expect(ids(fts, { search: 'ull' })).toEqual([])
    expect(ids(like, { search: 'ull' })).toEqual(['7', '0'])
  })

  it('never throws on FTS5 syntax in user input, and reads it as plain words', () => {
    const { fts, like } = twoHistories()
    const hostile = [
      '"',
      '""',
      '"disk',
      'disk"',
      'disk" OR "lunch',
      '(',
      ')',
      '(disk',
      '*',
      'disk*',
      '*disk',
      'NEAR',
      'NEAR(disk full)',
      'NEAR(disk full, 2)',
      'disk NEAR/2 full',
      'AND',
      'OR',
      'NOT',
      'disk NOT full',
      'disk AND',
      'OR disk',
      '-disk',
      '+disk',
      '^disk',
      'data:disk',
      'type : alert',
      '{type data}:disk',
      "'; DROP TABLE events; --",
      '\\',
      '%',
      '_',
      '100%',
      '50%',
      'disk_full',
      '\u0000',
      '🔥🔥',
      'x'.repeat(10_000),
      Array.from({ length: 500 }, (_, i) => `w${i}`).join(' '),
    ]
    for (const history of [fts, like]) {
      for (const search of hostile) {
        expect(() => history.query({ search }), JSON.stringify(search)).not.toThrow()
        expect(() => history.query({ search, feedId: 'ops', type: 'alert', before: 5 })).not.toThrow()
      }
    }
    // Operators are just words: "disk OR lunch" requires a word starting with "or" as well.
    expect(ids(fts, { search: 'disk" OR "lunch' })).toEqual([])
    expect(ids(fts, { search: 'NEAR(disk full)' })).toEqual([])
    expect(ids(fts, { search: '"disk' })).toEqual(ids(fts, { search: 'disk' }))
    expect(ids(fts, { search: 'data:disk' })).toEqual([])
    expect(ids(fts, { search: 'near' })).toEqual(['6', '5'])
    expect(ids(like, { search: 'NEAR' })).toEqual(['6', '5'])
    // Word prefixes, so these reached FTS5 (the LIKE scan would also find "full" for "ull").
    for (const search of ['"ull', 'ull)', '(ull', 'ull*', '^ull:', '"ull" "']) {
      expect(ids(fts, { search }), search).toEqual([])
      expect(ids(like, { search }), search).toEqual(['7', '0'])
    }
    // No words at all: the text itself, literally — never every event, never `%` as a wildcard.
    for (const history of [fts, like]) {
      expect(ids(history, { search: '"' })).toEqual(['6', '4'])
      expect(ids(history, { search: '%' })).toEqual(['7', '6'])
      expect(ids(history, { search: '\\' })).toEqual(['7'])
      expect(history.query({ search: '% _' }).total).toBe(0)
      expect(history.query({ search: '"', feedId: 'chat' }).total).toBe(1)
      expect(history.query({ search: '   ' }).total).toBe(SAMPLE.length) // blank: no filter
    }
    expect(ids(like, { search: '100%' })).toEqual(['6'])
    expect(ids(like, { search: 'disk_full' })).toEqual(ids(fts, { search: 'disk_full' }))
  })

  it('answers a search from FTS5 or fails loudly: a broken index never falls back to the scan', () => {
    const dir = scratch.dir()
    const file = path.join(dir, 'broken.db')
    const history = scratch.open({ path: file })
    history.append('ops', [event('ops', '1', { data: 'Disk full' })], { lastEventId: '1', since: '' })
    expect(ids(history, { search: 'disk' })).toEqual(['1'])
    withRaw(file, (db) => db.exec('DROP TABLE events_fts'))
    // A silent LIKE rescan would answer ['1'] here and hide the fault.
    expect(() => history.query({ search: 'disk' })).toThrow(/events_fts/)
    // Queries without words never needed the index.
    expect(ids(history, {})).toEqual(['1'])
  })

  it('every delete path removes exactly the rows the index holds: indexed ones, never unindexed ones', () => {
    const DAY = 86_400_000
    const clock = manualClock()
    const file = path.join(scratch.dir(), 'paths.db')
    const history = scratch.open({ path: file, clock })
    /** FTS5's own check of the index against `events` (it throws on any difference). */
    const intact = () => {
      history.flushSearchIndex()
      withRaw(file, (db) => db.exec("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)"))
    }
    const word = { data: 'needle in the haystack' }
    const put = (feed: string, from: number, count: number, extra: Partial<Parameters<typeof event>[2]> = {}) =>
      history.append(feed, events(feed, from, count, { ...word, ...extra }), { lastEventId: String(from + count - 1), since: '' })

    // Count retention: a feed's 20 oldest are indexed, the next 10 not yet; the limit then cuts across both.
    put('count', 1, 20)
    history.flushSearchIndex()
    put('count', 21, 10)
    history.setRetention('count', { maxEvents: 5, maxAgeDays: null })
    intact()
    expect(ids(history, { feedId: 'count', search: 'needle' })).toEqual(['30', '29', '28', '27', '26'])

    // Age retention: old rows indexed and not, deleted through DELETE … RETURNING.
    put('age', 1, 6, { receivedAt: clock.now() - 10 * DAY })
    history.flushSearchIndex()
    put('age', 7, 6, { receivedAt: clock.now() - 10 * DAY })
    put('age', 13, 2, { receivedAt: clock.now() })
    history.setRetention('age', { maxEvents: null, maxAgeDays: 7 })
    intact()
    expect(ids(history, { feedId: 'age', search: 'needle' })).toEqual(['14', '13'])

    // Age retention's sweep of a feed whose clock was set back: old rows behind newer ones, indexed
    // and not, deleted through DELETE … RETURNING.
    put('swept', 1, 2, { receivedAt: clock.now() })
    put('swept', 3, 4, { receivedAt: clock.now() - 10 * DAY })
    history.flushSearchIndex()
    put('swept', 7, 4, { receivedAt: clock.now() - 10 * DAY })
    put('swept', 11, 1, { receivedAt: clock.now() })
    history.setRetention('swept', { maxEvents: null, maxAgeDays: 7 })
    intact()
    expect(ids(history, { feedId: 'swept', search: 'needle' })).toEqual(['11', '2', '1'])

    // Clearing and deleting feeds, each holding indexed and unindexed rows.
    for (const feed of ['cleared', 'deleted']) {
      put(feed, 1, 4)
      history.flushSearchIndex()
      put(feed, 5, 4)
    }
    history.clearFeed('cleared')
    history.deleteFeed('deleted')
    intact()
    expect(history.query({ search: 'needle' }).total).toBe(10)
  })

  it("drops an earlier build's delete trigger, which would remove rows from the index twice", () => {
    const file = path.join(scratch.dir(), 'old.db')
    const first = scratch.open({ path: file })
    first.append('a', events('a', 1, 3, { data: 'needle' }), { lastEventId: '3', since: '' })
    first.flushSearchIndex()
    first.close()
    withRaw(file, (db) =>
      db.exec(`CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, type, data) VALUES ('delete', old.seq, old.type, old.data); END`),
    )
    const second = scratch.open({ path: file })
    expect(withRaw(file, (db) => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_fts_delete'").all())).toEqual([])
    second.clearFeed('a')
    withRaw(file, (db) => db.exec("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)"))
    expect(second.query({ search: 'needle' }).total).toBe(0)
  })

  it('keeps the index in step with deletions and rebuilds it after a run without FTS5', () => {
    const dir = scratch.dir()
    const file = path.join(dir, 'h.db')
    const first = scratch.open({ path: file })
    first.append('a', [event('a', '1', { data: 'apple pie' }), event('a', '2', { data: 'apple tart' })], {
      lastEventId: '2',
      since: '',
    })
    first.clearFeed('a')
    first.append('a', [event('a', '3', { data: 'apple crumble' })], { lastEventId: '3', since: '' })
    expect(ids(first, { search: 'apple' })).toEqual(['3'])
    first.close()

    // A run without FTS5 writes and deletes behind the index's back…
    const second = scratch.open({ path: file, forceNoFts: true })
    second.append('a', [event('a', '4', { data: 'apple strudel' })], { lastEventId: '4', since: '' })
    second.markRead({ scope: 'all' })
    second.clearFeed('a')
    second.append('a', [event('a', '5', { data: 'pear and apple' })], { lastEventId: '5', since: '' })
    expect(ids(second, { search: 'apple' })).toEqual(['5'])
    second.close()

    // …so the next run with FTS5 rebuilds it.
    const third = scratch.open({ path: file })
    expect(third.fts).toBe(true)
    expect(ids(third, { search: 'apple' })).toEqual(['5'])
    expect(ids(third, { search: 'strudel' })).toEqual([])
    expect(ids(third, { search: 'pear' })).toEqual(['5'])
  })
})

describe('search terms', () => {
  it('splits input into lower-case words and quotes each as a prefix string', () => {
    expect(searchWords('  Disk  FULL disk ')).toEqual(['disk', 'full'])
    expect(searchWords('"a" (b) c* NEAR/3 d:e')).toEqual(['a', 'b', 'c', 'near', '3', 'd', 'e'])
    expect(searchWords('Über-Größe 東京')).toEqual(['über', 'größe', '東京'])
    expect(searchWords('')).toEqual([])
    expect(searchWords(undefined)).toEqual([])
    expect(searchWords('*** ()')).toEqual([])
    expect(ftsExpression(['disk', 'full'])).toBe('"disk"* AND "full"*')
    expect(likePatterns(['50', 'a'])).toEqual(['%50%', '%a%'])
  })
})

describe('search index upkeep', () => {
  const indexed = (file: string) =>
    withRaw(file, (db) => Number((db.prepare("SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'quota'").get() as { n: number }).n))

  it('indexes new events shortly after they are stored, without a search asking', async () => {
    const file = path.join(scratch.dir(), 'upkeep.db')
    const history = scratch.open({ path: file })
    history.append('ops', [event('ops', '1', { data: 'quota one' }), event('ops', '2', { data: 'quota two' })], { lastEventId: '2', since: '' })
    expect(indexed(file)).toBe(0) // not on the acknowledgement path
    await waitFor(() => indexed(file) === 2, 'the background index step')
  })

  it('never corrupts the index when rows are deleted before they were indexed', () => {
    const file = path.join(scratch.dir(), 'early-delete.db')
    const history = scratch.open({ path: file })
    history.append('ops', [event('ops', '1', { data: 'quota one' })], { lastEventId: '1', since: '' })
    history.flushSearchIndex()
    history.append('ops', [event('ops', '2', { data: 'quota two' })], { lastEventId: '2', since: '' })
    history.clearFeed('ops') // row 2 was never indexed
    history.append('ops', [event('ops', '3', { data: 'quota three' })], { lastEventId: '3', since: '' })
    expect(ids(history, { search: 'quota' })).toEqual(['3'])
    withRaw(file, (db) => expect(() => db.exec("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")).not.toThrow())
  })
})
