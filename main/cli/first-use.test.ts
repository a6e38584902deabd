/**
 * `tidings` tried as a new user would: pipes closed early, an old Node, odd data folders, a
 * settings file changed by another process while `tidings run` runs, stray arguments, messages.
 * Every test spawns the real command on real files and a real SSE server.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { cliEntry, cliProcesses, type CliResult as Result } from '../test-support/cli-process.ts'
import { startResumableServer } from '../test-support/resumable-server.ts'
import { waitFor } from '../test-support/wait.ts'
import { migrate } from '../core/history/schema.ts'
import { openEnvironment } from './environment.ts'

const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url))
const posix = process.platform !== 'win32'
const cleanups: (() => unknown)[] = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const { tempDir, run, startRun } = cliProcesses({ cleanups, tempPrefix: 'tidings-first-use-', env: { LANG: 'C', LC_ALL: '' } })

const oneLineError = (r: Result, pattern: RegExp) => {
  expect(r.stderr).toMatch(pattern)
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(/^tidings: /)
}

/** A data folder holding `count` stored events of one feed, written through the core. */
async function folderWithEvents(count: number): Promise<{ dir: string; feedId: string }> {
  const dir = tempDir()
  const env = await openEnvironment({ dataDir: dir, writer: false })
  try {
    const feed = await env.service.handlers['feeds:add']({ url: 'http://127.0.0.1:9/events', name: 'Filled' })
    const now = Date.now()
    const events = Array.from({ length: count }, (_, i) => ({
      feedId: feed.id, id: String(i + 1), newId: true, type: 'message', data: `event number ${i + 1} ${'x'.repeat(100)}`, receivedAt: now + i,
    }))
    env.history.append(feed.id, events, { lastEventId: String(count), since: '' })
    return { dir, feedId: feed.id }
  } finally {
    await env.close()
  }
}

