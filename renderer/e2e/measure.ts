/**
 * Measures the window in Chromium on a real core and prints the figures (no assertions):
 *  - time to show a feed with 100,000 stored events: navigation → first rows painted, and
 *    selecting the feed → first rows painted;
 *  - a jump to the middle of the 100,000 rows (rows loaded through the cursor);
 *  - long tasks (PerformanceObserver 'longtask', > 50 ms) and the longest frame while 1,000
 *    events/s arrive live for 5 s, at the top of the list and scrolled down.
 *
 *   node renderer/e2e/measure.ts         (via `npm run bench:window`)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openEnvironment } from '../../main/cli/environment.ts'
import type { FeedEvent } from '../../main/core/types.ts'
import { waitFor } from '../../main/test-support/wait.ts'
import { encodeEvent, ensureRendererBuilt, launchChromium, openWindow, recordingNotifier, serveRenderer } from './harness.ts'

const STORED = 100_000
const RATE = 1000
const SECONDS = 5

interface PageProbe {
  longTasks: number[]
  frames: number[]
  mark: number
  rowsAt: number | null
}

/** Installed before the page's scripts: long tasks, frame gaps, and "rows painted" after a mark. */
function installProbe(): void {
  const probe: PageProbe = { longTasks: [], frames: [], mark: 0, rowsAt: null }
  Object.defineProperty(window, '__probe', { value: probe })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration)
  }).observe({ type: 'longtask', buffered: true })
  let last = performance.now()
  const frame = (now: number): void => {
    probe.frames.push(now - last)
    last = now
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
  let pending = false
  const check = (): void => {
    if (probe.rowsAt !== null || pending) return
    if (document.querySelector('[role=option][data-seq]') === null) return
    // Rows are in the DOM; once the frame after this one starts, they have been painted.
    pending = true
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        pending = false
        probe.rowsAt = performance.now()
      }),
    )
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true })
}

const probe = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { __probe: PageProbe }).__probe }))
const resetProbe = (page: Page) =>
  page.evaluate(() => {
    const p = (window as unknown as { __probe: PageProbe }).__probe
    p.longTasks.length = 0
    p.frames.length = 0
    p.rowsAt = null
    p.mark = performance.now()
  })

const ms = (n: number): string => `${n.toFixed(0)} ms`
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

