/**
 * The service end to end on a real data folder: feeds through the bridge handlers, events from a
 * real SSE server into SQLite, unread badge, toasts at the Notifier port, import/export, "Test
 * connection", pause/resume, wake-up.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { openEnvironment, type Environment } from '../cli/environment.ts'
import { DEFAULT_WAL_AUTOCHECKPOINT, READER_WAL_AUTOCHECKPOINT } from './history/index.ts'
import type { Toast } from './ports.ts'
import { waitFor } from '../test-support/wait.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server }
}

async function core(): Promise<{ env: Environment; toasts: Toast[]; badge: number[]; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-service-'))
  const toasts: Toast[] = []
  const badge: number[] = []
  const env = await openEnvironment({ dataDir, notifier: { show: (t) => toasts.push(t) }, badge: { set: (n) => badge.push(n) } })
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  cleanups.push(() => env.close())
  await env.service.start()
  return { env, toasts, badge, dataDir }
}

/** An SSE endpoint whose events the test pushes. */
async function liveFeed() {
  const clients = new Set<ServerResponse>()
  const seen: IncomingMessage[] = []
  const { url } = await serve((req, res) => {
    seen.push(req)
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(': hello\n\n')
    clients.add(res)
    req.on('close', () => clients.delete(res))
  })
  return {
    url: `${url}/events`,
    seen,
    clients,
    send: (frame: string) => clients.forEach((c) => c.write(frame)),
  }
}

