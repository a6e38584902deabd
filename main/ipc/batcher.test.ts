import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../test-support/wait.ts'
import { createBatcher, lastPerKey } from './batcher.ts'
import type { Batcher, BatchTimers } from './batcher.ts'

/** A manual clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 1_000
  let pending: { at: number; fn: () => void; id: number }[] = []
  let nextId = 0
  const timers: BatchTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++
      pending.push({ at: now + ms, fn, id })
      return id
    },
    clearTimeout: (id) => {
      pending = pending.filter((t) => t.id !== id)
    },
  }
  /** Advances time to `until`, firing due timers in order (bounded). */
  const advance = (ms: number) => {
    const until = now + ms
    for (let guard = 0; guard < 10_000; guard++) {
      pending.sort((a, b) => a.at - b.at)
      const next = pending[0]
      if (!next || next.at > until) break
      pending.shift()
      now = next.at
      next.fn()
    }
    now = until
  }
  return { timers, advance, scheduled: () => pending.length }
}

describe('createBatcher', () => {
  let batcher: Batcher<number> | null = null
  afterEach(() => batcher?.close())

  it('sends a lone item on the next tick, not after a full interval', () => {
    const clock = manualTimers()
    const sent: { at: number; batch: number[] }[] = []
    batcher = createBatcher<number>({ intervalMs: 100, maxBatch: 50, timers: clock.timers, send: (batch) => sent.push({ at: clock.timers.now(), batch }) })
    batcher.add([1])
    expect(sent).toEqual([])
    clock.advance(0)
    expect(sent).toEqual([{ at: 1_000, batch: [1] }])
  })

  it('turns 1,000 events in one second into at most one batch per interval, none over maxBatch, in order', () => {
    const clock = manualTimers()
    const sent: { at: number; batch: number[] }[] = []
    batcher = createBatcher<number>({ intervalMs: 100, maxBatch: 50, timers: clock.timers, send: (batch) => sent.push({ at: clock.timers.now(), batch }) })
    for (let i = 0; i < 1_000; i++) {
      batcher.add([i])
      clock.advance(1)
    }
    clock.advance(1_000)
    expect(sent.length).toBeLessThanOrEqual(21)
    expect(sent.length).toBeGreaterThanOrEqual(11)
    for (const { batch } of sent) expect(batch.length).toBeLessThanOrEqual(50)
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(100)
    expect(sent.flatMap((s) => s.batch)).toEqual(Array.from({ length: 1_000 }, (_, i) => i))
    expect(batcher.pending()).toBe(0)
    expect(clock.scheduled()).toBe(0)
  })

  it('splits a backlog larger than maxBatch over successive intervals', () => {
    const clock = manualTimers()
    const sizes: number[] = []
    batcher = createBatcher<number>({ intervalMs: 100, maxBatch: 40, timers: clock.timers, send: (batch) => sizes.push(batch.length) })
    batcher.add(Array.from({ length: 100 }, (_, i) => i))
    clock.advance(0)
    expect(sizes).toEqual([40])
    clock.advance(99)
    expect(sizes).toEqual([40])
    clock.advance(1)
    expect(sizes).toEqual([40, 40])
    clock.advance(100)
    expect(sizes).toEqual([40, 40, 20])
  })

  it('drops what waits when closed and sends nothing after', () => {
    const clock = manualTimers()
    const sent: number[][] = []
    batcher = createBatcher<number>({ intervalMs: 100, maxBatch: 10, timers: clock.timers, send: (batch) => sent.push(batch) })
    batcher.add([1, 2, 3])
    batcher.close()
    batcher.add([4])
    clock.advance(500)
    expect(sent).toEqual([])
    expect(clock.scheduled()).toBe(0)
  })

  it('works on real timers', async () => {
    const sent: number[][] = []
    batcher = createBatcher<number>({ intervalMs: 20, maxBatch: 3, send: (batch) => sent.push(batch) })
    batcher.add([1, 2, 3, 4, 5])
    await waitFor(() => sent.flat().length >= 5, 'all five items sent', 2_000)
    expect(sent).toEqual([[1, 2, 3], [4, 5]])
  })
})

describe('lastPerKey', () => {
  it('keeps the newest item per key, ordered by when that newest one came', () => {
    const items = [
      { feed: 'a', n: 1 },
      { feed: 'b', n: 2 },
      { feed: 'a', n: 3 },
      { feed: 'c', n: 4 },
      { feed: 'b', n: 5 },
    ]
    expect(lastPerKey(items, (i) => i.feed)).toEqual([{ feed: 'a', n: 3 }, { feed: 'c', n: 4 }, { feed: 'b', n: 5 }])
    expect(lastPerKey([], (i: { feed: string }) => i.feed)).toEqual([])
  })
})
