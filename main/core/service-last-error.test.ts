/**
 * "Last error" survives a restart (issue 9, point 2): a feed that was refused shows why after the
 * app or `tidings run` starts again — before any new connection has failed — and forgets it only
 * when the feed is removed.
 */
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openEnvironment } from '../cli/environment.ts'
import { waitFor } from '../test-support/wait.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('last error across restarts', () => {
  it('is shown after a restart, and forgotten with the feed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-last-error-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const server = createServer((_req, res) => res.writeHead(401).end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/events`

    const first = await openEnvironment({ dataDir, writer: false })
    await first.service.start()
    const feed = await first.service.handlers['feeds:add']({ url, name: 'Ops' })
    await waitFor(async () => (await first.service.handlers['feeds:list']())[0]!.status.state === 'stopped', 'the 401 stops the feed')
    await first.service.handlers['feeds:pause'](feed.id) // so the restart below makes no new attempt
    await first.close()

    const again = await openEnvironment({ dataDir, writer: false })
    cleanups.push(() => again.close())
    await again.service.start()
    const [restored] = await again.service.handlers['feeds:list']()
    expect(restored!.status.state).toBe('paused')
    expect(restored!.status.lastError).toMatchObject({ kind: 'auth', status: 401 })

    await again.service.handlers['feeds:remove'](feed.id)
    const readded = await again.service.handlers['feeds:add']({ url, name: 'Ops', paused: true })
    expect(readded.status.lastError).toBeNull()
  })
})
