/**
 * The BUILT app (out/main/index.js, out/preload/index.cjs, out/renderer, the history writer thread)
 * started in Node 24 with `electron` resolved to a recording stand-in of the OS
 * (main/test-support/electron-stand-in.ts, typed against Electron's .d.ts). Nothing of ours is
 * replaced: main's wiring, the core, the IPC routes with their sender check and validators, the
 * preload's bridge and the app:// protocol all run as built. Driven as a person would: start → the
 * tray and its menu at once → the window's bridge adds a feed → a real SSE server on 127.0.0.1
 * sends an event → a toast → clicking it shows the window on that event → the badge counts it →
 * Do Not Disturb from the tray holds the next toast back → a second launch focuses the first →
 * Quit stores everything and releases the lock. A sender main did not create is refused. Prints
 * the time from start to the tray being ready. `npm test` builds first; skips without out/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeedDto } from '../../preload/contract.ts'
import { HISTORY_FILE } from '../cli/environment.ts'
import { openHistory } from '../core/history/index.ts'
import { LOG_DIR, LOG_FILE } from '../core/log.ts'
import { acquireRunLock } from '../core/run-lock.ts'
import type { StandInCommand, StandInRecord } from '../test-support/electron-stand-in.ts'
import { startFeedServer, type FeedServer } from '../test-support/feed-server.ts'
import { waitFor } from '../test-support/wait.ts'

const root = resolve(import.meta.dirname, '..', '..')
const main = join(root, 'out', 'main', 'index.js')
const hooks = join(root, 'main', 'test-support', 'electron-stand-in-hooks.ts')
const built = existsSync(main)
if (!built) console.warn(`built app test skipped: ${main} is missing (run \`npm run build\`; \`npm test\` does)`)

interface MenuLine {
  id?: string
  label?: string
  type?: string
  checked?: boolean
}

/** One launch of the built app on the stand-in, with what it asked of the OS. */
class Launch {
  readonly records: StandInRecord[] = []
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
  stderr = ''
  #nextId = 1
  #replies = new Map<number, (reply: { ok: boolean; result?: unknown; error?: string }) => void>()

