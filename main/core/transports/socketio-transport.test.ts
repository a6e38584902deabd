import { afterEach, describe, expect, it } from 'vitest'
import { startConnectProxy } from '../../test-support/peers/connect-proxy.ts'
import { recordingSink, type RecordingSink } from '../../test-support/peers/recording-sink.ts'
import { startSocketIoPeer, type SocketIoPeer } from '../../test-support/peers/socketio-peer.ts'
import { describeWithPeer, pythonHas } from '../../test-support/peer-availability.ts'
import { startSocketIoWsPeer, type SocketIoWsPeer } from '../../test-support/peers/socketio-ws-peer.ts'
import { testFeed, type FeedOverrides } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import { createSocketIoTransport, type SocketIoTransportOptions } from './socketio-transport.ts'
import type { TransportConnection } from '../stream/transport.ts'

const cursor = { lastEventId: '', since: 'kept' }
let flask: SocketIoPeer | null = null
let wsPeer: SocketIoWsPeer | null = null
let connections: TransportConnection[] = []

afterEach(async () => {
  for (const c of connections) c.close()
  connections = []
  await flask?.stop()
  flask = null
  await wsPeer?.stop()
  wsPeer = null
})

function connect(url: string, over: Partial<SocketIoTransportOptions> = {}, authorization: string | null = null, feed: FeedOverrides = {}): RecordingSink {
  const sink = recordingSink()
  const transport = createSocketIoTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, ...over })
  connections.push(transport.connect({ feed: testFeed({ url, ...feed }), authorization, cursor }, sink))
  return sink
}

const opened = (sink: RecordingSink) => waitFor(() => sink.calls.some((c) => c.call === 'open') || sink.ended(), () => `open; calls ${JSON.stringify(sink.calls)}`, 20_000)
const ended = (sink: RecordingSink) => waitFor(() => sink.ended(), () => `an end; calls ${JSON.stringify(sink.calls)}`, 20_000)

describeWithPeer(pythonHas('flask_socketio'), 'python3-flask-socketio')('Socket.IO transport against Flask-SocketIO (threading mode: long-polling)', () => {
  it('sends the headers and the bearer token, and stores every emitted event', async () => {
    flask = await startSocketIoPeer()
    const sink = connect(flask.url, {}, 'Bearer tok', { headers: { 'X-Team': 'ops' } })
    await opened(sink)
    expect(sink.ended()).toBeNull()
    const client = await flask.client(1)
    expect(client.headers).toMatchObject({ 'x-team': 'ops', authorization: 'Bearer tok' })
    expect(client.auth).toEqual({ token: 'tok' })
    await flask.emit('chat', 'hello ü')
    await flask.emit('status', { user: 'ann', online: true })
    await flask.emit('move', 'ann', { x: 1 }, 3)
    await flask.emit('tick')
    await waitFor(() => sink.events().length === 4, () => `4 events, got ${JSON.stringify(sink.events())}`)
    expect(sink.events()).toEqual([
      { id: '', newId: false, type: 'chat', data: 'hello ü' },
      { id: '', newId: false, type: 'status', data: '{"user":"ann","online":true}' },
      { id: '', newId: false, type: 'move', data: '["ann",{"x":1},3]' },
      { id: '', newId: false, type: 'tick', data: '' },
    ])
    expect(sink.cursor()).toEqual(cursor)
    expect(sink.activityCalls).toBeGreaterThan(0)
  })

  it.each([
    [401, 'stop', 'auth'],
    [403, 'stop', 'auth'],
    [404, 'stop', 'not-found'],
    [500, 'retry', 'http'],
  ])('a handshake answered %i: %s (%s)', async (status, kind, errorKind) => {
    flask = await startSocketIoPeer()
    await flask.refuse(status)
    const sink = connect(flask.url)
    expect(await ended(sink)).toMatchObject({ kind, failure: { kind: errorKind, status } })
  })

  it('a connect handler that refuses stops with auth', async () => {
    flask = await startSocketIoPeer()
    await flask.reject(true)
    const sink = connect(flask.url)
    expect(await ended(sink)).toMatchObject({ kind: 'stop', reason: 'auth', failure: { code: 'SOCKETIO_CONNECT_REFUSED' } })
  })

  it('a server-side disconnect is a retry; the next connection works after the server restarts', async () => {
    flask = await startSocketIoPeer()
    const port = flask.port
    let sink = connect(flask.url)
    await opened(sink)
    await flask.disconnect()
    expect(await ended(sink)).toMatchObject({ kind: 'retry', failure: { kind: 'ended', code: 'SOCKETIO_IO_SERVER_DISCONNECT' } })
    sink = connect(flask.url)
    await opened(sink)
    await flask.peer.kill()
    expect(await ended(sink)).toMatchObject({ kind: 'retry' })
    sink = connect(`http://127.0.0.1:${port}`)
    expect(await ended(sink)).toMatchObject({ kind: 'retry', failure: { kind: 'network' } })
    flask = await startSocketIoPeer(port)
    sink = connect(flask.url)
    await opened(sink)
    await flask.emit('back', 1)
    await waitFor(() => sink.events()[0]?.type === 'back', 'the event after the restart')
  })
})

