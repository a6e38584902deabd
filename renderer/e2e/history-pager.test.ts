/**
 * The history list's pager against a real core history (SQLite in a temp dir): rows by index in
 * the core's own newest-first order, far jumps through the 1,000-row page cap, eviction, live rows
 * on top (including the fold of live rows into pages), and the race with the first page.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { FeedEvent } from '../../main/core/types.ts'
import { waitFor } from '../../main/test-support/wait.ts'
import type { HistoryQueryDto, StoredEventDto } from '../../preload/contract.ts'
import { openEnvironment, type Environment } from '../../main/cli/environment.ts'
import { createHistoryPager, type HistoryPager } from '../src/history/history-pager.ts'

let dir: string
let env: Environment
let queries: HistoryQueryDto[]

const feedEvents = (feedId: string, from: number, count: number, type = 'message'): FeedEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    feedId,
    id: `${feedId}-${from + i}`,
    newId: true,
    type,
    data: `event ${from + i} of ${feedId}`,
    receivedAt: Date.UTC(2025, 0, 1) + from + i,
  }))

function append(feedId: string, from: number, count: number, type = 'message'): StoredEventDto[] {
  const batch = feedEvents(feedId, from, count, type)
  return env.history.append(feedId, batch, { lastEventId: batch.at(-1)!.id, since: '' })
}

function pager(feedId: string | null, options: { pageSize?: number; maxPages?: number } = {}, type: string | null = null): HistoryPager {
  return createHistoryPager({
    query: (q) => {
      queries.push(q)
      return env.service.handlers['history:query'](q)
    },
    filter: { feedId, search: '', type, unreadOnly: false },
    onChange: () => undefined,
    ...options,
  })
}

async function row(p: HistoryPager, index: number): Promise<StoredEventDto> {
  p.want(index, index + 1)
  await waitFor(() => p.get(index) !== undefined, `row ${index}`)
  return p.get(index)!
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tidings-pager-'))
  env = await openEnvironment({ dataDir: dir })
  queries = []
})

afterEach(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('history pager', () => {
  test('rows follow the core order; far jumps get there through capped pages; far pages are evicted', async () => {
    const stored = append('a', 0, 5000)
    const newestFirst = [...stored].reverse()
    const p = pager('a', { pageSize: 50, maxPages: 8 })
    await waitFor(() => p.ready(), 'first page')
    expect(p.total()).toBe(5000)
    for (const index of [0, 49, 50, 120]) expect((await row(p, index)).seq).toBe(newestFirst[index]!.seq)

    const far = await row(p, 4321)
    expect(far.seq).toBe(newestFirst[4321]!.seq)
    // Every request respected the core's cap, and walked there by cursor.
    expect(queries.every((q) => (q.limit ?? 0) <= 1000)).toBe(true)
    expect(queries.length).toBeGreaterThan(4)
    // Near rows were evicted; asking again refetches the same rows.
    expect(p.get(0)).toBeUndefined()
    expect((await row(p, 0)).seq).toBe(newestFirst[0]!.seq)
    expect((await row(p, 4999)).seq).toBe(newestFirst[4999]!.seq)
    p.dispose()
  })

  test('live events go on top and keep every row index consistent, also after folding into pages', async () => {
    append('a', 0, 300)
    const p = pager('a', { pageSize: 20, maxPages: 100 })
    await waitFor(() => p.ready(), 'first page')
    const before = await row(p, 10)

    let added = 0
    for (let i = 0; i < 7; i++) {
      const live = append('a', 1000 + i * 17, 17)
      added += p.prepend([...live, ...append('b', 5000 + i, 1)])
    }
    expect(added).toBe(7 * 17)
    expect(p.prependedCount()).toBe(119)
    expect(p.total()).toBe(300 + 119)
    // The row the user looked at moved down by exactly the rows added above it.
    expect((await row(p, 10 + 119)).seq).toBe(before.seq)
    expect(p.indexOfSeq(before.seq)).toBe(129)

    const all = env.service.handlers['history:query']
    const expected: StoredEventDto[] = []
    for (let before: number | null = null; ; ) {
      const page = await all({ feedId: 'a', before, limit: 1000 })
      expected.push(...page.events)
      if (page.next === null) break
      before = page.next
    }
    for (let index = 0; index < p.total(); index += 7) expect((await row(p, index)).seq, `row ${index}`).toBe(expected[index]!.seq)
    // A live event seen twice (a late push) is not shown twice.
    expect(p.prepend([expected[0]!])).toBe(0)
    p.dispose()
  })

  test('live events of other feeds and types stay out; events racing the first page appear once', async () => {
    const first = append('a', 0, 10, 'build')
    const p = pager('a', { pageSize: 20 }, 'build')
    // Pushed before the first answer: one already in the snapshot, two stored after it.
    const racing = append('a', 10, 2, 'build')
    p.prepend([first.at(-1)!, ...racing])
    await waitFor(() => p.ready(), 'first page')
    expect(p.total()).toBe(12)
    expect(p.prepend(append('a', 20, 3, 'deploy'))).toBe(0)
    expect(p.prepend(append('b', 20, 3, 'build'))).toBe(0)
    expect(p.prepend(append('a', 30, 1, 'build'))).toBe(1)
    expect(p.total()).toBe(13)
    const seqs = await Promise.all(Array.from({ length: 13 }, (_, i) => row(p, i).then((e) => e.seq)))
    expect(new Set(seqs).size).toBe(13)
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x))
    p.markRead({ feedId: 'a' })
    expect(p.get(0)?.read).toBe(true)
    p.dispose()
  })
})
