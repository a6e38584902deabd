import { afterEach, describe, expect, it } from 'vitest'
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
