import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedEvent } from '../types.ts'
import { INSERT_CHUNK } from './insert-events.ts'
import { countedStats, createScratch, seeded, storedStats } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

const SEED = Number(process.env.TIDINGS_INSERT_SEED ?? Date.now() % 1_000_000)

describe('multi-row inserts', () => {
  it(`give every stored event its own seq and skip exactly the replays (seed ${SEED})`, () => {
    const random = seeded(SEED)
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file })
    // The model: which new ids each feed holds.
    const held = new Map<string, Set<string>>()
    let data = 0
    for (let round = 0; round < 40; round++) {
      const feedId = random() < 0.5 ? 'a' : 'b'
      const size = 1 + Math.floor(random() * INSERT_CHUNK * 3)
      const batch: FeedEvent[] = Array.from({ length: size }, () => {
        // A small pool of ids so replays, in-batch repeats and inherited ids all happen.
        const id = random() < 0.1 ? '' : `id-${Math.floor(random() * 60)}`
        return { feedId, id, newId: random() < 0.7, type: random() < 0.5 ? 'message' : 'alert', data: `payload ${data++}`, receivedAt: 1_000 + data }
      })
      const feedHeld = held.get(feedId) ?? new Set<string>()
      held.set(feedId, feedHeld)
      const expected = batch.map((event) => {
        if (!event.newId || event.id === '') return true
        if (feedHeld.has(event.id)) return false
        feedHeld.add(event.id)
        return true
      })
      const stored = history.append(feedId, batch, { lastEventId: batch.at(-1)!.id, since: '' })
      const storedData = new Set(stored.map((e) => e.data))
      expect(batch.map((e) => storedData.has(e.data)), `round ${round}, seed ${SEED}`).toEqual(expected)
      for (const event of stored) {
        // The seq points at that very event.
        expect(history.get(event.seq), `seed ${SEED}`).toEqual({ ...event, read: false })
      }
      const seqs = stored.map((e) => e.seq)
      expect(seqs, `seed ${SEED}`).toEqual([...seqs].sort((x, y) => x - y))
    }
    expect(storedStats(file)).toEqual(countedStats(file))
  })

  it('skips replays at chunk edges, across chunks and against stored rows', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file })
    const event = (id: string, newId = true): FeedEvent => ({ feedId: 'a', id, newId, type: 'm', data: `d${id}`, receivedAt: 1 })
    history.append('a', [event('held')], { lastEventId: 'held', since: '' })
    const batch = Array.from({ length: INSERT_CHUNK * 2 + 5 }, (_, i) => event(String(i)))
    batch[INSERT_CHUNK - 1] = event('held') // last of the first chunk: stored before
    batch[INSERT_CHUNK] = event('3') // first of the second chunk: a repeat from the first chunk
    batch[INSERT_CHUNK + 1] = { ...event('3', false), data: 'inherited' } // inherited id: stored
    batch[INSERT_CHUNK * 2 + 4] = event(String(INSERT_CHUNK + 2)) // a repeat within the last chunk
    const stored = history.append('a', batch, { lastEventId: 'x', since: '' })
    expect(stored).toHaveLength(batch.length - 3)
    expect(stored.some((e) => e.data === 'inherited')).toBe(true)
    for (const e of stored) expect(history.get(e.seq)?.data).toBe(e.data)
  })
})
