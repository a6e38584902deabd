import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { startConnectProxy, type ConnectProxy } from '../../test-support/peers/connect-proxy.ts'
import { recordingSink } from '../../test-support/peers/recording-sink.ts'
import { startWsPeer, type WsPeer } from '../../test-support/peers/ws-peer.ts'
import { describeWithPeer, pythonHas } from '../../test-support/peer-availability.ts'
import { testFeed } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import { bypassed, proxyFor } from './ws-proxy.ts'
import type { TransportConnection } from '../stream/transport.ts'
import { createWsTransport } from './ws-transport.ts'

describe('which proxy a WebSocket uses', () => {
  it.each([
    ['ws://example.com/x', { HTTP_PROXY: 'http://p:3128' }, 'http://p:3128/'],
    ['ws://example.com/x', { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' }, 'http://lower:1/'],
    ['wss://example.com/x', { HTTP_PROXY: 'http://p:3128' }, null],
    ['wss://example.com/x', { HTTPS_PROXY: 'p:3128' }, 'http://p:3128/'],
    ['wss://example.com/x', { HTTPS_PROXY: 'http://u:p%40ss@p:3128' }, 'http://u:p%40ss@p:3128/'],
    ['ws://127.0.0.1:9/x', { HTTP_PROXY: 'http://p:1' }, 'http://p:1/'],
    ['ws://example.com/x', { HTTP_PROXY: 'socks5://p:1' }, null],
    ['ws://example.com/x', {}, null],
  ])('%s with %j → %s', (target, env, proxy) => {
    expect(proxyFor(new URL(target), env)?.href ?? null).toBe(proxy)
  })

  it.each([
    ['ws://example.com/', 'example.com', true],
    ['ws://a.example.com/', 'example.com', true],
    ['ws://a.example.com/', '.example.com', true],
    ['ws://a.example.com/', '*.example.com', true],
    ['ws://badexample.com/', 'example.com', false],
    ['ws://example.com:8080/', 'example.com:8080', true],
    ['ws://example.com/', 'example.com:8080', false],
    ['wss://example.com/', 'example.com:443', true],
    ['ws://127.0.0.1:5/', 'localhost, 127.0.0.1', true],
    ['ws://[::1]:5/', '::1', true],
    ['ws://anything/', '*', true],
    ['ws://example.com/', '', false],
  ])('%s with NO_PROXY=%j bypasses: %s', (target, noProxy, expected) => {
    expect(bypassed(new URL(target), noProxy)).toBe(expected)
  })
})

describe('a WebSocket whose proxy comes from a resolver (the OS in the app)', () => {
  const feed = testFeed({ url: 'ws://127.0.0.1:9/feed' })
  const cursor = { lastEventId: '', since: '' }

  it('a resolver that fails ends the attempt as a network failure, to be retried', async () => {
    const sink = recordingSink()
    const transport = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0, proxy: async () => Promise.reject(new Error('no answer')) })
    transport.connect({ feed, authorization: null, cursor }, sink)
    const end = await waitFor(() => sink.ended(), 'an end')
    expect(end).toMatchObject({ kind: 'retry', failure: { kind: 'network', message: expect.stringContaining('no answer') as unknown } })
  })

  it('closed while the resolver is still answering: no connection is made and nothing is reported', async () => {
    const server = createServer()
    const wss = new WebSocketServer({ server })
    let tcpConnections = 0
    server.on('connection', () => tcpConnections++)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/feed`
    try {
      const sink = recordingSink()
      let answer: (proxy: URL | null) => void = () => {}
      let asked = 0
      const transport = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0, proxy: () => new Promise((resolve) => { asked++; answer = resolve }) })
      const connection = transport.connect({ feed: testFeed({ url }), authorization: null, cursor }, sink)
      await waitFor(() => asked === 1, 'the resolver asked')
      connection.close()
      answer(null)
      // A second, live connection made after it: once it is open, the closed one would have connected first.
      const control = recordingSink()
      const live = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0, proxy: async () => null }).connect({ feed: testFeed({ url }), authorization: null, cursor }, control)
      await waitFor(() => control.calls.some((c) => c.call === 'open'), 'the control connection open')
      live.close()
      expect(tcpConnections).toBe(1)
      expect(sink.calls).toEqual([])
    } finally {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describeWithPeer(pythonHas('websockets'), 'python3-websockets')('WebSocket through a CONNECT proxy', () => {
  let peer: WsPeer | null = null
  let proxy: ConnectProxy | null = null
  let connection: TransportConnection | null = null
  afterEach(async () => {
    connection?.close()
    await peer?.stop()
    await proxy?.stop()
    peer = proxy = connection = null
  })

  const open = (url: string, env: Record<string, string>) => {
    const sink = recordingSink()
    const transport = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0, env })
    connection = transport.connect({ feed: testFeed({ url, headers: { 'X-Team': 'ops' } }), authorization: null, cursor: { lastEventId: '', since: '' } }, sink)
    return sink
  }

  it('tunnels through the proxy with its credentials, headers intact', async () => {
    peer = await startWsPeer()
    proxy = await startConnectProxy({ credentials: 'ann:s3 cret' })
    const sink = open(`${peer.url}/feed`, { HTTP_PROXY: proxy.url.replace('http://', 'http://ann:s3%20cret@') })
    await waitFor(() => sink.calls.some((c) => c.call === 'open'), () => `open; calls ${JSON.stringify(sink.calls)}`)
    expect(proxy.tunnels).toEqual([{ target: `127.0.0.1:${peer.port}`, authorization: `Basic ${Buffer.from('ann:s3 cret').toString('base64')}` }])
    expect((await peer.client(1)).headers['x-team']).toBe('ops')
    await peer.text('via the proxy')
    await waitFor(() => sink.events()[0]?.data === 'via the proxy', 'the event')
  })

  it('a proxy that wants credentials is a network failure with PROXY_AUTH_REQUIRED', async () => {
    peer = await startWsPeer()
    proxy = await startConnectProxy({ credentials: 'ann:pw' })
    const sink = open(peer.url, { HTTP_PROXY: proxy.url })
    const end = await waitFor(() => sink.ended(), 'an end')
    expect(end).toMatchObject({ kind: 'retry', failure: { kind: 'network', code: 'PROXY_AUTH_REQUIRED' } })
  })

  it('NO_PROXY goes direct', async () => {
    peer = await startWsPeer()
    proxy = await startConnectProxy()
    const sink = open(peer.url, { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    await waitFor(() => sink.calls.some((c) => c.call === 'open'), 'open')
    expect(proxy.tunnels).toEqual([])
  })
})
