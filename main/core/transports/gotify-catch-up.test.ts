import { describe, expect, it } from 'vitest'
import { createLiveGate, cursorToId, mergeCatchUp, nextPage } from './gotify-catch-up.ts'
import type { GotifyMessage } from './gotify-message.ts'

const m = (id: number): GotifyMessage => ({ id, appid: 1, title: '', message: `m${id}`, priority: 5, date: '', extras: null, raw: `{"id":${id}}` })
const ids = (list: GotifyMessage[]) => list.map((x) => x.id)

describe('gotify catch-up paging (newest first, since = ids below)', () => {
  it('continues below the page until it reaches the cursor', () => {
    expect(nextPage({ messages: [m(30), m(29), m(28)], nextSince: 28 }, 10)).toEqual({ kind: 'next', since: 28 })
    expect(nextPage({ messages: [m(12), m(11), m(10)], nextSince: 10 }, 10)).toEqual({ kind: 'done', reachedCursor: true })
    expect(nextPage({ messages: [m(12), m(9)], nextSince: 0 }, 10)).toEqual({ kind: 'done', reachedCursor: true })
  })

  it('says when history ran out before the cursor (messages were deleted, or the cursor is from another server)', () => {
    expect(nextPage({ messages: [m(30), m(29)], nextSince: 0 }, 10)).toEqual({ kind: 'done', reachedCursor: false })
    expect(nextPage({ messages: [], nextSince: 0 }, 10)).toEqual({ kind: 'done', reachedCursor: false })
    expect(nextPage({ messages: [], nextSince: 0 }, 0)).toEqual({ kind: 'done', reachedCursor: true })
  })
})

describe('gotify catch-up merge', () => {
  it.each([
    ['nothing missed', 10, [[10, 9]], [], [], 10],
    ['missed messages, oldest first', 10, [[13, 12, 11, 10]], [], [11, 12, 13], 13],
    ['across pages', 10, [[16, 15], [14, 13], [12, 11, 10]], [], [11, 12, 13, 14, 15, 16], 16],
    ['a message both in a page and live', 10, [[12, 11]], [12, 13], [11, 12, 13], 13],
    ['live only', 10, [[10]], [11, 12], [11, 12], 12],
    ['a page repeated (a retry)', 10, [[12, 11], [12, 11]], [], [11, 12], 12],
    ['live messages out of order', 10, [[11]], [13, 12], [11, 12, 13], 13],
    ['the first connection (cursor 0) keeps all it is given', 0, [[2, 1]], [3], [1, 2, 3], 3],
  ])('%s', (_name, cursor, pages, live, expected, cursorAfter) => {
    const fetched = (pages).flat().map(m)
    const result = mergeCatchUp(cursor, fetched, (live).map(m))
    expect(ids(result.messages)).toEqual(expected)
    expect(result.cursorId).toBe(cursorAfter)
  })

  it('never loses or doubles a message across random gaps', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let run = 0; run < 200; run++) {
      const total = 1 + Math.floor(random() * 60)
      const cursor = Math.floor(random() * total)
      // The stream opened at `openAt`; the page snapshot was taken at `snapAt` ≥ openAt.
      const openAt = cursor + Math.floor(random() * (total - cursor + 1))
      const snapAt = openAt + Math.floor(random() * (total - openAt + 1))
      const fetched: GotifyMessage[] = []
      for (let id = snapAt; id >= 1; id--) fetched.push(m(id))
      const live: GotifyMessage[] = []
      for (let id = openAt + 1; id <= total; id++) live.push(m(id))
      const merged = mergeCatchUp(cursor, fetched, live)
      const gate = createLiveGate(merged.cursorId)
      const after = live.filter((x) => gate.admit(x))
      const stored = [...ids(merged.messages), ...ids(after)]
      expect(stored).toEqual(Array.from({ length: total - cursor }, (_, i) => cursor + 1 + i))
    }
  })
})

describe('the live gate after catch-up', () => {
  it('admits each newer id once and moves the cursor', () => {
    const gate = createLiveGate(12)
    expect([m(11), m(12), m(13), m(13), m(14)].map((x) => gate.admit(x))).toEqual([false, false, true, false, true])
    expect(gate.cursorId()).toBe(14)
  })
})

describe('the stored cursor', () => {
  it.each([['', null], ['17', 17], ['0', 0], ['007', null], ['abc', null], ['-3', null], ['1e3', null], ['12345678901234567', null]])('%j → %s', (text, id) => {
    expect(cursorToId(text)).toBe(id)
  })
})