  constructor(env: NodeJS.ProcessEnv, args: string[] = []) {
    this.child = spawn(process.execPath, ['--import', hooks, main, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()))
    this.child.stdout!.resume()
    this.child.on('message', (line: StandInRecord) => {
      if (line.kind === 'reply') {
        const reply = line.data as { id: number; ok: boolean; result?: unknown; error?: string }
        this.#replies.get(reply.id)?.(reply)
        this.#replies.delete(reply.id)
      } else this.records.push(line)
    })
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)))
  }

  /** The person does something; resolves with the result (or rejects with the error) from the app. */
  do(command: DistributiveOmit<StandInCommand, 'id'>): Promise<unknown> {
    const id = this.#nextId++
    return new Promise((resolvePromise, reject) => {
      this.#replies.set(id, (reply) => (reply.ok ? resolvePromise(reply.result) : reject(new Error(reply.error))))
      this.child.send({ ...command, id })
    })
  }

  all(kind: string): StandInRecord[] {
    return this.records.filter((r) => r.kind === kind)
  }
  last(kind: string): StandInRecord | undefined {
    return this.all(kind).at(-1)
  }
  after(kind: string, since: number): StandInRecord[] {
    return this.records.slice(since).filter((r) => r.kind === kind)
  }
  describe(): string {
    return `records: ${this.records.map((r) => r.kind).join(', ')}\nstderr: ${this.stderr.slice(-2000)}`
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

describe.skipIf(!built)('the built app, on a recording stand-in of the OS', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-built-app-'))
  let feedServer: FeedServer
  let feedUrl: string
  let app: Launch
  let spawnedAt: number
  let feed: FeedDto
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    TIDINGS_DATA_DIR: dataDir,
    STANDIN_DOCUMENTS: dataDir,
    STANDIN_LOCALE: 'en-US',
    ELECTRON_RENDERER_URL: '',
  })
  const send = (text: string) => feedServer.send(text)
  const menuOf = (record: StandInRecord | undefined) => (record?.data ?? []) as MenuLine[]

  beforeAll(async () => {
    feedServer = await startFeedServer()
    feedUrl = feedServer.url
    spawnedAt = Date.now()
    app = new Launch(env())
  })

  afterAll(async () => {
    if (app && app.child.exitCode === null) app.child.kill()
    await feedServer?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('starts with the tray and its menu at once, and the window on app:// under the CSP', async () => {
    const trayAt = await waitFor(() => app.records.find((r) => r.kind === 'tray:menu'), () => `the tray menu\n${app.describe()}`, 30_000)
    const created = app.records.findIndex((r) => r.kind === 'tray:new')
    console.log(`start → tray ready: ${trayAt.at - spawnedAt} ms (process spawn to tray menu; the built app on the stand-in, Node ${process.version})`)
    // The menu is set in the same turn the icon is created: nothing else happens in between.
    expect(app.records.slice(created + 1, app.records.indexOf(trayAt)).map((r) => r.kind).every((k) => k.startsWith('tray:'))).toBe(true)
    expect((app.records[created]!.data as { exists: boolean }).exists).toBe(true)
    expect(menuOf(trayAt).map((i) => i.id).filter(Boolean)).toEqual(['open', 'dnd', 'pause-all', 'quit'])

    const page = await waitFor(() => app.last('page'), 'the page to load', 30_000)
    expect(page.data).toMatchObject({ url: 'app://tidings/index.html', status: 200, contentType: 'text/html; charset=utf-8' })
    expect((page.data as { csp: string }).csp).toContain("script-src 'self'")
    const window = await waitFor(() => app.do({ op: 'window' }) as Promise<{ visible: boolean; bridge: number } | null>, 'the window with its bridge', 30_000)
    expect(window.bridge).toBe(32)
    expect(app.last('window:new')!.data).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } })
    // Help offers the log folder; a development build never checks for updates.
    const menu = JSON.stringify(app.last('app-menu')!.data)
    expect(menu).toContain('Open Log Folder')
    expect(menu).not.toContain('Check for Updates')
  })

  it('adds a feed from the window, stores a live event, toasts it, and counts it on the badge', async () => {
    feed = (await app.do({ op: 'invoke', method: 'addFeed', args: [{ url: feedUrl, name: 'Proof' }] })) as FeedDto
    expect(feed).toMatchObject({ name: 'Proof', url: feedUrl, hasSecret: false })
    await waitFor(() => feedServer.clients.size > 0, 'the app to connect to the feed', 20_000)
    // Through Chromium's network stack (net.fetch): the system proxy and the OS certificates.
    expect(app.all('net:fetch').map((r) => (r.data as { url: string }).url)).toContain(feedUrl)
    send('id: 1\nevent: message\ndata: hello from the proof\n\n')
    const toast = await waitFor(() => app.all('toast').find((t) => JSON.stringify(t.data).includes('hello from the proof')), () => `a toast\n${app.describe()}`, 20_000)
    expect(toast.data).toMatchObject({ index: 0 })
    await waitFor(() => app.all('badge').find((b) => b.data === 1), 'the badge to count one', 20_000)
    const tray = await waitFor(() => app.all('tray:image').find((r) => (r.data as { image: string }).image.endsWith('-dot.png')), 'the tray icon with its unread dot', 20_000)
    expect((tray.data as { exists: boolean }).exists).toBe(true)
  })

  it('asks the session which proxy a WebSocket feed uses, by its http form, as Chromium resolves it', async () => {
    // Test connection on a ws:// URL where nothing listens (port 9): what matters is how it got there.
    const result = (await app.do({ op: 'invoke', method: 'testFeed', args: [{ url: 'ws://127.0.0.1:9/ws-probe', name: 'WS' }] })) as { ok: boolean }
    expect(result.ok).toBe(false)
    expect(app.all('proxy:resolve').map((r) => (r.data as { url: string }).url)).toEqual(['http://127.0.0.1:9/ws-probe'])
  })

  it('shows the window on that event when the toast is clicked', async () => {
    await app.do({ op: 'invoke', method: 'unread', args: [] })
    const since = app.records.length
    await app.do({ op: 'click-toast', index: 0 })
    const shown = await waitFor(() => app.after('push', since).find((p) => (p.data as { channel: string }).channel === 'app:show-event'), 'the window to be told which event', 10_000)
    const stored = (await app.do({ op: 'invoke', method: 'queryHistory', args: [{}] })) as { events: { seq: number; data: string }[] }
    expect(stored.events.map((e) => e.data)).toEqual(['hello from the proof'])
    expect((shown.data as { args: unknown[] }).args).toEqual([{ feedId: feed.id, seq: stored.events[0]!.seq }])
    expect(app.after('window:show', since).length).toBeGreaterThan(0)
    expect(app.after('window:focus', since).length).toBeGreaterThan(0)
  })

  it('turns Do Not Disturb on from the tray: the menu says so, the next event is stored without a toast', async () => {
    const since = app.records.length
    await app.do({ op: 'click-tray', itemId: 'dnd' })
    await waitFor(() => app.after('tray:menu', since).find((m) => menuOf(m).find((i) => i.id === 'dnd')?.checked === true), 'the tray menu to show Do Not Disturb on', 10_000)
    await expect(app.do({ op: 'invoke', method: 'getSettings', args: [] })).resolves.toMatchObject({ doNotDisturb: true })
    send('id: 2\nevent: message\ndata: while you were busy\n\n')
    await waitFor(() => app.all('badge').find((b) => b.data === 2), 'the badge to count two', 20_000)
    expect(app.all('toast').map((t) => JSON.stringify(t.data)).some((t) => t.includes('while you were busy'))).toBe(false)
  })

  it('reloads the page when the renderer process dies, and the bridge works again', async () => {
    const since = app.records.length
    await app.do({ op: 'crash-renderer' })
    await waitFor(() => app.after('page', since).length > 0, 'the page to be reloaded', 10_000)
    await expect(app.do({ op: 'invoke', method: 'unread', args: [] })).resolves.toMatchObject({ total: 2 })
    expect(readFileSync(join(dataDir, LOG_DIR, LOG_FILE), 'utf8')).toContain('renderer process is gone')
  })

  it('refuses a sender it did not create, before the core runs', async () => {
    await expect(app.do({ op: 'invoke-foreign', channel: 'feeds:list', args: [] })).rejects.toThrow('not a Tidings window')
    await expect(app.do({ op: 'invoke-foreign', channel: 'feeds:export', args: [true] })).rejects.toThrow('not a Tidings window')
    // Even our own window gets no secrets as text: an export with them is main's, through a save dialog.
    await expect(app.do({ op: 'invoke', method: 'exportFeeds', args: [true] })).rejects.toThrow('save dialog')
    const saved = (await app.do({ op: 'invoke', method: 'exportFeedsToFile', args: [true] })) as { saved: boolean; path: string }
    expect(saved.saved).toBe(true)
    expect(JSON.parse(readFileSync(saved.path, 'utf8'))).toMatchObject({ feeds: [expect.objectContaining({ url: feedUrl }) as unknown] })
  })

  it('hands a second launch over to the running app, which shows its window', async () => {
    const since = app.records.length
    const second = new Launch(env())
    await expect(second.exited).resolves.toBe(0)
    expect(second.last('single-instance')!.data).toEqual({ got: false })
    expect(second.all('tray:new')).toEqual([])
    await waitFor(() => app.after('window:focus', since).length > 0, 'the first app to show its window', 10_000)
  })

  it('quits from the tray with everything stored and the lock released', async () => {
    await app.do({ op: 'click-tray', itemId: 'quit' })
    await expect(app.exited).resolves.toBe(0)
    expect(app.last('tray:destroy')).toBeDefined()
    expect(app.last('quit')).toBeDefined()
    const history = openHistory({ path: join(dataDir, HISTORY_FILE) })
    try {
      expect(history.query({ order: 'oldest' }).events.map((e) => e.data)).toEqual(['hello from the proof', 'while you were busy'])
      expect(history.cursor(feed.id).lastEventId).toBe('2')
    } finally {
      history.close()
    }
    const config = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { feeds: { url: string }[]; app: { doNotDisturb: boolean } }
    expect(config.feeds.map((f) => f.url)).toEqual([feedUrl])
    expect(config.app.doNotDisturb).toBe(true)
    const lock = acquireRunLock(dataDir, 'cli')
    expect(lock.ok).toBe(true)
    if (lock.ok) lock.release()
    const log = readFileSync(join(dataDir, LOG_DIR, LOG_FILE), 'utf8')
    expect(log).toContain('stopped: everything received is stored')
    // The one error is the renderer crash the test caused.
    expect(log.split('\n').filter((l) => / ERROR /.test(l)).map((l) => l.replace(/^\S+ ERROR /, '').split(' {')[0])).toEqual(['the window’s renderer process is gone'])
  })
})