/** A shell pipeline `tidings ARGS | head -1`; the command's own exit code, via pipefail. */
function intoHead(args: string[]): Result {
  const quoted = [process.execPath, cliEntry, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${quoted} | head -1`], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('a closed pipe', () => {
  it.skipIf(!posix)('ends `history | head -1` quietly, text and JSON', async () => {
    const { dir } = await folderWithEvents(3000)
    for (const json of [['--json'], []]) {
      const r = intoHead(['history', ...json, '--limit', '3000', '--data-dir', dir])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout.trim().split('\n')).toHaveLength(1)
      expect(r.stdout).toMatch(/event number 1\b/)
    }
  }, 60_000)

  it.skipIf(!posix)('stops `run --json` cleanly: everything received stored, lock released', async () => {
    const server = await startResumableServer(3000)
    cleanups.push(() => server.close())
    const dir = tempDir()
    expect((await run(['feeds', 'add', server.url, '--data-dir', dir])).code).toBe(0)
    const r = startRun(dir, ['--json'])
    await waitFor(() => r.lines.length > 0, 'a first event')
    r.child.stdout.destroy() // the reader goes away, like `| head -1`
    expect(await r.exited).toBe(0)
    expect(r.stderr()).toMatch(/output closed: stopping; everything received is stored/)
    expect(r.stderr()).not.toMatch(/EPIPE|Error|at /)
    expect(existsSync(join(dir, 'subscriber.json'))).toBe(false)
    // The stored events are exactly the stream's first ones, none lost before the resume point.
    const stored = (await run(['history', '--json', '--limit', '5000', '--data-dir', dir])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)
    expect(stored.length).toBeGreaterThanOrEqual(r.lines.length)
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => String(i + 1)))
    // And the lock is free: the next run starts.
    const again = startRun(dir, ['--json'])
    await waitFor(() => /connected/.test(again.stderr()), () => `the next run; stderr: ${again.stderr()}`)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  }, 60_000)

  it('says `history` shows the newest 100 by default', async () => {
    const help = await run(['--help'])
    expect(help.stdout).toMatch(/newest 100 stored events/)
    const { dir } = await folderWithEvents(150)
    const r = await run(['history', '--data-dir', dir])
    expect(r.stdout.trim().split('\n')).toHaveLength(100)
    expect(r.stdout).toMatch(/event number 150\b/)
    expect(r.stderr).toBe('showing the newest 100 of 150 events (--limit N for more)\n')
  })
})

/** A Node older than 24 on this machine (the system's), to run the built command with. */
function oldNode(): string | null {
  for (const candidate of ['/usr/bin/node', '/bin/node', '/usr/local/bin/node']) {
    try {
      const v = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim()
      if (Number(/^v(\d+)/.exec(v)?.[1]) < 24) return candidate
    } catch {
      // not there
    }
  }
  return null
}

describe('an older Node', () => {
  const node = oldNode()
  it.skipIf(node === null || !existsSync(built))('says it needs Node 24 in one line, even for --help', () => {
    for (const args of [['--help'], ['feeds', 'list']]) {
      const r = spawnSync(node!, [built, ...args], { encoding: 'utf8', timeout: 30_000 })
      expect(r.stderr).toMatch(/^tidings: needs Node 24 or newer \(history uses node:sqlite\); this is Node \d+\.\d+\.\d+\n$/)
      expect(r.status).toBe(2)
      expect(r.stdout).toBe('')
    }
  })
})

describe('data folders', () => {
  it.skipIf(process.platform !== 'linux')('refuses /proc in one line, quickly', async () => {
    oneLineError(await run(['--data-dir', '/proc/tidings', 'feeds', 'list']), /data folder \/proc\/tidings is on a system file system/)
    oneLineError(await run(['--data-dir', '/proc/tidings', 'run']), /system file system/)
  })

  it('says a file in the way is a file, not a folder', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), '')
    oneLineError(await run(['feeds', 'list', '--data-dir', join(dir, 'file')]), /data folder .*file is a file, not a folder$/m)
    oneLineError(await run(['feeds', 'add', 'http://127.0.0.1:9/x', '--data-dir', join(dir, 'file', 'below')]), /data folder .*file is a file, not a folder$/m)
  })

  it('says what is wrong with a history file, in words, in one line', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'history.db'), 'plain text, not SQLite '.repeat(20))
    oneLineError(await run(['history', '--data-dir', dir]), /history file .*history\.db is not a Tidings history \(not an SQLite database\); it was left untouched/)
    oneLineError(await run(['history', '--data-dir', dir], { env: { LANG: 'zh_CN.UTF-8' } }), /历史文件 .* 不是 Tidings 的历史记录/)
    expect(readFileSync(join(dir, 'history.db'), 'utf8')).toBe('plain text, not SQLite '.repeat(20))
  })

  it('says once, in one line, that it updates a history file an earlier version wrote', async () => {
    const dir = tempDir()
    const db = new DatabaseSync(join(dir, 'history.db'))
    migrate(db, 3) // as the release before schema step 4 left it
    db.exec("INSERT INTO feeds (feed_id) VALUES ('old-feed')")
    db.exec("INSERT INTO events (feed, event_id, new_id, type, data, received_at) VALUES (1, '1', 1, 'message', 'kept one', 1000), (1, '2', 1, 'message', 'kept two', 2000)")
    db.exec("INSERT INTO feed_stats (feed_id, total, unread) VALUES ('old-feed', 2, 2)")
    db.close()
    const first = await run(['history', '--data-dir', dir])
    expect(first.code).toBe(0)
    expect(first.stderr).toBe("tidings: updating the history file to this version's format (2 events); this may take a moment\n")
    expect(first.stdout).toMatch(/kept one\n.*kept two\n$/)
    const again = await run(['history', '--data-dir', dir], { env: { LANG: 'zh_CN.UTF-8' } })
    expect(again.stderr).toBe('')
    expect(again.stdout).toBe(first.stdout)
  })

  it('creates nothing on a fresh folder when a command fails or only reads', async () => {
    const fresh = join(tempDir(), 'fresh')
    oneLineError(await run(['feeds', 'add', 'not-a-url', '--data-dir', fresh]), /the feed cannot be used: "not-a-url" is not a valid URL/)
    oneLineError(await run(['feeds', 'add', 'http://127.0.0.1:9/x', '--preset', 'nope', '--data-dir', fresh]), /unknown preset "nope"/)
    oneLineError(await run(['feeds', 'remove', 'nope', '--data-dir', fresh]), /no feed has the id "nope"/)
    oneLineError(await run(['history', '--feed', 'nope', '--data-dir', fresh]), /no feed has the id "nope"/)
    const list = await run(['feeds', 'list', '--data-dir', fresh])
    expect(list).toEqual({ code: 0, stdout: '', stderr: 'no feeds yet: add one with `tidings feeds add URL`\n' })
    expect((await run(['history', '--data-dir', fresh])).code).toBe(0)
    expect(existsSync(fresh)).toBe(false)
  })

  it.skipIf(!posix)('reads a read-only folder: feeds list and history work, writes are refused in one line', async (context) => {
    const root = process.getuid?.() === 0
    // root writes anywhere: the command runs as "nobody" then, as a user would meet the folder.
    const as = root ? { uid: 65534, gid: 65534 } : {}
    if (root) {
      // …which needs a checkout "nobody" may enter (not one inside a private temp folder).
      const probe = spawnSync(process.execPath, [cliEntry, '--version'], { ...as, encoding: 'utf8' })
      if (probe.error !== undefined || probe.status !== 0) {
        console.warn(`first-use.test.ts: "nobody" cannot run ${cliEntry} here (${probe.error?.message ?? probe.stderr.trim()}); the read-only folder test is skipped`)
        context.skip()
      }
    }
    const { dir } = await folderWithEvents(5)
    chmodSync(join(dir, 'config.json'), 0o644)
    chmodSync(join(dir, 'history.db'), 0o644)
    for (const f of ['history.db-wal', 'history.db-shm']) if (existsSync(join(dir, f))) chmodSync(join(dir, f), 0o644)
    chmodSync(dir, 0o555)
    cleanups.push(() => chmodSync(dir, 0o755))
    const before = readFileSync(join(dir, 'config.json'), 'utf8')
    const list = await run(['feeds', 'list', '--data-dir', dir], as)
    expect(list.stderr).toBe('')
    expect(list.stdout).toMatch(/Filled/)
    const history = await run(['history', '--data-dir', dir], as)
    expect(history.stderr).toBe('')
    expect(history.stdout.trim().split('\n')).toHaveLength(5)
    oneLineError(await run(['feeds', 'add', 'http://127.0.0.1:9/y', '--data-dir', dir], as), /data folder .* is read-only; this command needs to write/)
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(before)
  })
})

describe('signals', () => {
  it.skipIf(!posix)('a second SIGTERM ends `tidings run` at once while the first waits for storage', async () => {
    const open = new Set<ServerResponse>()
    let written = 0
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      open.add(res)
      req.on('close', () => open.delete(res))
    })
    const ticker = setInterval(() => open.forEach((res) => res.write(`id: ${++written}\ndata: tick ${written}\n\n`)), 5)
    cleanups.push(() => clearInterval(ticker))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r) }))
    const dir = tempDir()
    await run(['feeds', 'add', `http://127.0.0.1:${(server.address() as { port: number }).port}/e`, '--data-dir', dir])
    const r = startRun(dir, ['--json'])
    await waitFor(() => r.lines.length > 0, 'events stored')
    // Storage is held up for real: another connection holds the history's write lock.
    const { DatabaseSync } = await import('node:sqlite')
    const blocker = new DatabaseSync(join(dir, 'history.db'), { timeout: 10_000 }) // waits out the writer's own commit
    blocker.exec('BEGIN IMMEDIATE')
    cleanups.push(() => blocker.close())
    cleanups.push(() => blocker.isTransaction && blocker.exec('ROLLBACK'))
    const from = written
    await waitFor(() => written > from + 20, 'events sent while storage waits')
    const printed = Math.max(...r.lines.map((l) => Number((JSON.parse(l) as { id: string }).id)))
    expect(printed, 'storage is held up: the latest events are received, not stored').toBeLessThan(written - 10)
    r.child.kill('SIGTERM')
    await waitFor(() => /SIGTERM: stopping/.test(r.stderr()), () => `the first signal; stderr: ${r.stderr()}`)
    r.child.kill('SIGTERM')
    // Killed by the re-raised signal, or (when another thread took it first) exit code 143 — not
    // the graceful 0, which would come only once storage gave up.
    const ended = await r.ended
    expect(ended.signal === 'SIGTERM' || ended.code === 143, `${JSON.stringify(ended)}; stderr: ${r.stderr()}`).toBe(true)
    expect(r.stderr()).toMatch(/second signal: quitting now/)
  }, 60_000)
})

