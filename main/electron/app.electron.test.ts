/**
 * Electron smoke test (`npm run test:electron`, after `npm run build`): the real app from out/ in
 * a real Electron, on a temporary data folder. A local SSE server sends one event; the app must
 * store it, ask the OS for a toast and move the tray count from 0 to 1 — seen through main's E2E
 * probe (TIDINGS_E2E=1 → <userData>/e2e.jsonl, see main/electron/e2e-probe.ts). Also checks what
 * the page can and cannot reach, that a second launch hands over to the first, and that Quit
 * stops cleanly with the event on disk.
 *
 * Skips, saying why, when there is no Electron binary (node_modules/electron downloads it on
 * demand: `npm exec -- install-electron`), no build, or no display.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TidingsApi } from '../../preload/contract.ts'
import { HISTORY_FILE } from '../cli/environment.ts'
import { openHistory } from '../core/history/index.ts'
import type { Toast } from '../core/ports.ts'
import type { TrayModel } from '../core/tray/index.ts'
import { waitFor } from '../test-support/wait.ts'
import { E2E_LOG } from './e2e-probe.ts'

const root = resolve(import.meta.dirname, '..', '..')

/**
 * The Electron executable, without `require('electron')`: in Electron 45 that call downloads the
 * binary when it is missing, which a test must not do. null when it is not installed.
 */
function electronBinary(): string | null {
  const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const executable = override ? join(override, relative) : join(dir, 'dist', relative)
  return existsSync(executable) ? executable : null
}

const binary = electronBinary()
const built = existsSync(join(root, 'out', 'main', 'index.js'))
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
const skipReason = !binary
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

describe.skipIf(skipReason !== null)('the Electron app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-electron-'))
  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'ELECTRON_RUN_AS_NODE')),
    TIDINGS_DATA_DIR: dataDir,
    TIDINGS_E2E: '1',
    ELECTRON_ENABLE_LOGGING: '1',
  }
  // Chromium refuses to run as root with its sandbox (containers); everywhere else it stays on.
  const chromiumArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : []
  const clients = new Set<ServerResponse>()
  let server: Server
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
    server = createServer((req, res) => {
      if (req.url !== '/events') {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      res.write('retry: 1000\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`

    app = await _electron.launch({ executablePath: binary!, args: [...chromiumArgs, root], env, timeout: 30_000 })
    page = await app.firstWindow()
    await waitFor(() => probe().some((l) => l.kind === 'ready'), 'main to report ready', 30_000)
    await page.waitForFunction(() => 'tidings' in window, undefined, { timeout: 30_000 })
  })

  afterAll(async () => {
    await app?.close().catch(() => {})
    for (const client of clients) client.end()
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
    rmSync(dataDir, { recursive: true, force: true })
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
    await waitFor(() => clients.size > 0, 'the app to connect to the feed', 20_000)
    for (const client of clients) client.write('id: 1\nevent: message\ndata: hello from the smoke test\n\n')

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