describe('service', () => {
  it('stores events, counts unread, sets the badge and toasts', async () => {
    const { env, toasts, badge } = await core()
    const feed = await liveFeed()
    const added = await env.service.handlers['feeds:add']({ url: feed.url, name: 'Alerts', headers: { 'X-Team': 'ops' }, auth: { kind: 'bearer' }, secret: 't0ken' })
    expect(added.hasSecret).toBe(true)
    await waitFor(() => feed.clients.size === 1, 'connection')
    expect(feed.seen[0]!.headers).toMatchObject({ 'x-team': 'ops', authorization: 'Bearer t0ken', accept: 'text/event-stream' })
    const pushed: number[] = []
    env.service.on('events:new', (batch) => pushed.push(...batch.map((e) => e.seq)))
    feed.send('id: a1\nevent: alert\ndata: {"message":"disk full"}\n\n')
    feed.send('id: a2\ndata: plain text\n\n')
    await waitFor(() => pushed.length === 2, 'two events pushed')
    expect((await env.service.handlers['app:unread']()).total).toBe(2)
    expect(badge.at(-1)).toBe(2)
    await waitFor(() => toasts.length >= 2, 'toasts')
    expect(toasts[0]).toMatchObject({ feedId: added.id, kind: 'event', seq: pushed[0] })
    await env.service.handlers['history:mark-read']({ scope: 'event', seq: pushed[0]! })
    expect((await env.service.handlers['app:unread']()).byFeed[added.id]).toBe(1)
    expect(badge.at(-1)).toBe(1)
    await env.service.handlers['history:mark-read']({ scope: 'all' })
    expect(badge.at(-1)).toBe(0)
    const page = await env.service.handlers['history:query']({ feedId: added.id, search: 'disk' })
    expect(page.events.map((e) => e.id)).toEqual(['a1'])
    expect(await env.service.handlers['history:types'](added.id)).toEqual(expect.arrayContaining(['alert', 'message']))
    const stored = (await env.service.handlers['history:get'](pushed[1]!))!
    expect((await env.service.handlers['feeds:list']())[0]!.status.lastEventAt).toBe(stored.receivedAt)
  })

  it('knows when a feed last had an event across a restart', async () => {
    const { env, dataDir } = await core()
    const feed = await liveFeed()
    const added = await env.service.handlers['feeds:add']({ url: feed.url })
    await waitFor(() => feed.clients.size === 1, 'connection')
    feed.send('data: before the restart\n\n')
    await waitFor(() => env.history.query({ feedId: added.id }).total === 1, 'stored')
    const at = env.history.query({ feedId: added.id }).events[0]!.receivedAt
    await env.close()
    const again = await openEnvironment({ dataDir })
    cleanups.push(() => again.close())
    expect((await again.service.handlers['feeds:list']())[0]!.status.lastEventAt).toBe(at)
    const statuses: number[] = []
    again.service.on('feeds:status', (s) => s.lastEventAt !== null && statuses.push(s.lastEventAt))
    await again.service.start()
    await waitFor(() => statuses.length > 0, 'a status after the restart')
    expect(statuses[0]).toBe(at)
  })

  it('keeps secrets out of the settings file and exports them only when asked', async () => {
    const { env, dataDir } = await core()
    await env.service.handlers['feeds:add']({ url: 'http://127.0.0.1:9/x', auth: { kind: 'basic', username: 'ann' }, secret: 'pa55' })
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).not.toContain('pa55')
    expect(await env.service.handlers['feeds:export'](false)).not.toContain('pa55')
    const withSecrets = await env.service.handlers['feeds:export'](true)
    expect(withSecrets).toContain('pa55')
    const other = await core()
    expect(await other.env.service.handlers['feeds:import'](withSecrets)).toEqual({ added: 1, skipped: 0, errors: [] })
    expect(await other.env.service.handlers['feeds:import'](withSecrets)).toEqual({ added: 0, skipped: 1, errors: [] })
    const [imported] = await other.env.service.handlers['feeds:list']()
    expect(imported).toMatchObject({ url: 'http://127.0.0.1:9/x', hasSecret: true, auth: { kind: 'basic', username: 'ann' } })
    await expect(other.env.service.handlers['feeds:import']('{oops')).rejects.toThrow(/not valid JSON/)
  })

  it('pauses, resumes, renames, reorders and removes feeds', async () => {
    const { env } = await core()
    const feed = await liveFeed()
    const a = await env.service.handlers['feeds:add']({ url: feed.url, name: 'A' })
    const b = await env.service.handlers['feeds:add']({ url: 'http://127.0.0.1:9/b', name: 'B', paused: true })
    await waitFor(() => feed.clients.size === 1, 'A connects')
    await env.service.handlers['feeds:pause'](a.id)
    await waitFor(() => feed.clients.size === 0, 'A disconnects')
    expect((await env.service.handlers['feeds:list']()).find((f) => f.id === a.id)!.status.state).toBe('paused')
    await env.service.handlers['feeds:resume'](a.id)
    await waitFor(() => feed.clients.size === 1, 'A reconnects')
    await env.service.handlers['feeds:update'](a.id, { url: feed.url, name: 'Renamed' })
    await env.service.handlers['feeds:reorder']([b.id, a.id])
    expect((await env.service.handlers['feeds:list']()).map((f) => f.name)).toEqual(['B', 'Renamed'])
    await env.service.handlers['feeds:remove'](a.id)
    await waitFor(() => feed.clients.size === 0, 'removed feed disconnects')
    expect((await env.service.handlers['feeds:list']()).map((f) => f.name)).toEqual(['B'])
    await expect(env.service.handlers['feeds:remove']('nope')).rejects.toThrow(/no feed with id "nope"/)
    await expect(env.service.handlers['feeds:add']({ url: 'file:///etc/passwd' })).rejects.toThrow(/Only http and https/)
  })

  it('tests a connection: first events, or the exact error', async () => {
    const { env } = await core()
    const { url } = await serve((req, res) => {
      if (req.url === '/ok') {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.end('data: one\n\ndata: two\n\n')
      } else if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html></html>')
      } else {
        res.writeHead(401)
        res.end()
      }
    })
    const ok = await env.service.handlers['feeds:test']({ url: `${url}/ok` })
    expect(ok).toMatchObject({ ok: true, status: 200, error: null })
    expect(ok.events.map((e) => e.data)).toEqual(['one', 'two'])
    const html = await env.service.handlers['feeds:test']({ url: `${url}/html` })
    expect(html).toMatchObject({ ok: false, error: { kind: 'content-type' } })
    const denied = await env.service.handlers['feeds:test']({ url: `${url}/secret` })
    expect(denied).toMatchObject({ ok: false, status: 401, error: { kind: 'auth', status: 401 } })
    const refused = await env.service.handlers['feeds:test']({ url: 'http://127.0.0.1:9/none' })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'network' } })
    expect((await env.service.handlers['feeds:test']({ url: 'https://ntfy.sh/x/sse' })).suggestedPreset).toBe('ntfy')
    expect(await env.service.handlers['feeds:list']()).toEqual([])
  })

  it('reconnects a feed waiting in backoff at once when woken', async () => {
    const { env } = await core()
    let up = false
    const seen: number[] = []
    const { url } = await serve((_req, res) => {
      seen.push(Date.now())
      if (!up) {
        res.writeHead(500)
        return void res.end()
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('retry: 60000\n\n')
    })
    const feed = await env.service.handlers['feeds:add']({ url })
    await waitFor(async () => (await env.service.handlers['feeds:list']())[0]!.status.state === 'backoff', 'backoff')
    const status = (await env.service.handlers['feeds:list']())[0]!.status
    expect(status.lastError).toMatchObject({ kind: 'http', status: 500 })
    expect(status.nextRetryAt! - Date.now()).toBeGreaterThan(500)
    up = true
    env.service.wake('resume')
    await waitFor(async () => (await env.service.handlers['feeds:list']()).find((f) => f.id === feed.id)!.status.state === 'open', 'open after wake', 2_000)
  })

  it('resumes ntfy feeds with since= and stores only messages', async () => {
    const { env } = await core()
    const sinceSeen: (string | null)[] = []
    const { url } = await serve((req, res) => {
      const since = new URL(req.url!, 'http://x').searchParams.get('since')
      sinceSeen.push(since)
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const msg = (id: string, message: string) =>
        `data: ${JSON.stringify({ id, time: 1, event: 'message', topic: 'alerts', message, title: 'T', priority: 4 })}\n\n`
      res.write(`event: open\ndata: ${JSON.stringify({ id: 'o1', time: 1, event: 'open', topic: 'alerts' })}\n\n`)
      if (since === null) res.end(msg('m1', 'first') + msg('m2', 'second'))
      else res.write(`event: keepalive\ndata: ${JSON.stringify({ id: 'k1', time: 2, event: 'keepalive', topic: 'alerts' })}\n\n` + msg('m3', 'third'))
    })
    const feed = await env.service.handlers['feeds:add']({ url: `${url}/alerts/sse` })
    expect(feed.preset).toBe('ntfy')
    await waitFor(() => env.history.query({ feedId: feed.id }).total === 3, 'three messages')
    expect(env.history.query({ feedId: feed.id, order: 'oldest' }).events.map((e) => e.id)).toEqual(['m1', 'm2', 'm3'])
    expect(sinceSeen.slice(0, 2)).toEqual([null, 'm2'])
    expect(env.history.cursor(feed.id).since).toBe('m3')
  })
})

