import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cliProcesses, type CliResult as Result } from '../test-support/cli-process.ts'
import { startResumableServer, type ResumableServer } from '../test-support/resumable-server.ts'
import { waitFor } from '../test-support/wait.ts'

const posixSignalsMissing = process.platform === 'win32'
const cleanups: (() => unknown)[] = []
const servers: ResumableServer[] = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const { tempDir, run, startRun: startAny } = cliProcesses({ cleanups, tempPrefix: 'tidings-cli-' })
/** `tidings run --json` in the background; `lines` fills as events are stored. */
const startRun = (dataDir: string) => startAny(dataDir, ['--json'])

const oneLineError = (r: Result) => {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(/^tidings: /)
}

describe('tidings feeds', () => {
  it('adds, lists and removes feeds', async () => {
    const dir = tempDir()
    const added = await run(['feeds', 'add', 'https://ntfy.sh/deploys/sse', '--name', 'Deploys', '--header', 'X-Team: ops', '--bearer', 'tok3n', '--data-dir', dir])
    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(/Deploys {2}https:\/\/ntfy\.sh\/deploys\/sse {2}\(ntfy, bearer\)/)
    const list = await run(['feeds', 'list', '--json', '--data-dir', dir])
    const feeds = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(feeds).toHaveLength(1)
    expect(feeds[0]).toMatchObject({ name: 'Deploys', url: 'https://ntfy.sh/deploys/sse', preset: 'ntfy', paused: false })
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain('tok3n')
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain('tok3n')
    const removed = await run(['feeds', 'remove', String(feeds[0]!.id), '--data-dir', dir])
    expect(removed.code).toBe(0)
    expect((await run(['feeds', 'list', '--data-dir', dir])).stdout).toBe('')
  })

  it('adds WebSocket, Socket.IO and gotify feeds, and SSE feeds the server may pause', async () => {
    const dir = tempDir()
    expect((await run(['feeds', 'add', 'wss://push.example.com/stream', '--preset', 'gotify', '--bearer', 'client-tok', '--data-dir', dir])).code).toBe(0)
    expect((await run(['feeds', 'add', 'https://chat.example.com', '--preset', 'socketio', '--data-dir', dir])).code).toBe(0)
    expect((await run(['feeds', 'add', 'ws://127.0.0.1:9/alerts', '--data-dir', dir])).code).toBe(0)
    expect((await run(['feeds', 'add', 'https://example.com/events', '--server-pause', '--data-dir', dir])).code).toBe(0)
    const list = await run(['feeds', 'list', '--json', '--data-dir', dir])
    const feeds = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(feeds.map((f) => [f.preset, f.auth, f.serverPause])).toEqual([
      ['gotify', 'bearer', false],
      ['socketio', 'none', false],
      ['generic', 'none', false],
      ['generic', 'none', true],
    ])
    const wrong = await run(['feeds', 'add', 'https://example.com/x', '--preset', 'pusher', '--data-dir', dir])
    oneLineError(wrong)
    expect(wrong.stderr).toMatch(/socketio or gotify/)
  })

  it('adds the built-in example feed, which `run` serves with no server at all', async () => {
    const dir = tempDir()
    const added = await run(['feeds', 'add', 'tidings-example:clock', '--data-dir', dir])
    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(/ {2}Example {2}tidings-example:clock {2}\(generic\)/)
    const wrong = await run(['feeds', 'add', 'tidings-example:weather', '--data-dir', dir])
    oneLineError(wrong)
    expect(wrong.stderr).toContain('tidings-example:clock')
    const r = startRun(dir)
    await waitFor(() => r.lines.length >= 1, 'the example feed\'s first event')
    const event = JSON.parse(r.lines[0]!) as { feed: string; type: string; data: string }
    expect(event).toMatchObject({ type: 'message' })
    // In the language of the machine running the test (LANG), like every word `tidings` says.
    expect((JSON.parse(event.data) as { message: string }).message).toMatch(/^(Example event sent at \d{2}:\d{2}:\d{2}\.|示例事件，发送于 \d{2}:\d{2}:\d{2}。)$/)
  })

  it('answers mistakes with one line and exit code 2, changing nothing', async () => {
    const dir = tempDir()
    await run(['feeds', 'add', 'http://127.0.0.1:9/x', '--data-dir', dir])
    const before = readFileSync(join(dir, 'config.json'), 'utf8')
    oneLineError(await run(['frobnicate', '--data-dir', dir]))
    oneLineError(await run(['feeds', 'add', 'ftp://example.com/x', '--data-dir', dir]))
    oneLineError(await run(['feeds', 'add', 'not a url', '--data-dir', dir]))
    oneLineError(await run(['feeds', 'remove', 'no-such-feed', '--data-dir', dir]))
    oneLineError(await run(['history', '--feed', 'no-such-feed', '--data-dir', dir]))
    oneLineError(await run(['feeds', 'list', '--bogus-flag', '--data-dir', dir]))
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before)
  })

  it('refuses an unusable data folder and a corrupt settings file', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a-file'), '')
    const unwritable = await run(['feeds', 'list', '--data-dir', join(dir, 'a-file', 'sub')])
    oneLineError(unwritable)
    expect(unwritable.stderr).toMatch(/data folder .*a-file is a file, not a folder/)
    writeFileSync(join(dir, 'config.json'), '{"feeds": [')
    const corrupt = await run(['feeds', 'list', '--data-dir', dir])
    oneLineError(corrupt)
    expect(corrupt.stderr).toMatch(/config\.json is not valid JSON/)
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{"feeds": [')
  })
})

