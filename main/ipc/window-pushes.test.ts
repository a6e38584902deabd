import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { Pushes } from '../../preload/contract.ts'
import { openEnvironment } from '../cli/environment.ts'
import { waitFor } from '../test-support/wait.ts'
import { forwardPushes, MAX_EVENTS_PER_PUSH } from './window-pushes.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

it('a burst of 3,000 events reaches the window in a few ordered batches', async () => {
  const total = 3000
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    let body = ''
    for (let n = 1; n <= total; n += 1) body += `id: ${n}\ndata: event ${n}\n\n`
    res.write(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r) }))
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-pushes-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = await openEnvironment({ dataDir })
  cleanups.push(() => env.close())

  const sent: { channel: keyof Pushes; args: unknown[] }[] = []
  const stop = forwardPushes(env.service, (channel, ...args) => sent.push({ channel, args }))
  cleanups.push(stop)
  await env.service.handlers['feeds:add']({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, alerts: { enabled: false } })
  await env.service.start()

  const delivered = () => sent.filter((s) => s.channel === 'events:new').flatMap((s) => s.args[0] as { id: string }[])
  await waitFor(() => delivered().length === total, 'every event pushed')
  const batches = sent.filter((s) => s.channel === 'events:new').map((s) => (s.args[0] as unknown[]).length)
  expect(Math.max(...batches)).toBeLessThanOrEqual(MAX_EVENTS_PER_PUSH)
  expect(delivered().map((e) => e.id)).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)))
  // Unread counts arrive as their latest value, not once per stored chunk.
  const unread = () => sent.filter((s) => s.channel === 'unread:changed').map((s) => (s.args[0] as { total: number }).total)
  await waitFor(() => unread().at(-1) === total, 'final unread count')
  // Counts only grow during a burst, and each push carries the latest value, never a stale one.
  expect(unread()).toEqual([...unread()].sort((a, b) => a - b))
})