async function main(): Promise<void> {
  await ensureRendererBuilt()
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-measure-'))
  const clients = new Set<ServerResponse>()
  const sse = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.write(': open\n\n')
    if (req.url?.startsWith('/live') === true) clients.add(res)
    req.on('close', () => clients.delete(res))
  })
  await new Promise<void>((done) => sse.listen(0, '127.0.0.1', done))
  const base = `http://127.0.0.1:${(sse.address() as AddressInfo).port}`
  const renderer = await serveRenderer()
  const browser = await launchChromium()
  const env = await openEnvironment({ dataDir, notifier: recordingNotifier() })
  try {
    const h = env.service.handlers
    const unlimited = { maxEvents: null, maxAgeDays: null }
    const big = await h['feeds:add']({ url: `${base}/big`, name: 'Big', alerts: { enabled: false }, retention: unlimited })
    await h['feeds:add']({ url: `${base}/live`, name: 'Live', alerts: { enabled: false }, retention: unlimited })

    let t = performance.now()
    const start = Date.now() - STORED * 1000
    for (let from = 0; from < STORED; from += 1000) {
      const batch: FeedEvent[] = Array.from({ length: 1000 }, (_, i) => {
        const n = from + i
        const data = JSON.stringify({ title: `Alert ${n}`, message: `disk ${n % 97}% on host-${n % 13}`, priority: (n % 5) + 1, tags: ['x'] })
        return { feedId: big.id, id: String(n), newId: true, type: n % 7 === 0 ? 'warning' : 'message', data, receivedAt: start + n * 1000 }
      })
      env.history.append(big.id, batch, { lastEventId: String(from + 999), since: '' })
    }
    console.log(`seeded ${STORED.toLocaleString('en')} events in ${ms(performance.now() - t)}`)
    await env.service.start()

    const win = await openWindow(browser, 'about:blank', env.service, { viewport: { width: 1200, height: 760 } })
    const page = win.page
    await page.addInitScript(installProbe)

    // 1. Cold: navigation → first rows painted ("All feeds" shows the 100,000 events).
    const cold: number[] = []
    for (let i = 0; i < 3; i++) {
      await page.goto(renderer.url)
      await waitFor(async () => (await probe(page)).rowsAt !== null, 'first rows')
      cold.push((await probe(page)).rowsAt!)
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
        const script = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.endsWith('.js'))
        return { domInteractive: nav.domInteractive, scriptLoaded: script?.responseEnd ?? 0, domContentLoaded: nav.domContentLoadedEventEnd }
      })
      console.log(`  run ${i + 1}: script loaded ${ms(timing.scriptLoaded)}, DOMContentLoaded ${ms(timing.domContentLoaded)}, long tasks ${(await probe(page)).longTasks.map(ms).join(', ')}`)
    }
    console.log(`open the window on 100,000 events, navigation → first rows painted: median ${ms(median(cold))} (runs: ${cold.map(ms).join(', ')})`)

    // 2. Select the feed: click → first rows painted (from the settings page, so the list is new).
    const nav = page.getByRole('navigation', { name: 'Feeds' })
    const select: number[] = []
    for (let i = 0; i < 5; i++) {
      await nav.getByRole('button', { name: 'Settings' }).click()
      await page.getByRole('heading', { name: 'Settings' }).waitFor()
      await resetProbe(page)
      await page.evaluate(() => {
        const p = (window as unknown as { __probe: PageProbe }).__probe
        document.addEventListener('click', () => (p.mark = performance.now()), { capture: true, once: true })
      })
      await nav.getByRole('button', { name: /^Big/ }).click()
      await waitFor(async () => (await probe(page)).rowsAt !== null, 'rows of the feed')
      const p = await probe(page)
      select.push(p.rowsAt! - p.mark)
    }
    console.log(`select the feed with 100,000 events, click → first rows painted: median ${ms(median(select))} (runs: ${select.map(ms).join(', ')})`)
    console.log(`  count shown: ${await page.locator('.count').textContent()}`)

    // 3. Jump to the middle: rows there are reached through the cursor, 1,000 per request.
    await resetProbe(page)
    t = performance.now()
    await page.locator('.event-list').evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
    await waitFor(async () => (await page.locator('.event-row.loading').count()) === 0 && (await page.locator('.event-row[data-seq]').count()) > 0, 'middle rows', 30_000)
    const jump = performance.now() - t
    const jumpProbe = await probe(page)
    console.log(`jump to row 50,000: rows shown after ${ms(jump)}; long tasks: ${jumpProbe.longTasks.length} (max ${ms(Math.max(0, ...jumpProbe.longTasks))})`)
    // The walk is 50 sequential 1,000-row pages. Here each one crosses Playwright's binding as a
    // ~320 KB DevTools message, parsed in one renderer task (a Chromium trace shows those tasks as
    // "Receive mojo message"); Electron's IPC moves the same page by structured clone in ~2 ms.
    console.log('  (the test bridge dominates this figure: each 1,000-row page is a ~320 KB DevTools message here)')

    // 4. Scroll through 200 screens with the wheel.
    await page.locator('.event-list').evaluate((el) => (el.scrollTop = 0))
    await page.locator('.event-list').hover()
    await resetProbe(page)
    for (let i = 0; i < 200; i++) await page.mouse.wheel(0, 600)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    const scroll = await probe(page)
    console.log(`wheel-scroll 200 × 600 px: long tasks ${scroll.longTasks.length} (max ${ms(Math.max(0, ...scroll.longTasks))}), longest frame ${ms(Math.max(...scroll.frames))}`)

    // 5. 1,000 events/s for 5 s, at the top of the live feed and scrolled down in it.
    let sent = 0
    const burst = async (label: string, prepare: () => Promise<void>): Promise<void> => {
      await prepare()
      await resetProbe(page)
      const target = sent + RATE * SECONDS
      const began = performance.now()
      for (let tick = 0; tick < SECONDS * 20; tick++) {
        let text = ''
        for (let i = 0; i < RATE / 20; i++, sent++) text += encodeEvent({ id: `l${sent}`, event: 'tick', data: `{"title":"Tick ${sent}","message":"value ${sent % 1000}"}` })
        for (const client of clients) client.write(text)
        const next = began + (tick + 1) * 50
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())))
      }
      await waitFor(async () => Number(await page.locator('.count').getAttribute('data-count')) >= target, `${target} live rows`, 30_000)
      const p = await probe(page)
      const over = p.longTasks.filter((d) => d > 50)
      console.log(
        `${label}: ${RATE * SECONDS} events in ${ms(performance.now() - began)}; long tasks > 50 ms: ${over.length}` +
          ` (all long tasks: ${p.longTasks.length}, max ${ms(Math.max(0, ...p.longTasks))}); longest frame ${ms(Math.max(...p.frames))}`,
      )
    }
    await burst('1,000 events/s at the top of the list', async () => {
      await nav.getByRole('button', { name: /^Live/ }).click()
      await page.getByRole('heading', { name: 'Live' }).waitFor()
      await waitFor(() => clients.size === 1, 'the live feed to connect')
    })
    await burst('1,000 events/s while scrolled down', async () => {
      await page.locator('.event-list').evaluate((el) => (el.scrollTop = 30 * 600))
    })
    await burst('1,000 events/s in "All feeds" (100,000 + live)', async () => {
      await nav.getByRole('button', { name: /^All feeds/ }).click()
      await page.locator('.event-row[data-seq]').first().waitFor()
    })
    console.log(`page errors: ${win.errors.filter((e) => !e.includes('frame-ancestors')).length}, CSP violations: ${(await win.cspViolations()).length}`)
    await win.close()
  } finally {
    await browser.close()
    await env.close()
    await renderer.close()
    for (const client of clients) client.end()
    sse.closeAllConnections()
    await new Promise<void>((done) => sse.close(() => done()))
    rmSync(dataDir, { recursive: true, force: true })
  }
  console.log(`chromium ${browser.version()}; ${navigator.hardwareConcurrency} cores`)
}

await main()
