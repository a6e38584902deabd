import { afterEach, describe, expect, it } from 'vitest'
import { startGotifyPeer, type GotifyPeer } from '../../test-support/peers/gotify-peer.ts'
import { recordingSink, type RecordingSink } from '../../test-support/peers/recording-sink.ts'
import { testFeed } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import type { ResumeCursor } from '../types.ts'
import { createDefaultFetch } from '../stream/default-fetch.ts'
import { createGotifyTransport, type GotifyTransportOptions } from './gotify-transport.ts'
import type { TransportConnection } from '../stream/transport.ts'

let peers: GotifyPeer[] = []
let connections: TransportConnection[] = []

afterEach(async () => {
  for (const c of connections) c.close()
  connections = []
  for (const p of peers) await p.stop()
  peers = []
})

async function peerOn(options: Parameters<typeof startGotifyPeer>[0] = {}): Promise<GotifyPeer> {
  const peer = await startGotifyPeer(options)
  peers.push(peer)
  return peer
}

function connect(url: string, cursor: ResumeCursor, authorization: string | null, over: Partial<GotifyTransportOptions> = {}, sink = recordingSink()): RecordingSink {
  const transport = createGotifyTransport({ fetch: createDefaultFetch(), now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0, ...over })
  connections.push(transport.connect({ feed: testFeed({ url, preset: 'generic' }), authorization, cursor }, sink))
  return sink
}

const none: ResumeCursor = { lastEventId: '', since: '' }
const at = (id: number): ResumeCursor => ({ lastEventId: String(id), since: '' })
const opened = (sink: RecordingSink) => waitFor(() => sink.calls.some((c) => c.call === 'open'), () => `open; calls: ${JSON.stringify(sink.calls)}`)
const ids = (sink: RecordingSink) => sink.events().map((e) => Number(e.id))

