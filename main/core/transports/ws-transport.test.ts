import { afterEach, expect, it } from 'vitest'
import { recordingSink, type RecordingSink } from '../../test-support/peers/recording-sink.ts'
import { startWsPeer, type WsPeer } from '../../test-support/peers/ws-peer.ts'
import { describeWithPeer, pythonHas } from '../../test-support/peer-availability.ts'
import { testFeed, type FeedOverrides } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import type { TransportConnection } from '../stream/transport.ts'
import { createWsTransport } from './ws-transport.ts'

const transport = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0 })
const cursor = { lastEventId: 'kept', since: '' }
let peer: WsPeer | null = null
let connection: TransportConnection | null = null

afterEach(async () => {
  connection?.close()
  connection = null
  await peer?.stop()
  peer = null
})

function connect(url: string, overrides: FeedOverrides = {}, authorization: string | null = null, sink: RecordingSink = recordingSink()): RecordingSink {
  connection = transport.connect({ feed: testFeed({ url, ...overrides }), authorization, cursor }, sink)
  return sink
}

const opened = (sink: RecordingSink) => waitFor(() => sink.calls.some((c) => c.call === 'open'), 'open')
const ended = (sink: RecordingSink) => waitFor(() => sink.ended(), () => `an end; calls: ${JSON.stringify(sink.calls)}`)

