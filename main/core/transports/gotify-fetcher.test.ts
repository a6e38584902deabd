import { afterEach, describe, expect, it } from 'vitest'
import { startGotifyPeer, type GotifyPeer } from '../../test-support/peers/gotify-peer.ts'
import { createDefaultFetch } from '../stream/default-fetch.ts'
import { fetchMissed, readPage, type CatchUpRequest } from './gotify-fetcher.ts'

let peer: GotifyPeer | null = null
afterEach(async () => {
  await peer?.stop()
  peer = null
})

function request(p: GotifyPeer, over: Partial<CatchUpRequest>): CatchUpRequest {
  return {
    fetch: createDefaultFetch(),
    messagesUrl: `${p.baseUrl}/message`,
    headers: { 'X-Gotify-Key': p.clientToken },
    signal: new AbortController().signal,
    cursorId: null,
    pageLimit: 10,
    maxMessages: 1000,
    maxPageBytes: 1024 * 1024,
    now: () => Date.now(),
    maxRetryAfterMs: 60_000,
    ...over,
  }
}

const pages = (p: GotifyPeer) => p.requests.filter((r) => r.url.startsWith('/message')).map((r) => r.url)

describe('gotify catch-up fetcher against a gotify-compatible server', () => {
  it('walks pages backwards from the newest and stops at the stored id', async () => {
    peer = await startGotifyPeer()
    for (let i = 1; i <= 35; i++) peer.push({ message: `m${i}` })
    const result = await fetchMissed(request(peer, { cursorId: 12 }))
    if (!result.ok) throw new Error(JSON.stringify(result.end))
    expect(result.messages.map((m) => m.id)).toEqual(Array.from({ length: 23 }, (_, i) => 35 - i))
    expect(result).toMatchObject({ newestId: 35, truncated: false })
    expect(pages(peer)).toEqual(['/message?limit=10', '/message?limit=10&since=26', '/message?limit=10&since=16'])
    expect(result.messages[0]).toMatchObject({ id: 35, message: 'm35', title: 'app', priority: 0, appid: 1 })
  })

  it('a new feed only learns the newest id', async () => {
    peer = await startGotifyPeer()
    for (let i = 1; i <= 5; i++) peer.push({ message: `m${i}` })
    expect(await fetchMissed(request(peer, { cursorId: null }))).toEqual({ ok: true, messages: [], newestId: 5, truncated: false })
    expect(pages(peer)).toEqual(['/message?limit=1'])
  })

  it('an empty server, then everything since it was empty', async () => {
    peer = await startGotifyPeer()
    expect(await fetchMissed(request(peer, { cursorId: null }))).toMatchObject({ ok: true, newestId: 0 })
    for (let i = 1; i <= 3; i++) peer.push({ message: `m${i}` })
    const result = await fetchMissed(request(peer, { cursorId: 0 }))
    expect(result.ok && result.messages.map((m) => m.id)).toEqual([3, 2, 1])
  })

  it('stops after maxMessages and says it stopped short', async () => {
    peer = await startGotifyPeer()
    for (let i = 1; i <= 50; i++) peer.push({ message: `m${i}` })
    const result = await fetchMissed(request(peer, { cursorId: 5, maxMessages: 15 }))
    expect(result).toMatchObject({ ok: true, truncated: true, newestId: 50 })
    expect(result.ok && result.messages.length).toBe(20)
  })

  it('a bad token stops with auth', async () => {
    peer = await startGotifyPeer()
    const result = await fetchMissed(request(peer, { headers: { 'X-Gotify-Key': 'wrong' }, cursorId: 3 }))
    expect(result).toMatchObject({ ok: false, end: { kind: 'stop', reason: 'auth', failure: { kind: 'auth', status: 401 } } })
  })

  it('a page over the byte bound is refused without being held', async () => {
    peer = await startGotifyPeer()
    for (let i = 1; i <= 10; i++) peer.push({ message: 'x'.repeat(1000) })
    const result = await fetchMissed(request(peer, { cursorId: 1, maxPageBytes: 2000 }))
    expect(result).toMatchObject({ ok: false, end: { kind: 'stop', reason: 'content-type' } })
  })

  it('a server that is down is a network failure', async () => {
    peer = await startGotifyPeer()
    const url = peer.baseUrl
    await peer.stop()
    peer = null
    const result = await fetchMissed({ ...request({ baseUrl: url, clientToken: 'c' } as GotifyPeer, { cursorId: 3 }) })
    expect(result).toMatchObject({ ok: false, end: { kind: 'retry', failure: { kind: 'network' } } })
  })

  it.each([['{}'], ['[]'], ['{"paging":{},"messages":{}}'], ['not json']])('%s is not a page', (text) => {
    expect(readPage(text)).toBeNull()
  })
})