describe('tidings run', () => {
  // Windows has no SIGTERM/SIGINT to send to a child (kill() terminates it): the graceful stop is
  // a POSIX behaviour, so these run on Linux and macOS.
  it.skipIf(posixSignalsMissing)('survives kill -9 and a server restart with no lost and no duplicated event', async () => {
    const total = 1000
    const server = await startResumableServer(total, { perWrite: 3 })
    servers.push(server)
    server.cutAfter = { min: 200, max: 4000 } // random cuts mid-event
    const dir = tempDir()
    expect((await run(['feeds', 'add', server.url, '--name', 'ticks', '--data-dir', dir])).code).toBe(0)

    // First run: killed with SIGKILL in the middle.
    const first = startRun(dir)
    await waitFor(() => first.lines.length >= 300, 'first 300 events', 20_000)
    first.child.kill('SIGKILL')
    await first.exited

    // The server restarts while nobody is connected.
    await server.restart()
    const requestsBefore = server.received.length
    server.cutAfter = { min: 200, max: 4000 }

    // Second run resumes from the stored Last-Event-ID.
    const second = startRun(dir)
    const stored = async () => {
      const h = await run(['history', '--json', '--limit', '5000', '--data-dir', dir])
      return h.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; feedId: string; type: string; data: string; receivedAt: string })
    }
    await waitFor(() => second.lines.some((l) => (JSON.parse(l) as { id: string }).id === String(total)), 'the last event', 30_000)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(second.stderr()).toMatch(/SIGTERM: stopping/)

    const events = await stored()
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)))
    expect(events[0]).toMatchObject({ type: 'tick', data: '{"n":1,"text":"event number 1"}' })
    expect(events[0]!.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    // After the restart the first request of the new process carried the stored resume point.
    const afterRestart = server.received.slice(requestsBefore)
    expect(afterRestart.length).toBeGreaterThan(0)
    expect(Number(afterRestart[0])).toBeGreaterThanOrEqual(300)
  }, 90_000)

  it.skipIf(posixSignalsMissing)('searches stored history', async () => {
    const server = await startResumableServer(20)
    servers.push(server)
    const dir = tempDir()
    await run(['feeds', 'add', server.url, '--data-dir', dir])
    const r = startRun(dir)
    await waitFor(() => r.lines.length >= 20, '20 events')
    r.child.kill('SIGINT')
    expect(await r.exited).toBe(0)
    const found = await run(['history', '--search', 'number 17', '--json', '--data-dir', dir])
    expect(found.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['17'])
    const limited = await run(['history', '--limit', '3', '--data-dir', dir])
    expect(limited.stdout.trim().split('\n')).toHaveLength(3)
    expect(limited.stdout).toMatch(/event number 20/)
    // The run left its story in the data folder's log file, the one the app writes too.
    const log = readFileSync(join(dir, 'logs', 'tidings.log'), 'utf8')
    expect(log).toMatch(/INFO {2}tidings run started \(pid \d+, 1 feeds\)/)
    expect(log).toMatch(/INFO {2}feed \S+ \(127\.0\.0\.1:\d+\/stream\) open/)
    expect(log).toMatch(/tidings run stopping/)
  })
})

describe('one subscriber per data folder', () => {
  it.skipIf(posixSignalsMissing)('refuses a second `tidings run` on the same folder, and takes over after a kill -9', async () => {
    const server = await startResumableServer(5)
    servers.push(server)
    const dir = tempDir()
    await run(['feeds', 'add', server.url, '--data-dir', dir])
    const first = startRun(dir)
    await waitFor(() => first.lines.length >= 5, 'first run stores events')
    const second = await run(['run', '--data-dir', dir])
    oneLineError(second)
    expect(second.stderr).toMatch(/`tidings run` \(process \d+\) is already subscribed/)
    first.child.kill('SIGKILL')
    await first.exited
    const third = startRun(dir) // the lock of a dead process is stale
    await waitFor(() => /connected/.test(third.stderr()) || third.lines.length > 0 || third.child.exitCode !== null, 'third run starts')
    third.child.kill('SIGTERM')
    expect(await third.exited).toBe(0)
  })
})