describe('Socket.IO transport over WebSocket (a minimal v5 server on ws)', () => {
  it('connects over WebSocket with the headers and stores events', async () => {
    wsPeer = await startSocketIoWsPeer({ pingIntervalMs: 30 })
    const sink = connect(wsPeer.url, { transports: ['websocket'] }, 'Bearer tok')
    await opened(sink)
    expect(wsPeer.upgrades[0]).toMatchObject({ authorization: 'Bearer tok' })
    expect(wsPeer.auths).toEqual([{ token: 'tok' }])
    wsPeer.emit('alert', { level: 'high' })
    await waitFor(() => sink.events().length === 1, 'the event')
    expect(sink.events()[0]).toEqual({ id: '', newId: false, type: 'alert', data: '{"level":"high"}' })
    // The server's pings count as activity.
    const before = sink.activityCalls
    await waitFor(() => sink.activityCalls >= before + 3, 'pings as activity')
  })

  it('a refused upgrade stops with auth', async () => {
    wsPeer = await startSocketIoWsPeer()
    wsPeer.refuse(401)
    const sink = connect(wsPeer.url, { transports: ['websocket'] })
    expect(await ended(sink)).toMatchObject({ kind: 'stop', reason: 'auth', failure: { status: 401 } })
  })

  it('a cut connection is a retry', async () => {
    wsPeer = await startSocketIoWsPeer()
    const sink = connect(wsPeer.url, { transports: ['websocket'] })
    await opened(sink)
    wsPeer.drop()
    expect(await ended(sink)).toMatchObject({ kind: 'retry', failure: { kind: 'ended', code: 'SOCKETIO_TRANSPORT_CLOSE' } })
  })

  it('drops events over the limit and binary-free events go on', async () => {
    wsPeer = await startSocketIoWsPeer()
    const sink = connect(wsPeer.url, { transports: ['websocket'] }, null, { maxEventBytes: 1024 })
    await opened(sink)
    wsPeer.emit('big', 'x'.repeat(2000))
    wsPeer.emit('small', 'ok')
    await waitFor(() => sink.events().length === 1, 'the small event')
    expect(sink.calls.filter((c) => c.call === 'oversize' || c.call === 'dropped')).toEqual([{ call: 'oversize' }, { call: 'dropped', reason: 'oversize', bytes: 2000 }])
  })

  it('pauses reading while storage is behind and loses nothing', async () => {
    wsPeer = await startSocketIoWsPeer()
    const sink = connect(wsPeer.url, { transports: ['websocket'] })
    await opened(sink)
    sink.hold()
    wsPeer.emit('n', 0)
    await waitFor(() => sink.events().length === 1, 'the first batch')
    for (let i = 1; i <= 100; i++) wsPeer.emit('n', i)
    sink.release()
    await waitFor(() => sink.events().length === 101, () => `101 events, got ${sink.events().length}`)
    expect(sink.events().map((e) => Number(e.data))).toEqual(Array.from({ length: 101 }, (_, i) => i))
  })
})

describe('Socket.IO through a CONNECT proxy', () => {
  it.each([['polling' as const], ['websocket' as const]])('tunnels its %s requests through HTTP_PROXY', async (kind) => {
    const proxy = await startConnectProxy()
    try {
      if (kind === 'polling') flask = await startSocketIoPeer()
      else wsPeer = await startSocketIoWsPeer()
      const url = kind === 'polling' ? flask!.url : wsPeer!.url
      const sink = connect(url, { transports: [kind], env: { HTTP_PROXY: proxy.url } })
      await opened(sink)
      if (kind === 'polling') await flask!.emit('via', 'proxy')
      else wsPeer!.emit('via', 'proxy')
      await waitFor(() => sink.events()[0]?.data === 'proxy', () => `the event; calls ${JSON.stringify(sink.calls)}`)
      expect(proxy.tunnels.length).toBeGreaterThan(0)
      expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([new URL(url).host]))
    } finally {
      for (const c of connections) c.close()
      connections = []
      await proxy.stop()
    }
  })
})
