/**
 * Electron smoke test (`npm run test:electron`, after `npm run build`), in two forms.
 *
 * 1. Unpackaged: the real app from out/ in a real Electron, on a temporary data folder. A local SSE server sends one event; the app must
 * store it, ask the OS for a toast and move the tray count from 0 to 1 — seen through main's E2E
 * probe (TIDINGS_E2E=1 → <userData>/e2e.jsonl, see main/electron/e2e-probe.ts). Also checks what
 * the page can and cannot reach, that a second launch hands over to the first, and that Quit
 * stops cleanly with the event on disk.
 *
 * Skips, saying why, when there is no Electron binary (node_modules/electron downloads it on
 * demand: `npm exec -- install-electron`), no build, or no display.
 *
 * 2. Packaged (`TIDINGS_PACKAGED_APP=release`, after `electron-builder --dir`; the CI workflow runs
 * it on Linux, Windows and macOS): the installed form — ESM main and the history writer thread from
 * app.asar, the preload, the page over app://, the tray images from resources, with the fuses
 * flipped. Test hooks are off in a packaged app and the Node inspector fuse is off, so it is driven
 * over Chromium's DevTools protocol (`--remote-debugging-port`) and its own log file, and quit with
 * a second launch `--quit`. Its data folder is the OS default (Linux: under a temporary
 * XDG_CONFIG_HOME); on macOS and Windows that is the real one, so it runs there only with CI=true.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installedElectron } from '../../build/ensure-electron.ts'
import type { TidingsApi } from '../../preload/contract.ts'
import { HISTORY_FILE } from '../cli/environment.ts'
import { defaultDataDir } from '../core/data-dir.ts'
import { openHistory } from '../core/history/index.ts'
import { LOG_DIR, LOG_FILE } from '../core/log.ts'
import type { Toast } from '../core/ports.ts'
import type { TrayModel } from '../core/tray/index.ts'
import { startFeedServer, type FeedServer } from '../test-support/feed-server.ts'
import { waitFor } from '../test-support/wait.ts'
import { E2E_LOG } from './e2e-probe.ts'

const root = resolve(import.meta.dirname, '..', '..')

// Never `require('electron')` here: in Electron 45 that downloads a missing binary, which a test must not do.
const binary = installedElectron()
const built = existsSync(join(root, 'out', 'main', 'index.js'))
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
const skipReason = process.env.TIDINGS_PACKAGED_APP
  ? 'TIDINGS_PACKAGED_APP is set: this run tests the packaged app'
  : !binary
  ? 'no Electron binary in node_modules/electron (run `npm exec -- install-electron`; it downloads from GitHub)'
  : !built
    ? 'no build in out/ (run `npm run build` first)'
    : !display
      ? 'no display (on Linux run it under xvfb-run)'
      : null
if (skipReason) console.warn(`Electron smoke test skipped: ${skipReason}`)

type Bridged = { tidings: TidingsApi }

interface ProbeLine {
  kind: 'toast' | 'tray' | 'ready'
  data: unknown
}

/**
 * As root (containers), Chromium will not start with its process sandbox ("Running as root without
 * --no-sandbox is not supported"), so the flag is passed there only. It turns off the OS-level
 * sandbox of Chromium's processes; the window's `sandbox: true` (a sandboxed preload, no Node) holds.
 */
const chromiumArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : []
const inheritedEnv = (): Record<string, string> =>
  Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'ELECTRON_RUN_AS_NODE' && e[0] !== 'TIDINGS_DATA_DIR'))

