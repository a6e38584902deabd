/**
 * WebSocket feeds (`ws://` URLs) through the full path — the service, its supervisor, a real
 * SQLite history, alerts at a recording Notifier — against the Python `websockets` server the
 * tutorials use and a `ws` server in Node.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { coreTestScope, openCore } from '../test-support/core-env.ts'
import { startWsPeer, type WsPeer } from '../test-support/peers/ws-peer.ts'
import { describeWithPeer, pythonHas } from '../test-support/peer-availability.ts'
import { waitFor } from '../test-support/wait.ts'

const { cleanups, core, cleanUp } = coreTestScope()
afterEach(cleanUp)

describeWithPeer(pythonHas('websockets'), 'python3-websockets')('a WebSocket feed on the Python websockets server', () => {
  let peer: WsPeer | null = null

  it('stores each text message, drops binary ones with a reason, and after the server restarts reconnects and says events may be missing', async () => {
    const c = await core()
    peer = await startWsPeer()
    cleanups.push(() => peer?.stop())
    const port = peer.port
    const feed = await c.env.service.handlers['feeds:add']({ url: `${peer.url}/alerts`, name: 'Py' })
    expect(feed.preset).toBe('generic')
    await peer.client(1)
    await waitFor(async () => (await c.status(feed.id)).state === 'open', 'open')

    await peer.text('{"type":"alert","message":"disk full"}')
    await peer.binary(8)
    await peer.text('plain words')
    await waitFor(() => c.events(feed.id).length === 2, () => `two events, got ${JSON.stringify(c.events(feed.id))}`)
    expect(c.events(feed.id).map((e) => [e.type, e.data])).toEqual([
      ['alert', '{"type":"alert","message":"disk full"}'],
      ['message', 'plain words'],
    ])
    const afterDrop = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.counters.dropped === 1 ? s : null
    }, 'the binary message counted as dropped')
    expect(afterDrop.lastError).toMatchObject({ kind: 'invalid', code: 'DROPPED_BINARY' })
    await waitFor(() => c.toasts.filter((t) => t.kind === 'event').length === 2, 'two toasts')
    expect(c.toasts[0]).toMatchObject({ title: 'Py · alert', body: 'disk full' })
    expect((await c.status(feed.id)).lastGap).toBeNull()

    // The server goes away and comes back on the same port: reconnect after the base delay.
    await peer.stop()
    const lostAfter = Date.now()
    peer = await startWsPeer(port)
    await peer.client(1)
    const reopened = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.state === 'open' && s.lastGap !== null ? s : null
    }, 'open again with a gap', 30_000)
    expect(reopened.counters.reconnects).toBeGreaterThanOrEqual(1)
    expect(reopened.lastGap).toMatchObject({ feedId: feed.id, requested: '', actual: '' })
    expect(reopened.lastGap!.missingSince).toBeGreaterThanOrEqual(lostAfter - 5_000)
    expect(reopened.lastGap!.missingSince).toBeLessThanOrEqual(reopened.lastGap!.at)
    // Kept in the history too (requested and actual '' mark "could not replay at all").
    expect(await c.env.service.handlers['history:gaps'](feed.id)).toEqual([expect.objectContaining({ requested: '', actual: '' })])

    await peer.text('after the restart')
    await waitFor(() => c.events(feed.id).length === 3, 'the event after the restart')
    expect(c.events(feed.id).at(-1)!.data).toBe('after the restart')
  }, 60_000)
})

describe('a WebSocket feed on a ws server in Node', () => {
  interface NodeWs {
    url: string
    upgrades: IncomingMessage['headers'][]
    status: { refuse: number }
    send(text: string): void
  }

  async function nodeWs(): Promise<NodeWs> {
    const wss = new WebSocketServer({ noServer: true })
    const server = createServer()
    const sockets = new Set<Socket>()
    const upgrades: IncomingMessage['headers'][] = []
    const status = { refuse: 0 }
    server.on('connection', (s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    server.on('upgrade', (req, socket, head) => {
      upgrades.push(req.headers)
      if (status.refuse) {
        socket.end(`HTTP/1.1 ${status.refuse} Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`)
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
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
    return {
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/feed`,
      upgrades,
      status,
      send: (text) => wss.clients.forEach((ws) => ws.send(text)),
    }
  }

  it('sends the headers and the bearer token, stores events, and toasts them', async () => {
    const c = await core()
    const server = await nodeWs()
    const feed = await c.env.service.handlers['feeds:add']({ url: server.url, name: 'Node', headers: { 'X-Team': 'ops' }, auth: { kind: 'bearer' }, secret: 't0ken' })
    await waitFor(async () => (await c.status(feed.id)).state === 'open', 'open')
    expect(server.upgrades[0]).toMatchObject({ 'x-team': 'ops', authorization: 'Bearer t0ken' })
    for (let i = 1; i <= 50; i++) server.send(JSON.stringify({ event: 'tick', n: i }))
    await waitFor(() => c.events(feed.id).length === 50, () => `50 events, got ${c.events(feed.id).length}`)
    expect(c.events(feed.id).map((e) => (JSON.parse(e.data) as { n: number }).n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(new Set(c.events(feed.id).map((e) => e.type))).toEqual(new Set(['tick']))
  })

  it('after the app restarts, says events sent while it was not running may be missing (a WebSocket cannot replay)', async () => {
    const first = await core()
    const server = await nodeWs()
    const feed = await first.env.service.handlers['feeds:add']({ url: server.url, name: 'Node' })
    await waitFor(async () => (await first.status(feed.id)).state === 'open', 'open')
    server.send('before the restart')
    await waitFor(() => first.events(feed.id).length === 1, 'the first event')
    const lastStored = first.events(feed.id)[0]!.receivedAt
    await first.env.close()

    const again = await openCore(first.dataDir)
    cleanups.push(() => again.dispose())
    const reopened = await waitFor(async () => {
      const status = await again.status(feed.id)
      return status.state === 'open' && status.lastGap ? status : null
    }, 'open again, with a gap')
    expect(reopened.lastGap).toMatchObject({ requested: '', actual: '', missingSince: lastStored })
    expect(await again.env.service.handlers['history:gaps'](feed.id)).toHaveLength(1)
  })

  it('"Test connection" opens a WebSocket feed once and shows its first events, storing nothing', async () => {
    const c = await core()
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => wss.once('listening', () => r()))
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())))
    wss.on('connection', (ws) => {
      ws.send('{"type":"alert","message":"one"}')
      ws.send('two')
    })
    const result = await c.env.service.handlers['feeds:test']({ url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` })
    expect(result).toMatchObject({ ok: true, contentType: null, error: null, suggestedPreset: 'generic' })
    expect(result.events.map((e) => [e.type, e.data])).toEqual([
      ['alert', '{"type":"alert","message":"one"}'],
      ['message', 'two'],
    ])
    expect(c.env.history.query({}).total).toBe(0)
  })

  it('a 401 during the upgrade stops the feed with auth, tells the user once and does not hammer the server', async () => {
    const c = await core()
    const server = await nodeWs()
    server.status.refuse = 401
    const feed = await c.env.service.handlers['feeds:add']({ url: server.url, name: 'Locked' })
    const stopped = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.state === 'stopped' ? s : null
    }, 'stopped')
    expect(stopped.stopReason).toBe('auth')
    expect(stopped.lastError).toMatchObject({ kind: 'auth', status: 401 })
    await waitFor(() => c.toasts.some((t) => t.kind === 'feed-stopped'), 'the stopped notice')
    // The user resumes; still refused: stopped again, not told again, one attempt per resume.
    await c.env.service.handlers['feeds:resume'](feed.id)
    await waitFor(() => server.upgrades.length === 2, 'the second attempt')
    await waitFor(async () => (await c.status(feed.id)).state === 'stopped', 'stopped again')
    expect(c.toasts.filter((t) => t.kind === 'feed-stopped')).toHaveLength(1)
    expect(server.upgrades).toHaveLength(2)
  })
})