describe('arguments and messages', () => {
  it('answers parser mistakes and stray arguments in one line', async () => {
    const dir = tempDir()
    oneLineError(await run(['history', '--limit', '-1', '--data-dir', dir]), /--limit needs a value \(write --limit=VALUE for one starting with "-"\)/)
    oneLineError(await run(['history', '--limit=-1', '--data-dir', dir]), /--limit takes a positive whole number/)
    oneLineError(await run(['history', '--bogus', '--data-dir', dir]), /unknown option --bogus/)
    oneLineError(await run(['feeds', 'list', 'extra', '--data-dir', dir]), /unexpected argument "extra" for `tidings feeds list`/)
    oneLineError(await run(['history', 'extra', '--data-dir', dir]), /unexpected argument "extra"/)
    oneLineError(await run(['run', 'extra', '--data-dir', dir]), /unexpected argument "extra"/)
    oneLineError(await run(['feeds', 'remove', 'a', 'b', '--data-dir', dir]), /unexpected argument "b"/)
    oneLineError(await run(['feeds', 'list', '--bearer', 'x', '--data-dir', dir]), /--bearer does not apply to `tidings feeds list`/)
  })

  it('says what is known of a feed when nothing runs: paused or not running, and the last event', async () => {
    const { dir } = await folderWithEvents(2)
    const json = JSON.parse((await run(['feeds', 'list', '--json', '--data-dir', dir])).stdout) as Record<string, unknown>
    expect(json).toMatchObject({ name: 'Filled', state: 'not-running', subscriber: null, ownCa: false })
    expect(json.lastEventAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const text = await run(['feeds', 'list', '--data-dir', dir])
    expect(text.stdout).toMatch(/not running, last event \d{4}-/)
    expect(text.stdout).not.toMatch(/connecting/)
  })

  it('passes a search through unchanged, quote and all', async () => {
    const { dir } = await folderWithEvents(3)
    const env = await openEnvironment({ dataDir: dir, writer: false })
    const expected = env.history.query({ search: '"', order: 'newest', limit: 100 }).events.map((e) => e.id).reverse()
    await env.close()
    const r = await run(['history', '--search', '"', '--json', '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(expected)
  })

  it('speaks Simplified Chinese after LANG, or after the app\'s language setting', async () => {
    const dir = tempDir()
    expect((await run(['feeds', 'list', '--data-dir', dir], { env: { LANG: 'zh_CN.UTF-8' } })).stderr).toMatch(/还没有订阅源/)
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ feeds: [], app: { language: 'zh-CN' } }))
    expect((await run(['feeds', 'list', '--data-dir', dir])).stderr).toMatch(/还没有订阅源/)
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ feeds: [], app: { language: 'en' } }))
    expect((await run(['feeds', 'list', '--data-dir', dir], { env: { LANG: 'zh_CN.UTF-8' } })).stderr).toMatch(/no feeds yet/)
  })
})

