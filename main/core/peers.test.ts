/**
 * Tidings against real SSE servers that other people wrote (../shared/peers): nginx + nchan, and
 * the seed tutorials' Flask server. Both come from Debian; .ci/run installs them.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEnvironment, type Environment } from '../cli/environment.ts'
import type { Toast } from './ports.ts'
import type { FeedStatus } from './types.ts'
import { waitFor } from '../test-support/wait.ts'
import { peersRequired } from '../test-support/peer-availability.ts'

const peers = resolve(import.meta.dirname, '../../../shared/peers')
// The peers are Debian packages: CI on Linux (.ci/run) installs them and must run these tests; on
// other machines (macOS/Windows runners) they are skipped when absent, saying so.
const required = peersRequired
const hasNchan = existsSync('/usr/lib/nginx/modules/ngx_nchan_module.so') && existsSync(join(peers, 'nchan/start.sh'))
const hasFlask = existsSync('/usr/bin/python3') && existsSync('/usr/lib/python3/dist-packages/flask') && existsSync(join(peers, 'flask/start.sh'))
if (!required && !(hasNchan && hasFlask)) console.warn('peers.test.ts: nginx+nchan or python3-flask (Debian) or ../shared/peers missing; skipping those peers')
const describeNchan = required || hasNchan ? describe : describe.skip
const describeFlask = required || hasFlask ? describe : describe.skip

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => done(port))
    })
  })
}

async function coreOn(dataDir: string, toasts: Toast[] = []): Promise<Environment> {
  const env = await openEnvironment({ dataDir, notifier: { show: (t) => toasts.push(t) } })
  await env.service.start()
  return env
}

const statusOf = async (env: Environment, id: string): Promise<FeedStatus> =>
  (await env.service.handlers['feeds:list']()).find((f) => f.id === id)!.status

describeNchan('nginx + nchan', () => {
  let runtime = ''
  let port = 0
  let base = ''
  const publish = async (channel: string, data: string, event = 'add') => {
    const res = await fetch(`${base}/pub/${channel}`, { method: 'POST', headers: { 'X-EventSource-Event': event }, body: data })
    expect(res.status).toBeLessThan(300)
  }

  beforeAll(async () => {
    runtime = mkdtempSync(join(tmpdir(), 'tidings-nchan-'))
    port = await freePort()
    base = `http://127.0.0.1:${port}`
    execFileSync('bash', [join(peers, 'nchan/start.sh'), runtime, String(port)], { stdio: 'pipe' })
  })
  afterAll(() => {
    if (runtime) execFileSync('bash', [join(peers, 'nchan/stop.sh'), runtime], { stdio: 'pipe' })
    if (runtime) rmSync(runtime, { recursive: true, force: true })
  })

  it('stores named events, resumes with nchan ids after a restart, ignores data-less pings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-data-'))
    try {
      let env = await coreOn(dataDir)
      const feed = await env.service.handlers['feeds:add']({ url: `${base}/sub/alerts`, name: 'nchan' })
      await waitFor(async () => (await statusOf(env, feed.id)).state === 'open', 'nchan open')
      await publish('alerts', 'first')
      await publish('alerts', 'second')
      await waitFor(() => env.history.query({ feedId: feed.id }).total === 2, 'two events')
      const cursor = env.history.cursor(feed.id).lastEventId
      expect(cursor).toMatch(/^\d+:\d+/)
      await env.close()

      // Published while Tidings was not running: replayed from the stored Last-Event-ID.
      await publish('alerts', 'while away 1')
      await publish('alerts', 'while away 2', 'deploy')
      env = await coreOn(dataDir)
      await waitFor(() => env.history.query({ feedId: feed.id }).total === 4, 'replayed events')
      const events = env.history.query({ feedId: feed.id, order: 'oldest' }).events
      expect(events.map((e) => [e.type, e.data])).toEqual([
        ['add', 'first'],
        ['add', 'second'],
        ['add', 'while away 1'],
        ['deploy', 'while away 2'],
      ])
      expect(new Set(events.map((e) => e.id)).size).toBe(4)
      await env.close()
      const log = readFileSync(join(runtime, 'access.log'), 'utf8')
      expect(log).not.toMatch(/GET \/sub\/alerts[^"]*" 403/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 40_000)

  it('replays a whole channel buffer once, even when subscribed twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-data-'))
    try {
      await publish('buffer', 'b1')
      await publish('buffer', 'b2')
      const env = await coreOn(dataDir)
      const feed = await env.service.handlers['feeds:add']({ url: `${base}/suball/buffer` })
      await waitFor(() => env.history.query({ feedId: feed.id }).total === 2, 'buffer replay')
      await env.service.handlers['feeds:pause'](feed.id)
      await env.service.handlers['feeds:resume'](feed.id)
      await publish('buffer', 'b3')
      await waitFor(() => env.history.query({ feedId: feed.id }).total === 3, 'third event')
      expect(env.history.query({ feedId: feed.id, order: 'oldest' }).events.map((e) => e.data)).toEqual(['b1', 'b2', 'b3'])
      await env.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describeFlask('the seed tutorials\' Flask server', () => {
  let runtime = ''
  let base = ''
  beforeAll(async () => {
    expect(existsSync('/usr/bin/python3')).toBe(true)
    runtime = mkdtempSync(join(tmpdir(), 'tidings-flask-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    execFileSync('bash', [join(peers, 'flask/start.sh'), runtime, String(port)], { stdio: 'pipe' })
  })
  afterAll(() => {
    try {
      process.kill(Number(readFileSync(join(runtime, 'flask.pid'), 'utf8')))
    } catch {
      // already gone
    }
    rmSync(runtime, { recursive: true, force: true })
  })

  it('hears `event: add` and resumes after the server closes the stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-data-'))
    try {
      const env = await coreOn(dataDir)
      const feed = await env.service.handlers['feeds:add']({ url: `${base}/stream?count=2&interval=0` })
      await waitFor(() => env.history.query({ feedId: feed.id }).total >= 3, 'three seed events')
      const publish = await fetch(`${base}/publish`, { method: 'POST', body: 'published later' })
      expect(publish.status).toBe(201)
      await waitFor(() => env.history.query({ feedId: feed.id }).total >= 4, 'published event', 15_000)
      const events = env.history.query({ feedId: feed.id, order: 'oldest' }).events
      expect(events.slice(0, 4).map((e) => [e.id, e.type, e.data])).toEqual([
        ['1', 'add', 'item 1'],
        ['2', 'add', 'item 2'],
        ['3', 'add', 'item 3'],
        ['4', 'add', 'published later'],
      ])
      expect((await statusOf(env, feed.id)).counters.reconnects).toBeGreaterThanOrEqual(1)
      await env.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 30_000)

  it.each([
    ['/status/204', 'no-content'],
    ['/status/401', 'auth'],
    ['/status/404', 'not-found'],
    ['/wrongtype', 'content-type'],
  ])('%s stops the feed (%s) and tells the user once', async (path, reason) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-data-'))
    const toasts: Toast[] = []
    try {
      const env = await coreOn(dataDir, toasts)
      const feed = await env.service.handlers['feeds:add']({ url: `${base}${path}` })
      const status = await waitFor(async () => {
        const s = await statusOf(env, feed.id)
        return s.state === 'stopped' && s
      }, 'stopped')
      expect(status.stopReason).toBe(reason)
      expect(env.history.query({ feedId: feed.id }).total).toBe(0)
      await waitFor(() => toasts.some((t) => t.kind === 'feed-stopped'), 'feed-stopped toast')
      expect(toasts.filter((t) => t.kind === 'feed-stopped')).toHaveLength(1)
      await env.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
