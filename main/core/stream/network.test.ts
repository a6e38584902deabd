// The network people really have, against real peers on 127.0.0.1: an HTTP proxy named by the
// environment (Debian's tinyproxy, started here) and an HTTPS server with its own certificate.
import { createServer as createHttpsServer } from 'node:https'
import type { Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { findTinyproxy, startTinyproxy } from '../../test-support/tinyproxy.ts'
import type { Tinyproxy } from '../../test-support/tinyproxy.ts'
import { hasOpenssl, selfSignedCert } from '../../test-support/tls-cert.ts'
import type { SelfSigned } from '../../test-support/tls-cert.ts'
import { waitFor } from '../../test-support/wait.ts'
import { systemClock } from '../ports.ts'
import { probeFeed } from '../probe.ts'
import { createDefaultFetch, proxyFromEnv } from './default-fetch.ts'
import type { Subscription } from './subscription.ts'
import { sse, start, startServer, testFeed } from './test-support.ts'
import { peersRequired } from '../../test-support/peer-availability.ts'
import type { TestServer } from './test-support.ts'

const onCi = peersRequired
const tinyproxy = findTinyproxy()
if (!tinyproxy) console.warn('network.test.ts: no tinyproxy binary (apt-get install tinyproxy); the proxy tests are skipped')
const openssl = hasOpenssl()
if (!openssl) console.warn('network.test.ts: no openssl command; the HTTPS tests are skipped')

let subs: Subscription[] = []
let servers: { close(): Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(subs.map((s) => s.close()))
  subs = []
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

/** An SSE server on 127.0.0.1 that sends one event with an id per connection and stays open. */
async function sseServer(): Promise<TestServer> {
  const srv = await startServer((_req, res, index) => {
    sse(res)
    res.write(`id: ${index + 1}\ndata: hello ${index + 1}\n\n`)
  })
  servers.push(srv)
  return srv
}

/** The same over HTTPS with `cert`. */
async function httpsSseServer(cert: SelfSigned): Promise<{ url: string; requests: number }> {
  const state = { url: '', requests: 0 }
  const server: Server = createHttpsServer({ key: cert.key, cert: cert.cert }, (_req, res) => {
    state.requests++
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(`id: ${state.requests}\ndata: secure ${state.requests}\n\n`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/events`
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
  return state
}

describe('proxy settings from the environment', () => {
  it('reads lowercase before uppercase, and nothing when no proxy is named', () => {
    expect(proxyFromEnv({})).toBeNull()
    expect(proxyFromEnv({ NO_PROXY: 'example.com' })).toBeNull()
    expect(proxyFromEnv({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:1', NO_PROXY: 'a' })).toEqual({
      httpProxy: 'http://lower:1',
      httpsProxy: '',
      noProxy: 'a',
    })
    expect(proxyFromEnv({ HTTPS_PROXY: 'http://p:3128', no_proxy: 'localhost,127.0.0.1' })).toEqual({
      httpProxy: '',
      httpsProxy: 'http://p:3128',
      noProxy: 'localhost,127.0.0.1',
    })
  })

  it('a proxy that is not there is a network error with its code, not a silent direct connection', async () => {
    const srv = await sseServer()
    const closed = await startServer(() => {})
    const deadProxy = new URL(closed.url).origin
    await closed.close()
    const { sub } = start(testFeed(srv.url), { deps: { fetch: createDefaultFetch({ env: { HTTP_PROXY: deadProxy } }) } })
    subs.push(sub)
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().lastError).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' })
    expect(srv.requests).toHaveLength(0)
  })
})

describe.runIf(tinyproxy !== null || onCi)('through a real proxy (tinyproxy)', () => {
  let proxy: Tinyproxy
  beforeAll(async () => {
    proxy = await startTinyproxy(tinyproxy ?? '/usr/bin/tinyproxy')
  })
  afterAll(async () => {
    await proxy?.stop()
  })

  it('reaches an SSE feed on 127.0.0.1 through HTTP_PROXY (loopback included) and stores its events', async () => {
    const srv = await sseServer()
    const { sub, port } = start(testFeed(srv.url), { deps: { fetch: createDefaultFetch({ env: { HTTP_PROXY: proxy.url } }) } })
    subs.push(sub)
    await waitFor(() => port.events.length === 1, 'the event through the proxy')
    expect(port.events[0]!.data).toBe('hello 1')
    expect(sub.status().state).toBe('open')
    // The proxy relayed the request: it added its Via header, and logged it.
    expect(String(srv.requests[0]!.headers['via'])).toContain(proxy.viaName)
    expect(proxy.log()).toContain(srv.url)
  })

  it('lowercase http_proxy works the same', async () => {
    const srv = await sseServer()
    const { sub, port } = start(testFeed(srv.url), { deps: { fetch: createDefaultFetch({ env: { http_proxy: proxy.url } }) } })
    subs.push(sub)
    await waitFor(() => port.events.length === 1, 'the event through the proxy')
    expect(String(srv.requests[0]!.headers['via'])).toContain(proxy.viaName)
  })

  it('NO_PROXY bypasses it', async () => {
    const srv = await sseServer()
    const env = { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }
    const { sub, port } = start(testFeed(srv.url), { deps: { fetch: createDefaultFetch({ env }) } })
    subs.push(sub)
    await waitFor(() => port.events.length === 1, 'the event, directly')
    expect(srv.requests[0]!.headers['via']).toBeUndefined()
    expect(proxy.log()).not.toContain(srv.url)
  })

  it.runIf(openssl || onCi)('tunnels HTTPS through HTTPS_PROXY and trusts the feed’s own CA inside the tunnel', async () => {
    const cert = selfSignedCert()
    const srv = await httpsSseServer(cert)
    const fetch = createDefaultFetch({ env: { HTTPS_PROXY: proxy.url } })
    const { sub, port } = start(testFeed(srv.url, { caCertificate: cert.cert }), { deps: { fetch } })
    subs.push(sub)
    await waitFor(() => port.events.length === 1, 'the event through the tunnel')
    expect(port.events[0]!.data).toBe('secure 1')
    expect(proxy.log()).toMatch(new RegExp(`CONNECT 127\\.0\\.0\\.1:${new URL(srv.url).port}`))
  })
})

describe.runIf(openssl || onCi)('an HTTPS feed with its own certificate', () => {
  let cert: SelfSigned
  beforeAll(() => {
    cert = selfSignedCert()
  })

  it('without the CA: a tls error with the TLS code, and it backs off', async () => {
    const srv = await httpsSseServer(cert)
    const { sub, port } = start(testFeed(srv.url), { deps: { fetch: createDefaultFetch({ env: {} }) } })
    subs.push(sub)
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().lastError).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    expect(sub.status().lastError!.message).not.toMatch(/use-system-ca/)
    expect(port.events).toHaveLength(0)
  })

  it('with caCertificate: connects and stores events; the same fetch still refuses it for a feed without the CA', async () => {
    const srv = await httpsSseServer(cert)
    const fetch = createDefaultFetch({ env: {} })
    const trusted = start(testFeed(srv.url, { caCertificate: cert.cert }), { deps: { fetch } })
    subs.push(trusted.sub)
    await waitFor(() => trusted.port.events.length === 1, 'the event over TLS')
    expect(trusted.port.events[0]!.data).toBe('secure 1')
    expect(trusted.sub.status().state).toBe('open')
    // The CA is that feed's only: another feed on the same fetch is not trusted with it.
    const other = start(testFeed(srv.url, { id: 'feed-2' }), { deps: { fetch } })
    subs.push(other.sub)
    await waitFor(() => other.sub.status().state === 'backoff', 'the other feed refused')
    expect(other.sub.status().lastError).toMatchObject({ kind: 'tls' })
  })

  it('a different CA does not help', async () => {
    const srv = await httpsSseServer(cert)
    const stranger = selfSignedCert()
    const { sub } = start(testFeed(srv.url, { caCertificate: stranger.cert }), { deps: { fetch: createDefaultFetch({ env: {} }) } })
    subs.push(sub)
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().lastError?.kind).toBe('tls')
    expect(sub.status().lastError?.code).toMatch(/SELF_SIGNED/)
  })

  it('a trusted certificate made out to another name is still refused, with the TLS code', async () => {
    const elsewhere = selfSignedCert('example.test', 'DNS:example.test')
    const srv = await httpsSseServer(elsewhere)
    const { sub } = start(testFeed(srv.url, { caCertificate: elsewhere.cert }), { deps: { fetch: createDefaultFetch({ env: {} }) } })
    subs.push(sub)
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().lastError).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
  })

  it('"Test connection" trusts the feed’s CA too', async () => {
    const srv = await httpsSseServer(cert)
    const fetch = createDefaultFetch({ env: {} })
    const options = { fetch, clock: systemClock, connectTimeoutMs: 10_000, listenMs: 200 }
    const refused = await probeFeed(testFeed(srv.url), null, options)
    expect(refused).toMatchObject({ ok: false, error: { kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } })
    const accepted = await probeFeed(testFeed(srv.url, { caCertificate: cert.cert }), null, options)
    expect(accepted.ok).toBe(true)
    expect(accepted.events.map((e) => e.data)).toEqual(['secure 1']) // the refused probe never got past the handshake
  })
})