describe('a feed\'s own CA', () => {
  it('reads the PEM file, stores it with the feed and shows it; a bad file is one line', async () => {
    const dir = tempDir()
    const pem = join(dir, 'ca.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', pem, '-days', '2', '-subj', '/CN=Tidings test CA'], { stdio: 'ignore' })
    const data = join(dir, 'data')
    const added = await run(['feeds', 'add', 'https://127.0.0.1:9/x', '--ca', pem, '--data-dir', data])
    expect(added.stderr).toBe('')
    expect(added.stdout).toMatch(/\(generic, own CA\)/)
    const config = JSON.parse(readFileSync(join(data, 'config.json'), 'utf8')) as { feeds: { caCertificate: string }[] }
    expect(config.feeds[0]!.caCertificate).toBe(readFileSync(pem, 'utf8'))
    expect(JSON.parse((await run(['feeds', 'list', '--json', '--data-dir', data])).stdout)).toMatchObject({ ownCa: true })
    oneLineError(await run(['feeds', 'add', 'https://127.0.0.1:9/y', '--ca', join(dir, 'missing.pem'), '--data-dir', data]), /certificate file .*missing\.pem cannot be read \(ENOENT\)/)
    oneLineError(await run(['feeds', 'add', 'https://127.0.0.1:9/y', '--ca', join(dir, 'ca.key'), '--data-dir', data]), /certificate file .*ca\.key holds no PEM certificate/)
    expect((JSON.parse(readFileSync(join(data, 'config.json'), 'utf8')) as { feeds: unknown[] }).feeds).toHaveLength(1)
  })
})