describe.skipIf(skipReason !== null)('the Electron app', () => {
  // Made in beforeAll, so a skipped suite leaves no folder behind.
  let dataDir: string
  let env: Record<string, string>
  let feedServer: FeedServer
  let feedUrl: string
  let app: ElectronApplication
  let page: Page

  const probe = (): ProbeLine[] => {
    const file = join(dataDir, E2E_LOG)
    if (!existsSync(file)) return []
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ProbeLine)
  }
  const trays = () => probe().filter((l) => l.kind === 'tray').map((l) => l.data as TrayModel)
  const toasts = () => probe().filter((l) => l.kind === 'toast').map((l) => l.data as Toast)
  // Page functions are serialised by Playwright (the CSP forbids eval in the page itself), so
  // each reaches `window.tidings` on its own.
  const unread = () => page.evaluate(() => (window as unknown as Bridged).tidings.unread())

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-electron-'))
    env = { ...inheritedEnv(), TIDINGS_DATA_DIR: dataDir, TIDINGS_E2E: '1', ELECTRON_ENABLE_LOGGING: '1' }
    feedServer = await startFeedServer()
    feedUrl = feedServer.url

    app = await _electron.launch({ executablePath: binary!, args: [...chromiumArgs, root], env, timeout: 30_000 })
    page = await app.firstWindow()
    await waitFor(() => probe().some((l) => l.kind === 'ready'), 'main to report ready', 30_000)
    await page.waitForFunction(() => 'tidings' in window, undefined, { timeout: 30_000 })
  })

  afterAll(async () => {
    await app?.close().catch(() => {})
    await feedServer?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('gives the page the bridge and nothing of Node or Electron', async () => {
    const reach = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { tidings: object }).tidings).length,
      popup: window.open('https://example.com/') === null,
      url: location.protocol,
    }))
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', bridge: 32, popup: true, url: 'app:' })
    await page.evaluate(() => {
      location.href = 'https://example.com/'
    })
    await expect(page.evaluate(() => (window as unknown as Bridged).tidings.info())).resolves.toMatchObject({ version: expect.any(String) as string })
    expect(page.url().startsWith('app:')).toBe(true)
  })

  it('stores an event from a live feed, asks for a toast and counts it in the tray', async () => {
    const before = await waitFor(() => trays().at(-1), 'the first tray drawing', 10_000)
    expect(before.unread).toBe(0)

    await page.evaluate((url) => (window as unknown as Bridged).tidings.addFeed({ url, name: 'Smoke' }), feedUrl)
    await waitFor(() => feedServer.clients.size > 0, 'the app to connect to the feed', 20_000)
    feedServer.send('id: 1\nevent: message\ndata: hello from the smoke test\n\n')

    const toast = await waitFor(() => toasts().find((t) => `${t.title} ${t.body}`.includes('hello from the smoke test')), 'a toast', 20_000)
    expect(toast.kind).toBe('event')
    const tray = await waitFor(() => trays().find((t) => t.unread === 1), 'the tray to count one unread event', 20_000)
    expect(tray.badgeText).toBe('1')
    expect(tray.icon).toMatch(/-dot$/)
    await expect(unread()).resolves.toMatchObject({ total: 1 })
  })

  it('hands a second launch over to the running app', async () => {
    const second = spawn(binary!, [...chromiumArgs, root], { env, stdio: 'ignore' })
    const code = await new Promise<number | null>((r) => second.on('exit', r))
    expect(code).toBe(0)
    await expect(unread()).resolves.toMatchObject({ total: 1 })
  })

  it('quits cleanly, with everything received on disk', async () => {
    const exited = new Promise<void>((r) => app.process().once('exit', () => r()))
    await app.evaluate(({ app: electronApp }) => electronApp.quit())
    await exited
    const history = openHistory({ path: join(dataDir, HISTORY_FILE) })
    try {
      const page1 = history.query({})
      expect(page1.events.map((e) => e.data)).toEqual(['hello from the smoke test'])
    } finally {
      history.close()
    }
  })
})

// ─── 2. the packaged app ─────────────────────────────────────────────────────────────────────────

/** The packaged executable under electron-builder's output folder (or the path itself). */
function packagedExecutable(spec: string): string | null {
  const path = resolve(root, spec)
  if (!existsSync(path)) return null
  if (statSync(path).isFile()) return path
  const candidates = [
    join(path, 'linux-unpacked', 'tidings-desktop'),
    join(path, 'win-unpacked', 'Tidings.exe'),
    ...readdirSync(path)
      .filter((d) => d.startsWith('mac'))
      .map((d) => join(path, d, 'Tidings.app', 'Contents', 'MacOS', 'Tidings')),
  ]
  return candidates.find((c) => existsSync(c)) ?? null
}