describe('gotify transport against a gotify-compatible server', () => {
  it('sends the client token as X-Gotify-Key, starts a new feed from now, then stores live messages', async () => {
    const peer = await peerOn()
    peer.push({ message: 'old 1' })
    peer.push({ message: 'old 2' })
    const sink = connect(peer.streamUrl, none, `Bearer ${peer.clientToken}`)
    await opened(sink)
    expect(peer.requests.map((r) => [r.method, r.url, r.headers['x-gotify-key']])).toEqual([
      ['UPGRADE', '/stream', peer.clientToken],
      ['GET', '/message?limit=1', peer.clientToken],
    ])
    expect(sink.calls[1]).toEqual({ call: 'batch', events: [], cursor: at(2) })
    const extras = { 'client::notification': { click: { url: 'https://example.com/x' } } }
    const sent = peer.push({ title: 'Backup', message: 'done', priority: 8, extras })
    await waitFor(() => sink.events().length === 1, 'the live message')
    const [event] = sink.events()
    expect(event).toMatchObject({ id: '3', newId: true, type: 'message' })
    expect(JSON.parse(event!.data)).toEqual(sent)
    expect(sink.cursor()).toEqual(at(3))
  })

  it('takes the token from ?token= in the feed URL too', async () => {
    const peer = await peerOn()
    const sink = connect(`${peer.streamUrl}?token=${peer.clientToken}`, none, null)
    await opened(sink)
    expect(peer.requests.map((r) => r.url)).toEqual([`/stream?token=${peer.clientToken}`, `/message?token=${peer.clientToken}&limit=1`])
  })

  it.each([
    ['a wrong token', 'Bearer nope', '/stream', 'auth', 401],
    ['no token', null, '/stream', 'auth', 401],
    ['a wrong path', 'Bearer Cclient-token', '/gotify/stream', 'not-found', 404],
  ])('%s stops the feed (%s)', async (_name, authorization, path, reason, status) => {
    const peer = await peerOn()
    const sink = connect(`${peer.baseUrl.replace('http', 'ws')}${path}`, at(1), authorization)
    const end = await waitFor(() => sink.ended(), 'an end')
    expect(end).toMatchObject({ kind: 'stop', reason, failure: { status } })
    expect(sink.calls.some((c) => c.call === 'open')).toBe(false)
  })

  it('after a reconnect stores what was missed, oldest first across pages, before live messages', async () => {
    const peer = await peerOn()
    for (let i = 1; i <= 57; i++) peer.push({ message: `m${i}` })
    const sink = connect(peer.streamUrl, at(4), `Bearer ${peer.clientToken}`, { pageLimit: 10, catchUpBatch: 20 })
    await opened(sink)
    await waitFor(() => ids(sink).length === 53, () => `53 missed messages, got ${ids(sink).length}`)
    peer.push({ message: 'live' })
    await waitFor(() => ids(sink).length === 54, 'the live message')
    expect(ids(sink)).toEqual(Array.from({ length: 54 }, (_, i) => 5 + i))
    const batches = sink.calls.filter((c) => c.call === 'batch')
    expect(batches.map((b) => b.call === 'batch' && b.cursor.lastEventId)).toEqual(['24', '44', '57', '58'])
    expect(sink.calls[0]).toEqual({ call: 'open' })
  })

  it('a message sent while the pages are fetched is stored once, in order', async () => {
    let peer: GotifyPeer | null = null
    let raced = 0
    peer = await peerOn({ beforePage: () => {
      if (raced++ === 0) peer!.push({ message: 'during the catch-up' }) // on the stream and in the page
    } })
    for (let i = 1; i <= 6; i++) peer.push({ message: `m${i}` })
    const sink = connect(peer.streamUrl, at(3), `Bearer ${peer.clientToken}`)
    await opened(sink)
    peer.push({ message: 'after' })
    await waitFor(() => ids(sink).includes(8), () => `message 8, got ${ids(sink).join(',')}`)
    expect(ids(sink)).toEqual([4, 5, 6, 7, 8])
  })

  it('a message the stream delivers only after the catch-up took it from a page is not stored twice', async () => {
    let peer: GotifyPeer | null = null
    peer = await peerOn({ beforePage: () => {
      peer!.holdStream()
      peer!.push({ message: 'slow on the stream' })
    } })
    for (let i = 1; i <= 3; i++) peer.push({ message: `m${i}` })
    const sink = connect(peer.streamUrl, at(1), `Bearer ${peer.clientToken}`)
    await waitFor(() => ids(sink).includes(4), 'the catch-up with message 4')
    peer.releaseStream()
    peer.push({ message: 'next' })
    await waitFor(() => ids(sink).includes(5), () => `message 5, got ${ids(sink).join(',')}`)
    expect(ids(sink)).toEqual([2, 3, 4, 5])
  })

  it('close() during the catch-up aborts it and reports nothing', async () => {
    let peer: GotifyPeer | null = null
    let closed = false
    peer = await peerOn({ beforePage: () => {
      connections.pop()?.close()
      closed = true
    } })
    for (let i = 1; i <= 5; i++) peer.push({ message: `m${i}` })
    const sink = connect(peer.streamUrl, at(2), `Bearer ${peer.clientToken}`)
    await waitFor(() => closed, 'the first page request')
    peer.push({ message: 'after close' })
    await waitFor(() => peer.streams() === 0, 'the stream closed by the client')
    expect(sink.calls).toEqual([])
  })

  it('records a gap when more was missed than it fetches', async () => {
    const peer = await peerOn()
    for (let i = 1; i <= 40; i++) peer.push({ message: `m${i}` })
    const sink = connect(peer.streamUrl, at(2), `Bearer ${peer.clientToken}`, { pageLimit: 10, maxCatchUpMessages: 15 })
    await opened(sink)
    expect(sink.calls[0]).toEqual({ call: 'open', replayedFrom: '21' })
    await waitFor(() => ids(sink).length === 20, 'the newest 20')
    expect(ids(sink)).toEqual(Array.from({ length: 20 }, (_, i) => 21 + i))
  })

  it('nothing lost or doubled across restarts of the server and cut connections', async () => {
    let peer = await peerOn()
    const port = peer.port
    const database = peer.messages
    const stored: number[] = []
    let cursor = none
    let seed = 11
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < 6; round++) {
      const sink = connect(peer.streamUrl, cursor, `Bearer ${peer.clientToken}`, { pageLimit: 7 })
      await opened(sink)
      const live = Math.floor(random() * 12)
      for (let i = 0; i < live; i++) peer.push({ message: `live ${round}.${i}` })
      const expected = database.at(-1)?.id ?? 0
      await waitFor(() => (sink.cursor()?.lastEventId ?? cursor.lastEventId) === String(expected) || expected === 0, () => `cursor ${expected}, calls ${JSON.stringify(sink.calls.map((c) => c.call))}`)
      connections.pop()?.close()
      stored.push(...ids(sink))
      cursor = sink.cursor() ?? cursor
      // The gap: the server restarts (its database kept) or the stream is cut, while senders go on.
      if (round % 2 === 0) {
        await peer.stop()
        peers = []
      }
      const missed = 1 + Math.floor(random() * 25)
      for (let i = 0; i < missed; i++) database.push({ id: (database.at(-1)?.id ?? 0) + 1, appid: 1, message: `gap ${round}.${i}`, title: 'app', priority: 5, date: new Date().toISOString() })
      if (round % 2 === 0) peer = await peerOn({ port, messages: database })
    }
    const sink = connect(peer.streamUrl, cursor, `Bearer ${peer.clientToken}`, { pageLimit: 7 })
    await opened(sink)
    await waitFor(() => sink.cursor()?.lastEventId === String(database.at(-1)!.id), 'the last catch-up')
    stored.push(...ids(sink))
    // A new feed starts from "now" (message ids existing then are not its history); everything after, once.
    const first = stored[0]!
    expect(stored).toEqual(database.filter((m) => m.id >= first).map((m) => m.id))
  })
})