describe.skipIf(!built)('the built app when the system shuts down', () => {
  it('stops gracefully on powerMonitor "shutdown" (a Quit meanwhile waits for the same stop), and exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-built-shutdown-'))
    try {
      const app = new Launch({ ...process.env, TIDINGS_DATA_DIR: dataDir, STANDIN_DOCUMENTS: dataDir, ELECTRON_RENDERER_URL: '' })
      await waitFor(() => app.last('page'), () => `the app to start\n${app.describe()}`, 30_000)
      // And Quit pressed in the tray while it stops: that waits for the same stop.
      const first = app.do({ op: 'power', event: 'shutdown' })
      const again = app.do({ op: 'click-tray', itemId: 'quit' })
      void Promise.allSettled([first, again])
      await expect(app.exited).resolves.toBe(0)
      expect(app.all('quit')).toHaveLength(1)
      expect(app.all('tray:destroy')).toHaveLength(1)
      // Electron quits only after the stop: the tray goes (end of the stop) before the app does.
      expect(app.records.indexOf(app.last('tray:destroy')!)).toBeLessThan(app.records.indexOf(app.last('quit')!))
      expect(app.last('quit')).toBeDefined()
      expect(readFileSync(join(dataDir, LOG_DIR, LOG_FILE), 'utf8')).toMatch(/the system is shutting down[\s\S]*stopped: everything received is stored/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!built)('the built app on a Linux without a keychain (basic_text)', () => {
  it('keeps secrets in the user-only file like the CLI, says so, opens the log folder, and quits on `--quit`', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tidings-built-basic-'))
    const env = { ...process.env, TIDINGS_DATA_DIR: dataDir, STANDIN_DOCUMENTS: dataDir, STANDIN_BACKEND: 'basic_text', ELECTRON_RENDERER_URL: '' }
    try {
      const app = new Launch(env)
      await waitFor(() => app.do({ op: 'window' }).then((w) => (w as { bridge: number } | null)?.bridge === 32), () => `the window\n${app.describe()}`, 30_000)
      await expect(app.do({ op: 'invoke', method: 'keychain', args: [] })).resolves.toEqual({ storage: 'user-file', backend: 'basic_text' })
      const feed = (await app.do({
        op: 'invoke',
        method: 'addFeed',
        args: [{ url: 'http://127.0.0.1:9/events', name: 'Private', paused: true, auth: { kind: 'bearer' }, secret: 'tok-123' }],
      })) as FeedDto
      expect(feed.hasSecret).toBe(true)
      const file = join(dataDir, 'secrets.json')
      expect(Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)).toEqual(['tok-123'])
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(existsSync(join(dataDir, 'secrets.enc.json'))).toBe(false)
      expect(JSON.stringify(await app.do({ op: 'invoke', method: 'listFeeds', args: [] }))).not.toContain('tok-123')
      expect(readFileSync(join(dataDir, LOG_DIR, LOG_FILE), 'utf8')).toContain('no keychain')

      await app.do({ op: 'invoke', method: 'openLogFolder', args: [] })
      expect(app.last('shell:open-path')!.data).toBe(join(dataDir, LOG_DIR))

      const quitter = new Launch(env, ['--quit'])
      await expect(quitter.exited).resolves.toBe(0)
      await expect(app.exited).resolves.toBe(0)
      expect(app.last('quit')).toBeDefined()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