const packagedSpec = process.env.TIDINGS_PACKAGED_APP
const packaged = packagedSpec ? packagedExecutable(packagedSpec) : null
const packagedSkip = !packagedSpec
  ? 'TIDINGS_PACKAGED_APP is not set (CI sets it after `electron-builder --dir`)'
  : !packaged
    ? `no packaged app under ${packagedSpec}`
    : !display
      ? 'no display (on Linux run it under xvfb-run)'
      : process.platform !== 'linux' && process.env.CI !== 'true'
        ? 'the packaged app would use your real Tidings data folder here; it runs with CI=true only'
        : null
if (packagedSpec && packagedSkip) console.warn(`Packaged-app smoke test skipped: ${packagedSkip}`)

describe.skipIf(packagedSkip !== null)('the packaged app', () => {
  let home: string
  let userData: string
  let env: Record<string, string>
  let feedServer: FeedServer
  let feedUrl: string
  let browser: Browser
  let page: Page
  let first: ReturnType<typeof spawn>
  let firstExit: Promise<number | null>
  const bridged = () => page.evaluate(() => Object.keys((window as unknown as { tidings: object }).tidings).length)

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'tidings-packaged-'))
    env = { ...inheritedEnv(), XDG_CONFIG_HOME: home }
    userData = defaultDataDir(process.platform, env)
    feedServer = await startFeedServer()
    feedUrl = feedServer.url

    first = spawn(packaged!, [...chromiumArgs, '--remote-debugging-port=0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    firstExit = new Promise((r) => first.on('exit', (code) => r(code)))
    let stderr = ''
    first.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    first.stdout!.resume()
    // Chromium prints where its DevTools endpoint listens.
    const endpoint = await waitFor(() => /DevTools listening on (ws:\/\/\S+)/.exec(stderr)?.[1], () => `the DevTools endpoint; stderr: ${stderr.slice(-1500)}`, 60_000)
    browser = await chromium.connectOverCDP(endpoint)
    page = await waitFor(() => browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith('app://tidings/')), 'the window on app://', 30_000)
    await page.waitForFunction(() => 'tidings' in window, undefined, { timeout: 30_000 })
  })

  afterAll(async () => {
    await browser?.close().catch(() => {})
    if (first && first.exitCode === null) first.kill()
    await feedServer?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    if (userData && process.env.CI === 'true') rmSync(userData, { recursive: true, force: true })
  })

  it('loads the page over app:// with the bridge, from the asar', async () => {
    expect(await page.evaluate(() => location.protocol)).toBe('app:')
    expect(await bridged()).toBe(32)
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
  })

  it("stores a live event through the writer thread, counted by the app", async () => {
    await page.evaluate((url) => (window as unknown as Bridged).tidings.addFeed({ url, name: 'Packaged' }), feedUrl)
    await waitFor(() => feedServer.clients.size > 0, 'the app to connect to the feed', 30_000)
    feedServer.send('id: 1\ndata: from the packaged app\n\n')
    await waitFor(async () => (await page.evaluate(() => (window as unknown as Bridged).tidings.unread())).total === 1, 'the event to be stored and counted', 30_000)
  })

  it('quits on a second launch with --quit, with the event on disk and nothing wrong in its log', async () => {
    const second = spawn(packaged!, [...chromiumArgs, '--quit'], { env, stdio: 'ignore' })
    await new Promise((r) => second.on('exit', r))
    await expect(firstExit).resolves.toBe(0)
    const history = openHistory({ path: join(userData, HISTORY_FILE) })
    try {
      expect(history.query({}).events.map((e) => e.data)).toEqual(['from the packaged app'])
    } finally {
      history.close()
    }
    const log = readFileSync(join(userData, LOG_DIR, LOG_FILE), 'utf8')
    expect(log).toContain('stopped: everything received is stored')
    // A missing tray image, a page that failed to load, an uncaught error: all are ERROR lines.
    expect(log).not.toMatch(/ ERROR /)
  })
})
