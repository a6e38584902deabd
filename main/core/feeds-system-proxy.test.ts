/**
 * WebSocket and Socket.IO feeds through the OS's proxy (the ProxyResolver port, as the app fills it
 * from Electron's `session.resolveProxy`), with no HTTP(S)_PROXY in the environment — the desktop
 * user behind a corporate proxy set in the system settings. The full path (service, supervisor,
 * SQLite history) through a real proxy, Debian's tinyproxy; only the OS's answer is faked.
 */
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { coreTestScope, openCore } from '../test-support/core-env.ts'
import { peersRequired } from '../test-support/peer-availability.ts'
import { startSocketIoWsPeer } from '../test-support/peers/socketio-ws-peer.ts'
import { findTinyproxy, startTinyproxy, type Tinyproxy } from '../test-support/tinyproxy.ts'
import { waitFor } from '../test-support/wait.ts'
import type { ProxyResolver } from './ports.ts'
import { createSystemProxyResolver } from './transports/system-proxy.ts'

const tinyproxy = findTinyproxy()
if (!tinyproxy) console.warn('feeds-system-proxy.test.ts: no tinyproxy binary (apt-get install tinyproxy); skipped')

const { cleanups, cleanUp } = coreTestScope()
afterEach(cleanUp)

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY', 'all_proxy']
const saved = new Map<string, string | undefined>()
beforeAll(() => {
  // GUI apps on Windows and macOS have no proxy variables: neither does this test.
  for (const name of PROXY_VARS) {
    saved.set(name, process.env[name])
    delete process.env[name]
  }
})
afterAll(() => {
  for (const [name, value] of saved) if (value !== undefined) process.env[name] = value
})

/** A `ws` server on 127.0.0.1 that sends `text` to every client that connects. */
async function wsServer(text: string): Promise<{ url: string; port: number; upgrades: number }> {
  const wss = new WebSocketServer({ noServer: true })
  const server = createServer()
  const sockets = new Set<Socket>()
  const state = { url: '', port: 0, upgrades: 0 }
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('upgrade', (req, socket, head) => {
    state.upgrades++
    wss.handleUpgrade(req, socket, head, (ws) => ws.send(text))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const client of wss.clients) client.terminate()
        for (const s of sockets) s.destroy()
        wss.close()
        server.close(() => r())
      }),
  )
  state.port = (server.address() as AddressInfo).port
  state.url = `ws://127.0.0.1:${state.port}/feed`
  return state
}

describe.runIf(tinyproxy !== null || peersRequired)('feeds through the system proxy (no proxy variables; tinyproxy)', () => {
  let proxy: Tinyproxy
  beforeAll(async () => {
    proxy = await startTinyproxy(tinyproxy ?? '/usr/bin/tinyproxy')
  })
  afterAll(async () => {
    await proxy?.stop()
  })

  it('a WebSocket feed connects through the proxy the OS names for its URL', async () => {
    const server = await wsServer('through the system proxy')
    const asked: string[] = []
    const osProxy: ProxyResolver = async (target) => {
      asked.push(target.href)
      return new URL(proxy.url)
    }
    const c = await openCore(undefined, { proxy: osProxy })
    cleanups.push(() => c.dispose())
    const feed = await c.env.service.handlers['feeds:add']({ url: server.url, name: 'Behind the proxy' })
    await waitFor(() => c.events(feed.id).length === 1, () => `the event; status ${JSON.stringify(c.events(feed.id))}; proxy log ${proxy.log()}`)
    expect(c.events(feed.id)[0]!.data).toBe('through the system proxy')
    expect(asked).toContain(server.url)
    // The proxy carried the connection: it logged the tunnel to the server.
    expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${server.port}`)
  })

  it('the same feed with the OS saying DIRECT does not touch the proxy', async () => {
    const server = await wsServer('direct')
    const c = await openCore(undefined, { proxy: createSystemProxyResolver({ resolve: async () => 'DIRECT', warn: () => {} }) })
    cleanups.push(() => c.dispose())
    const feed = await c.env.service.handlers['feeds:add']({ url: server.url, name: 'Direct' })
    await waitFor(() => c.events(feed.id).length === 1, 'the event')
    expect(proxy.log()).not.toContain(`127.0.0.1:${server.port}`)
  })

  it('a Socket.IO feed over WebSocket skips a SOCKS entry of the PAC answer and goes through the HTTP proxy after it', async () => {
    const peer = await startSocketIoWsPeer()
    cleanups.push(() => peer.stop())
    const port = new URL(peer.url).port
    const asked: string[] = []
    const warnings: { message: string; detail: Record<string, unknown> }[] = []
    const osProxy = createSystemProxyResolver({
      // What Electron's session.resolveProxy answers for a PAC script returning these entries.
      resolve: async (url) => {
        asked.push(url)
        return `SOCKS5 127.0.0.1:1;PROXY ${new URL(proxy.url).host}`
      },
      warn: (message, detail) => warnings.push({ message, detail }),
    })
    const c = await openCore(undefined, { proxy: osProxy })
    cleanups.push(() => c.dispose())
    const feed = await c.env.service.handlers['feeds:add']({ url: peer.url.replace(/^http/, 'ws'), preset: 'socketio', name: 'Chat' })
    await waitFor(async () => (await c.status(feed.id)).state === 'open', () => `open; proxy log ${proxy.log()}`)
    peer.emit('build', { status: 'green' })
    await waitFor(() => c.events(feed.id).length === 1, 'the event')
    expect(c.events(feed.id)[0]).toMatchObject({ type: 'build', data: '{"status":"green"}' })
    // Chromium resolves a WebSocket's proxy by its http(s) form.
    expect(asked[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/`))
    expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${port}`)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.detail).toMatchObject({ skipped: ['SOCKS5 127.0.0.1:1'], using: proxy.url })
  })
})
