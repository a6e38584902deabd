/**
 * A feed's lifecycle steps (pause, resume, edit, remove) while its events are still being stored
 * on the writer thread. Storage is held up for real: the test holds the history file's write lock
 * from a second SQLite connection, as a big "clear history" would.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, expect, it } from 'vitest'
import { HISTORY_FILE, openEnvironment } from '../cli/environment.ts'
import { waitFor } from '../test-support/wait.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const FIRST = 'id: 1\ndata: a\n\ndata: b\n\n'
/** Sent after the first events on every later connection: once "c" is stored, a replay would be too. */
const NEXT = 'id: 2\ndata: c\n\n'

async function setup() {
  let connections = 0
  const clients = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    connections += 1
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(': hello\n\n')
    if (Number(req.headers['last-event-id'] ?? 0) >= 1) {
      res.write(NEXT) // resumed: only what is new
      clients.add(res)
    } else if (connections === 1) waiting.push(res) // the first connection gets them when the test says
    else {
      res.write(FIRST + NEXT) // a connection without a resume point gets everything again
      clients.add(res)
    }
    req.on('close', () => clients.delete(res))
  })
  const waiting: ServerResponse[] = []
  // "b" inherits id 1, as the SSE standard says: a replay cannot be told from a new event.
  const sendFirst = () => waiting.splice(0).forEach((res) => {
    res.write(FIRST)
    clients.add(res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r) }))
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-lifecycle-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = await openEnvironment({ dataDir })
  cleanups.push(() => env.close())
  // Holds the write lock, so the writer thread's append waits with the batch in flight.
  const blocker = new DatabaseSync(join(dataDir, HISTORY_FILE), { timeout: 10_000 }) // waits out the writer's own commit
  const block = () => blocker.exec('BEGIN IMMEDIATE')
  const release = () => {
    if (blocker.isTransaction) blocker.exec('COMMIT')
  }
  cleanups.push(() => {
    release()
    blocker.close()
  })
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/e`
  /** A feed connected, its first events received, and their storage held up by the lock. */
  const batchInFlight = async () => {
    const feed = await env.service.handlers['feeds:add']({ url })
    await env.service.start()
    await waitFor(() => connections === 1, 'the first connection')
    block()
    sendFirst()
    await waitFor(async () => (await env.service.handlers['feeds:list']())[0]!.status.counters.bytes > 20, 'the batch received')
    return feed
  }
  return { env, url, release, batchInFlight, connections: () => connections, clients }
}

it('pause then resume while a batch is being stored: resumes from what was stored, no duplicate', async () => {
  const { env, release, batchInFlight, connections } = await setup()
  const feed = await batchInFlight()
  const paused = env.service.handlers['feeds:pause'](feed.id)
  const resumed = env.service.handlers['feeds:resume'](feed.id)
  release() // storage catches up only now
  await Promise.all([paused, resumed])
  await waitFor(() => connections() === 2, 'the resumed connection')
  // Events arrive in order: when "c" is stored, a replay of "a" and "b" would have been stored first.
  await waitFor(() => env.history.query({}).events.some((e) => e.data === 'c'), 'the event after the resume point stored')
  expect(env.history.query({ order: 'oldest' }).events.map((e) => e.data)).toEqual(['a', 'b', 'c'])
  expect((await env.service.handlers['feeds:list']())[0]!.status.state).not.toBe('paused')
})

it('edit then remove while a batch is being stored: the removed feed stays removed', async () => {
  const { env, url, release, batchInFlight, clients } = await setup()
  const feed = await batchInFlight()
  const edited = env.service.handlers['feeds:update'](feed.id, { url: `${url}?v=2` })
  const removed = env.service.handlers['feeds:remove'](feed.id)
  release()
  await edited
  await removed
  expect(await env.service.handlers['feeds:list']()).toEqual([])
  await waitFor(() => clients.size === 0, 'no connection left open')
  expect(env.history.query({}).total).toBe(0)
  expect((await env.service.handlers['app:unread']()).total).toBe(0)
})