describe('a history writer thread that cannot start', () => {
  it('(without a writer thread, the main connection checkpoints as SQLite does by default)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-service-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const env = await openEnvironment({ dataDir, writer: false })
    cleanups.push(() => env.close())
    expect(env.history.walAutocheckpoint()).toBe(DEFAULT_WAL_AUTOCHECKPOINT)
  })

  it('starts the writer thread ahead of a likely burst: a feed added, a feed resuming from a stored cursor, a wake-up; not for quiet feeds at start', async () => {
    const { env, dataDir } = await core()
    const requests: (string | undefined)[] = []
    let respond: (() => void) | null = null
    const { url } = await serve((req, res) => {
      requests.push(req.headers['last-event-id'] as string | undefined)
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      respond = () => res.write(`id: ${requests.length}\ndata: event ${requests.length}\n\n`)
    })
    // A quiet feed (its server never sends), there before the feed below.
    const quiet = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hello\n\n'))
    expect(env.writer?.running()).toBe(false)
    await env.service.handlers['feeds:add']({ url: quiet.url })
    // Nothing stored yet: a new feed's backlog is likely, so the thread was started as it was added.
    expect(env.writer?.running()).toBe(true)
    await env.close()

    // A restart with only that quiet feed, which has nothing to replay: no thread (500 quiet feeds need none).
    const second = await openEnvironment({ dataDir })
    cleanups.push(() => second.close())
    await second.service.start()
    await waitFor(() => second.service.handlers['feeds:list']().then((feeds) => feeds[0]?.status.state === 'open'), 'the quiet feed open')
    expect(second.writer?.running()).toBe(false)
    // Waking from sleep: feeds reconnect and may replay what they missed.
    second.service.wake('resume')
    expect(second.writer?.running()).toBe(true)
    await second.service.handlers['feeds:add']({ url })
    await waitFor(() => respond !== null, 'the feed connected')
    respond!()
    await waitFor(() => second.history.query({}).total === 1, 'the first event stored')
    await second.close()

    // A restart: the feed resumes after id 1 and may replay at once.
    respond = null
    const again = await openEnvironment({ dataDir })
    cleanups.push(() => again.close())
    expect(again.writer?.running()).toBe(false)
    await again.service.start()
    await waitFor(() => respond !== null, 'the feed connected again')
    expect(requests).toEqual([undefined, '1'])
    expect(again.writer?.running()).toBe(true) // nothing to store yet: it was started ahead
    respond!()
    await waitFor(() => again.history.query({}).total === 2, 'the replay stored')
  })

  it('marks events read on the running writer thread: waiting for the write lock never blocks this thread', async () => {
    const { env, dataDir } = await core()
    let push: ((text: string) => void) | null = null
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      push = (text) => res.write(text)
    })
    await env.service.handlers['feeds:add']({ url })
    await waitFor(() => push !== null, 'the feed connected')
    push!('id: 1\ndata: one\n\nid: 2\ndata: two\n\n')
    await waitFor(() => env.history.query({}).total === 2, 'two events stored')
    expect(env.writer?.running()).toBe(true)

    // Another connection holds the write lock, as the writer thread does while it stores a burst.
    const holder = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads')
       const { DatabaseSync } = require('node:sqlite')
       const db = new DatabaseSync(workerData)
       db.exec('BEGIN IMMEDIATE')
       parentPort.postMessage('locked')
       parentPort.once('message', () => { db.exec('COMMIT'); db.close(); parentPort.postMessage('released') })`,
      { eval: true, workerData: join(dataDir, 'history.db') },
    )
    cleanups.push(async () => void (await holder.terminate()))
    await new Promise((resolve) => holder.once('message', resolve))

    let done = false
    const marking = env.service.handlers['history:mark-read']({ scope: 'all' }).then(() => (done = true))
    // This thread goes on while the lock is held (on this connection the call would have slept
    // in SQLite's busy handler until the lock came free — which this very thread has to allow).
    await new Promise((resolve) => setImmediate(resolve))
    expect(done).toBe(false)
    holder.postMessage('release')
    await marking
    expect((await env.service.handlers['app:unread']()).total).toBe(0)
    expect(env.history.query({ unreadOnly: true }).total).toBe(0)
  })

  it('is bypassed: events are stored on the calling thread, none lost', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-service-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const env = await openEnvironment({ dataDir, writerScript: new URL('file:///nonexistent/history-writer.js') })
    cleanups.push(() => env.close())
    const { url } = await serve((req, res) => {
      const after = Number(req.headers['last-event-id'] ?? 0)
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      let body = 'retry: 10\n\n'
      for (let n = after + 1; n <= 5; n += 1) body += `id: ${n}\ndata: event ${n}\n\n`
      res.write(body)
    })
    // With a writer thread, this connection leaves the checkpoints of bursts to it...
    expect(env.history.walAutocheckpoint()).toBe(READER_WAL_AUTOCHECKPOINT)
    await env.service.handlers['feeds:add']({ url })
    await env.service.start()
    await waitFor(() => env.history.query({}).total === 5, 'five events stored')
    expect(env.history.query({ order: 'oldest' }).events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5'])
    // ...until it stores the appends itself: then it checkpoints as SQLite does by default.
    expect(env.history.walAutocheckpoint()).toBe(DEFAULT_WAL_AUTOCHECKPOINT)
  })
})
