/**
 * `reloadFeeds`: the feed list changed by another process (the app, `tidings feeds add` in another
 * terminal) reaches a running service — added feeds connect, edited ones reconnect only when the
 * connection changed, removed ones disconnect. The other process is a second settings store on
 * the same real file.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openEnvironment, openSettings } from '../cli/environment.ts'
import { applyFeedInput } from './feeds/feed.ts'
import { waitFor } from '../test-support/wait.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

it('follows feeds added, edited and removed by another process, starting with none', async () => {
  const requests: IncomingMessage[] = []
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    requests.push(req)
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(`data: ${req.url}\n\n`)
    open.add(res)
    req.on('close', () => open.delete(res))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r) }))
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-reload-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = await openEnvironment({ dataDir })
  cleanups.push(() => env.close())
  await env.service.start()
  const lists: string[][] = []
  env.service.on('feeds:changed', (feeds) => lists.push(feeds.map((f) => f.name)))

  const other = openSettings(dataDir)
  const feed = applyFeedInput({ url: `${base}/a`, name: 'A' }, null, { now: Date.now(), order: 0 })
  other.setFeeds([feed])
  await env.service.reloadFeeds()
  await waitFor(() => env.history.query({}).total === 1, 'the added feed stored its first event')
  expect((await env.service.handlers['feeds:list']()).map((f) => f.name)).toEqual(['A'])
  expect(lists.at(-1)).toEqual(['A'])

  // Same list again (our own write seen by the watcher): nothing happens.
  const changes = lists.length
  await env.service.reloadFeeds()
  expect(lists).toHaveLength(changes)

  // A rename keeps the connection; a new URL reconnects.
  other.setFeeds([{ ...feed, name: 'A2' }])
  await env.service.reloadFeeds()
  expect((await env.service.handlers['feeds:list']())[0]!.name).toBe('A2')
  expect(requests).toHaveLength(1)
  other.setFeeds([{ ...feed, name: 'A2', url: `${base}/b` }])
  await env.service.reloadFeeds()
  await waitFor(() => requests.length === 2 && open.size === 1, 'the edited feed reconnected')
  expect(requests[1]!.url).toBe('/b')

  other.setFeeds([])
  await env.service.reloadFeeds()
  await waitFor(() => open.size === 0, 'the removed feed disconnected')
  expect(await env.service.handlers['feeds:list']()).toEqual([])
})