describeWithPeer(pythonHas('websockets'), 'python3-websockets')('WebSocket transport against a Python websockets server', () => {
  it('sends the feed headers and Authorization, and maps each text message to one event', async () => {
    peer = await startWsPeer()
    const sink = connect(`${peer.url}/alerts?room=ops`, { headers: { 'X-Team': 'ops' } }, 'Bearer s3cret')
    const client = await peer.client(1)
    expect(client.path).toBe('/alerts?room=ops')
    expect(client.headers).toMatchObject({ 'x-team': 'ops', authorization: 'Bearer s3cret' })
    await opened(sink)
    const messages = ['{"type":"alert","text":"disk full"}', '{"event":"deploy"}', 'plain text ü', '[1,2]', '']
    for (const text of messages) await peer.text(text)
    await waitFor(() => sink.events().length === messages.length, () => `5 events, got ${JSON.stringify(sink.events())}`)
    expect(sink.events()).toEqual([
      { id: '', newId: false, type: 'alert', data: messages[0] },
      { id: '', newId: false, type: 'deploy', data: messages[1] },
      { id: '', newId: false, type: 'message', data: messages[2] },
      { id: '', newId: false, type: 'message', data: messages[3] },
      { id: '', newId: false, type: 'message', data: '' },
    ])
    expect(sink.cursor()).toEqual(cursor)
    expect(sink.calls[0]).toEqual({ call: 'open', replays: false })
    expect(sink.activityBytes).toBeGreaterThan(40)
  })

  it('drops binary messages with a reason and goes on', async () => {
    peer = await startWsPeer()
    const sink = connect(peer.url)
    await opened(sink)
    await peer.binary(16)
    await peer.text('after')
    await waitFor(() => sink.events().length === 1, 'the text after the binary message')
    expect(sink.calls.filter((c) => c.call === 'dropped')).toEqual([{ call: 'dropped', reason: 'binary', bytes: 16 }])
    expect(sink.ended()).toBeNull()
  })

  it('drops a message over the limit and goes on; one over the wire cap ends the connection, memory bounded', async () => {
    peer = await startWsPeer()
    const sink = connect(peer.url, { maxEventBytes: 1024 })
    await opened(sink)
    await peer.text('x'.repeat(2000))
    await peer.text('small')
    await waitFor(() => sink.events().length === 1, 'the small message')
    expect(sink.calls.filter((c) => c.call === 'oversize' || c.call === 'dropped')).toEqual([{ call: 'oversize' }, { call: 'dropped', reason: 'oversize', bytes: 2000 }])
    await peer.text('y'.repeat(200_000))
    const end = await ended(sink)
    expect(end).toMatchObject({ kind: 'retry', failure: { kind: 'oversize', code: 'WS_CLOSE_1009' } })
    expect(sink.events().map((e) => e.data)).toEqual(['small'])
  })

  it.each([
    [1000, 'ended'],
    [1001, 'ended'],
    [1008, 'ended'],
    [1011, 'ended'],
    [1012, 'ended'],
    [1013, 'rate-limited'],
    [4000, 'ended'],
  ])('a close with %i retries (%s)', async (code, kind) => {
    peer = await startWsPeer()
    const sink = connect(peer.url)
    await opened(sink)
    await peer.text('before')
    await peer.close(code, 'bye')
    const end = await ended(sink)
    expect(end).toMatchObject({ kind: 'retry', retryAfterMs: null, failure: { kind, code: `WS_CLOSE_${code}` } })
    // Events that came before the close are handed over before the end.
    const batchAt = sink.calls.findIndex((c) => c.call === 'batch')
    expect(batchAt).toBeGreaterThan(-1)
    expect(batchAt).toBeLessThan(sink.calls.findIndex((c) => c.call === 'end'))
  })

  it('a connection cut without a close frame is a network failure (1006)', async () => {
    peer = await startWsPeer()
    const sink = connect(peer.url)
    await opened(sink)
    await peer.drop()
    expect(await ended(sink)).toMatchObject({ kind: 'retry', failure: { kind: 'network', code: 'WS_CLOSE_1006' } })
  })

  it.each([
    [401, 'stop', 'auth'],
    [403, 'stop', 'auth'],
    [404, 'stop', 'not-found'],
    [410, 'stop', 'not-found'],
    [500, 'retry', 'http'],
    [503, 'retry', 'http'],
  ])('an upgrade refused with %i: %s (%s)', async (status, kind, errorKind) => {
    peer = await startWsPeer()
    await peer.refuse(status)
    const sink = connect(peer.url)
    const end = await ended(sink)
    expect(end).toMatchObject({ kind, failure: { kind: errorKind, status } })
    expect(sink.calls.some((c) => c.call === 'open')).toBe(false)
  })

  it('reconnects after the server restarts: refused while it is down, open again once it is back', async () => {
    peer = await startWsPeer()
    const port = peer.port
    let sink = connect(peer.url)
    await opened(sink)
    await peer.stop()
    peer = null
    expect(await ended(sink)).toMatchObject({ kind: 'retry' })
    sink = connect(`ws://127.0.0.1:${port}`)
    expect(await ended(sink)).toMatchObject({ kind: 'retry', failure: { kind: 'network', code: 'ECONNREFUSED' } })
    peer = await startWsPeer(port)
    sink = connect(peer.url)
    await opened(sink)
    await peer.text('{"type":"back"}')
    await waitFor(() => sink.events()[0]?.type === 'back', 'the event after the restart')
  })

  it('counts the server’s pongs as activity: liveness without messages', async () => {
    peer = await startWsPeer()
    const pinging = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 20 })
    const sink = recordingSink()
    connection = pinging.connect({ feed: testFeed({ url: peer.url }), authorization: null, cursor }, sink)
    await opened(sink)
    await waitFor(() => sink.activityCalls >= 3, () => `3 pongs, got ${sink.activityCalls}`)
    expect(sink.events()).toEqual([])
  })

  it('pauses reading while storage is behind and loses nothing', async () => {
    peer = await startWsPeer()
    const sink = connect(peer.url)
    await opened(sink)
    sink.hold()
    await peer.text('first')
    await waitFor(() => sink.events().length === 1, 'the first batch')
    for (let i = 0; i < 50; i++) await peer.text(`m${i}`)
    sink.release()
    await waitFor(() => sink.events().length === 51, () => `51 events, got ${sink.events().length}`)
    expect(sink.events().map((e) => e.data)).toEqual(['first', ...Array.from({ length: 50 }, (_, i) => `m${i}`)])
  })

  it('close() during the upgrade aborts it and reports nothing', async () => {
    peer = await startWsPeer()
    const sink = connect(peer.url)
    connection?.close()
    // The server may or may not have seen the upgrade; either way the client says nothing.
    await peer.text('unseen')
    await peer.close(1000)
    expect(sink.calls).toEqual([])
  })

  it('says nothing more after close()', async () => {
    peer = await startWsPeer()
    const sink = connect(peer.url)
    await opened(sink)
    connection?.close()
    await peer.text('late')
    await peer.close(1011)
    await peer.text('later')
    expect(sink.calls).toEqual([{ call: 'open', replays: false }])
  })
})
