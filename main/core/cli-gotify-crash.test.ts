/**
 * `tidings run` with a gotify feed survives kill -9 and a gotify server restart: the messages
 * posted while it was down are caught up from `/message` by the stored message id — none lost,
 * none doubled, in order — and live messages follow. The child is the real CLI (main/cli/index.ts).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openEnvironment } from '../cli/environment.ts'
import { cliProcesses } from '../test-support/cli-process.ts'
import { startGotifyPeer, type GotifyPeer } from '../test-support/peers/gotify-peer.ts'
import { waitFor } from '../test-support/wait.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const { tempDir, startRun: startAny } = cliProcesses({ cleanups, tempPrefix: 'tidings-cli-gotify-' })
/** `tidings run --json` in the background; `ids` are the message ids it has stored so far. */
function startRun(dataDir: string) {
  const running = startAny(dataDir, ['--json'])
  return { ...running, get ids() { return running.lines.map((line) => Number((JSON.parse(line) as { id: string }).id)) } }
}

describe.skipIf(process.platform === 'win32')('tidings run with a gotify feed', () => {
  it('survives kill -9 and a server restart with messages posted in between: none lost or doubled, in order, before live ones', async () => {
    const dataDir = tempDir()
    let peer: GotifyPeer = await startGotifyPeer()
    cleanups.push(() => peer.stop())
    const setup = await openEnvironment({ dataDir, writer: false })
    await setup.service.handlers['feeds:add']({ url: peer.streamUrl, preset: 'gotify', name: 'gotify', auth: { kind: 'bearer' }, secret: peer.clientToken, alerts: { enabled: false } })
    await setup.close()

    const first = startRun(dataDir)
    await waitFor(() => peer.streams() === 1 && peer.requests.some((r) => r.method === 'GET' && r.url.startsWith('/message')), () => `the first run connected; stderr: ${first.stderr()}`, 20_000)
    for (let i = 1; i <= 3; i++) peer.push({ message: `live ${i}` })
    await waitFor(() => first.ids.length === 3, () => `three stored, got ${JSON.stringify(first.ids)}`, 20_000)
    peer.push({ message: 'just before the crash' })
    first.child.kill('SIGKILL')
    await first.exited

    // The server restarts while nobody is connected; messages are posted meanwhile.
    const database = peer.messages
    const port = peer.port
    await peer.stop()
    for (let i = 1; i <= 4; i++) {
      database.push({ id: database.at(-1)!.id + 1, appid: 1, message: `while away ${i}`, title: 'app', priority: 5, date: new Date().toISOString() })
    }
    peer = await startGotifyPeer({ port, messages: database })

    const second = startRun(dataDir)
    await waitFor(() => second.ids.includes(8), () => `the second run caught up to 8, got ${JSON.stringify(second.ids)}; stderr: ${second.stderr()}`, 30_000)
    peer.push({ message: 'live after the restart' })
    await waitFor(() => second.ids.includes(9), () => `the live message, got ${JSON.stringify(second.ids)}`, 20_000)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)

    const after = await openEnvironment({ dataDir, writer: false })
    cleanups.push(() => after.close())
    const stored = after.history.query({ order: 'oldest', limit: 100 }).events
    expect(stored.map((e) => Number(e.id))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(stored.map((e) => (JSON.parse(e.data) as { message: string }).message).slice(3)).toEqual([
      'just before the crash', 'while away 1', 'while away 2', 'while away 3', 'while away 4', 'live after the restart',
    ])
    expect(after.history.cursor(stored[0]!.feedId).lastEventId).toBe('9')
  }, 90_000)
})