describe('`tidings run` follows the settings file', () => {
  it.skipIf(!posix)('picks up feeds added, renamed and removed elsewhere, also with none at start; a corrupt file in between is reported and ignored', async () => {
    const clients = new Set<ServerResponse>()
    let connections = 0
    const server = createServer((req, res) => {
      connections += 1
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('id: 1\ndata: hello\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r) }))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/e`
    const dir = tempDir()
    const r = startRun(dir, ['--json'])
    await waitFor(() => /no feeds yet: waiting/.test(r.stderr()), 'the run waiting for feeds')

    const added = await run(['feeds', 'add', url, '--name', 'Late', '--data-dir', dir])
    expect(added.code).toBe(0)
    const id = added.stdout.split(' ')[0]!
    await waitFor(() => r.lines.length === 1, () => `the added feed's first event; stderr: ${r.stderr()}`, 20_000)
    expect(JSON.parse(r.lines[0]!)).toMatchObject({ feed: 'Late', data: 'hello' })

    // A half-written file is said once and changes nothing; the good file after it is read.
    const file = join(dir, 'config.json')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, '{"feeds": [')
    await waitFor(() => /the settings file changed but cannot be read/.test(r.stderr()), 'the warning', 20_000)
    const renamed = JSON.parse(good) as { feeds: { name: string }[] }
    renamed.feeds[0]!.name = 'Renamed'
    writeFileSync(`${file}.tmp`, JSON.stringify(renamed))
    renameSync(`${file}.tmp`, file) // an atomic write, as conf and electron-store do
    expect(clients.size).toBe(1)
    expect(connections).toBe(1)

    expect((await run(['feeds', 'remove', id, '--data-dir', dir])).code).toBe(0)
    await waitFor(() => clients.size === 0, 'the removed feed disconnected', 20_000)
    expect(connections).toBe(1) // the rename did not reconnect
    // With no feed left it keeps waiting for one, it does not end by itself.
    expect((await run(['feeds', 'add', url, '--name', 'Again', '--data-dir', dir])).code).toBe(0)
    await waitFor(() => r.lines.some((l) => (JSON.parse(l) as { feed: string }).feed === 'Again'), () => `the feed added after the last was removed; stderr: ${r.stderr()}`, 20_000)
    expect(r.child.exitCode).toBe(null)
    r.child.kill('SIGTERM')
    expect(await r.exited).toBe(0)
    expect(r.stderr().match(/cannot be read/g)).toHaveLength(1)
  }, 60_000)
})
