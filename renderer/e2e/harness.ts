/**
 * What the browser tests, the screenshot script and the window benchmark share: the built
 * renderer (built here when missing or older than its sources), a static server for it on
 * 127.0.0.1, Debian's Chromium through playwright-core, a real SSE server and a page bridged to a
 * real core (`waitFor` is main/test-support/wait.ts). Nothing here fakes our own code; only the OS
 * notifier is recorded.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import type { Notifier, Toast } from '../../main/core/ports.ts'
import type { TidingsService } from '../../main/core/service-api.ts'
import { installBridge, type Bridge } from './bridge.ts'

export const ROOT = resolve(import.meta.dirname, '../..')
export const RENDERER_OUT = join(ROOT, 'out/renderer')
export const CHROMIUM = process.env.TIDINGS_CHROMIUM ?? '/usr/bin/chromium'

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/**
 * Makes sure out/renderer holds a build of the current sources: `npm run build` normally made it;
 * when it is missing or older than renderer/src, the renderer alone is rebuilt with electron-vite's
 * own resolved config (exactly what `electron-vite build` does for that target).
 */
export async function ensureRendererBuilt(): Promise<void> {
  const index = join(RENDERER_OUT, 'index.html')
  const sources = Math.max(newestMtime(join(ROOT, 'renderer/src')), newestMtime(join(ROOT, 'renderer/index.html')))
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return
  try {
    process.env.NODE_ENV_ELECTRON_VITE = 'production'
    const { resolveConfig } = await import('electron-vite')
    const { build } = await import('vite')
    const resolved = await resolveConfig({ root: ROOT, logLevel: 'warn' }, 'build', 'production')
    const renderer = resolved.config?.renderer
    if (renderer === undefined) throw new Error('electron.vite.config.ts has no renderer entry')
    await build({ ...renderer, logLevel: 'warn' })
  } catch (error) {
    throw new Error(`The window is not built and building it failed; run \`npm run build\` first. (${(error as Error).message})`, { cause: error })
  }
  if (!existsSync(index)) throw new Error(`No ${index} after building; run \`npm run build\` first.`)
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Serves out/renderer on 127.0.0.1 (GET only, no directory escapes). */
export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    const file = normalize(join(RENDERER_OUT, path === '/' ? 'index.html' : path))
    if (req.method !== 'GET' || !file.startsWith(RENDERER_OUT + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

/** Debian's Chromium, headless, without the background chatter. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set TIDINGS_CHROMIUM)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** The OS notifier at its port: records toasts. */
export function recordingNotifier(): Notifier & { shown: Toast[] } {
  const shown: Toast[] = []
  return { shown, show: (toast) => void shown.push(toast) }
}

export interface SseEvent {
  id?: string
  event?: string
  data: string
}

/** A real SSE endpoint on 127.0.0.1: `send` writes to every connected client. */
export interface SseServer {
  url: string
  /** Last-Event-ID header of each connection, in order. */
  lastEventIds: (string | undefined)[]
  clients(): number
  send(...events: SseEvent[]): void
  close(): Promise<void>
}

/** Encodes one event per the SSE standard (every data line prefixed). */
export function encodeEvent(event: SseEvent): string {
  let text = ''
  if (event.event !== undefined) text += `event: ${event.event}\n`
  if (event.id !== undefined) text += `id: ${event.id}\n`
  for (const line of event.data.split('\n')) text += `data: ${line}\n`
  return `${text}\n`
}

/** Starts the SSE server; `/events` streams, `/not-a-stream` answers text/html, others 404. */
export async function startSseServer(): Promise<SseServer> {
  const clients = new Set<ServerResponse>()
  const lastEventIds: (string | undefined)[] = []
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/not-a-stream') === true) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>hello</h1>')
      return
    }
    if (req.url?.startsWith('/events') !== true) {
      res.writeHead(404).end()
      return
    }
    const raw = req.headers['last-event-id']
    lastEventIds.push(Array.isArray(raw) ? raw[0] : raw)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.write(': hello\n\n')
    clients.add(res)
    req.on('close', () => clients.delete(res))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  return {
    url: `${base}/events`,
    lastEventIds,
    clients: () => clients.size,
    send(...events) {
      const text = events.map(encodeEvent).join('')
      for (const client of clients) client.write(text)
    },
    close: () =>
      new Promise<void>((done) => {
        for (const client of clients) client.end()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

/** A window on a real core, and what went wrong in it (page errors, CSP violations, dialogs). */
export interface TestWindow {
  page: Page
  bridge: Bridge
  /** Uncaught errors and console errors of the page. */
  errors: string[]
  /** alert/confirm/prompt dialogs the page opened (none may appear). */
  dialogs: string[]
  /** CSP violations the page reported. */
  cspViolations(): Promise<string[]>
  close(): Promise<void>
}

/** Opens the window in a fresh browser context, bridged to `service`. */
export async function openWindow(
  browser: Browser,
  url: string,
  service: TidingsService,
  context: BrowserContextOptions = {},
  bridgeOptions: { shell?: boolean } = {},
): Promise<TestWindow> {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 760 }, ...context })
  const page = await ctx.newPage()
  // A missing element fails its step with a locator error well before the test's own timeout.
  page.setDefaultTimeout(8_000)
  const errors: string[] = []
  const dialogs: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  await page.addInitScript(() => {
    const seen: string[] = []
    Object.defineProperty(window, '__cspViolations', { value: seen })
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`)
    })
  })
  const bridge = await installBridge(page, service, bridgeOptions)
  await page.goto(url)
  return {
    page,
    bridge,
    errors,
    dialogs,
    cspViolations: () => page.evaluate(() => [...((window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])]),
    async close() {
      bridge.detach()
      await ctx.close()
      bridge.shell?.dispose()
    },
  }
}
