/**
 * Writes the README's screenshots (docs/screenshots/*.png): feeds + history, event detail, the
 * add-feed dialog, a retrying and a stopped feed's health and settings, each in light and dark; the
 * same in Simplified Chinese; the window at 800×500; and the first run. The window runs in Chromium
 * on a real core with real feeds: one healthy, one refused (401), one retrying (nothing listens on
 * its port).
 *
 *   node renderer/e2e/screenshots.ts          (via `npm run screenshots`)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openEnvironment } from '../../main/cli/environment.ts'
import type { FeedEvent } from '../../main/core/types.ts'
import { waitFor } from '../../main/test-support/wait.ts'
import { ensureRendererBuilt, launchChromium, openWindow, recordingNotifier, ROOT, serveRenderer } from './harness.ts'

const OUT = join(ROOT, 'docs/screenshots')

/** A quiet ntfy-like endpoint (open, keepalives only) and one that refuses credentials. */
async function startDemoServer(): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/private') === true) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.write(': keepalive\n\n')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((done) => probe.close(() => done()))
  return port
}

const now = Date.now()
const minutes = (m: number): number => now - m * 60_000

function ntfy(feedId: string, n: number, title: string, message: string, priority: number, tags: string[], at: number): FeedEvent {
  const id = `Xk${(1000 + n).toString(36)}q${n}`
  const data = JSON.stringify({ id, time: Math.floor(at / 1000), event: 'message', topic: 'ops-alerts', title, message, priority, tags, click: 'https://grafana.example.com/d/db' })
  return { feedId, id, newId: true, type: 'message', data, receivedAt: at }
}

function generic(feedId: string, n: number, type: string, data: string, at: number): FeedEvent {
  return { feedId, id: String(4100 + n), newId: true, type, data, receivedAt: at }
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  console.log(`docs/screenshots/${name}.png`)
}

async function main(): Promise<void> {
  await ensureRendererBuilt()
  mkdirSync(OUT, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-shots-'))
  const demo = await startDemoServer()
  const renderer = await serveRenderer()
  const browser = await launchChromium()
  const env = await openEnvironment({ dataDir, notifier: recordingNotifier(), version: '0.1.0' })
  try {
    const h = env.service.handlers
    const ops = await h['feeds:add']({ url: `${demo.base}/ops-alerts/sse`, name: 'Ops alerts', preset: 'ntfy' })
    const ci = await h['feeds:add']({ url: `${demo.base}/ci/events`, name: 'CI builds' })
    await h['feeds:add']({ url: `${demo.base}/private/stream`, name: 'Billing webhooks', auth: { kind: 'bearer' }, secret: 'expired-token' })
    await h['feeds:add']({ url: `http://127.0.0.1:${await closedPort()}/.well-known/mercure?topic=orders`, name: 'Orders (Mercure)', preset: 'mercure' })

    const alerts: [string, string, number, string[]][] = [
      ['Disk almost full', '/var at 93% on db-1', 4, ['warning', 'database']],
      ['Backup finished', 'Nightly backup of db-1 took 14 min (2.1 GB)', 2, ['white_check_mark']],
      ['Latency above 800 ms', 'p95 of /api/search over the last 5 minutes', 4, ['chart_with_upwards_trend']],
      ['Certificate renewed', 'api.example.com is valid until 14 March', 3, ['lock']],
      ['Deploy started', 'web 2.14.0 to production by Mei', 3, ['rocket']],
      ['Node drained', 'worker-7 is out of the pool for maintenance', 3, ['wrench']],
      ['Error rate 4.2%', 'checkout-service 5xx responses since 09:12', 5, ['rotating_light']],
      ['Queue backlog cleared', 'emails: 0 waiting', 2, ['tada']],
    ]
    const opsEvents = alerts.flatMap(([title, message, priority, tags], i) => [
      ntfy(ops.id, i * 3, title, message, priority, tags, minutes(190 - i * 24)),
      ntfy(ops.id, i * 3 + 1, `${title} (repeat)`, message, Math.max(1, priority - 1), tags, minutes(180 - i * 24)),
      ntfy(ops.id, i * 3 + 2, title.replace(/^\w+/, (w) => w), `${message}; acknowledged`, 2, tags, minutes(170 - i * 24)),
    ])
    env.history.append(ops.id, opsEvents, { lastEventId: '', since: opsEvents.at(-1)!.id })
    const builds = Array.from({ length: 30 }, (_, i) => {
      const ok = i % 5 !== 3
      return generic(
        ci.id,
        i,
        ok ? 'build.passed' : 'build.failed',
        JSON.stringify({
          pipeline: 'tidings',
          number: 800 + i,
          branch: i % 4 === 0 ? 'feature/history-search' : 'main',
          commit: { sha: (0x9f3a2c1 + i * 7919).toString(16), author: ['Mei', 'Arjun', 'Sofia', 'Tom'][i % 4], message: ['Fix reconnect jitter', 'Add zh-CN strings', 'Speed up FTS query', 'Tray badge on Windows'][i % 4] },
          duration_s: 240 + ((i * 37) % 180),
          result: ok ? 'passed' : 'failed',
          failed_steps: ok ? [] : ['lint', 'test:e2e'],
        }),
        minutes(300 - i * 9),
      )
    })
    env.history.append(ci.id, builds, { lastEventId: builds.at(-1)!.id, since: '' })
    // Some of it read already.
    for (const e of (await h['history:query']({ feedId: ci.id, order: 'oldest', limit: 18 })).events) await h['history:mark-read']({ scope: 'event', seq: e.seq })
    await env.service.start()

    for (const scheme of ['light', 'dark'] as const) {
      const win = await openWindow(browser, renderer.url, env.service, { colorScheme: scheme, viewport: { width: 1200, height: 720 }, locale: 'en-GB' })
      const page = win.page
      const nav = page.getByRole('navigation', { name: 'Feeds' })
      await nav.getByRole('button', { name: /^Billing webhooks/ }).locator('.feed-health').waitFor()
      await waitFor(async () => (await nav.locator('.health-backoff').count()) > 0, 'the Mercure feed to be retrying', 15_000)

      await nav.getByRole('button', { name: /^CI builds/ }).click()
      await page.locator('[role=option][data-seq]').first().waitFor()
      await shoot(page, `feeds-history-${scheme}`)

      await page.locator('[role=option][data-seq]').nth(3).click()
      await page.locator('.json-tree').waitFor()
      await shoot(page, `event-detail-${scheme}`)

      await page.keyboard.press('Control+n')
      const dialog = page.getByRole('dialog', { name: 'Add feed' })
      await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(`${demo.base}/deploys/sse`)
      await dialog.getByRole('button', { name: 'Test connection' }).click()
      await dialog.locator('.test-result').waitFor({ timeout: 15_000 })
      await shoot(page, `add-feed-${scheme}`)
      await page.keyboard.press('Escape')

      await nav.getByRole('button', { name: /^Orders/ }).click()
      await page.locator('.health[data-state=backoff]').waitFor({ timeout: 15_000 })
      await shoot(page, `feed-health-${scheme}`)

      await nav.getByRole('button', { name: /^Billing webhooks/ }).click()
      await page.locator('.health[data-state=stopped]').waitFor()
      await page.locator('.health-details summary').click()
      await shoot(page, `feed-stopped-${scheme}`)

      await nav.getByRole('button', { name: 'Settings' }).click()
      await page.getByRole('heading', { name: 'Settings' }).waitFor()
      await shoot(page, `settings-${scheme}`)
      await win.close()
    }

    // Simplified Chinese (the language setting), light.
    await h['settings:set']({ language: 'zh-CN' })
    {
      const win = await openWindow(browser, renderer.url, env.service, { colorScheme: 'light', viewport: { width: 1200, height: 720 }, locale: 'en-US' })
      const page = win.page
      const nav = page.getByRole('navigation', { name: '订阅源' })
      await nav.getByRole('button', { name: /^Ops alerts/ }).click()
      await page.locator('[role=option][data-seq]').first().waitFor()
      await page.locator('[role=option][data-seq]').nth(1).click()
      await shoot(page, 'feeds-history-zh-CN')
      await nav.getByRole('button', { name: /^Billing webhooks/ }).click()
      await page.locator('.health[data-state=stopped]').waitFor()
      await page.locator('.health-details summary').click()
      await shoot(page, 'feed-stopped-zh-CN')
      await nav.getByRole('button', { name: /^Orders/ }).click()
      await page.locator('.health[data-state=backoff]').waitFor({ timeout: 15_000 })
      await shoot(page, 'feed-health-zh-CN')
      await win.close()
    }
    await h['settings:set']({ language: 'system' })

    // A small window: 800×500.
    {
      const win = await openWindow(browser, renderer.url, env.service, { colorScheme: 'light', viewport: { width: 800, height: 500 }, locale: 'en-GB' })
      const page = win.page
      await page.locator('[role=option][data-seq]').first().waitFor()
      await page.locator('[role=option][data-seq]').nth(2).click()
      await shoot(page, 'narrow-800x500-light')
      await win.close()
    }
  } finally {
    await browser.close()
    await env.close()
    await renderer.close()
    await demo.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  await firstRun()
}

/** The first run: no feeds yet. */
async function firstRun(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-shots-'))
  const renderer = await serveRenderer()
  const browser = await launchChromium()
  const env = await openEnvironment({ dataDir, notifier: recordingNotifier(), version: '0.1.0' })
  try {
    await env.service.start()
    for (const scheme of ['light', 'dark'] as const) {
      const win = await openWindow(browser, renderer.url, env.service, { colorScheme: scheme, viewport: { width: 1000, height: 620 }, locale: 'en-GB' })
      await win.page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor()
      await shoot(win.page, `first-run-${scheme}`)
      await win.close()
    }
  } finally {
    await browser.close()
    await env.close()
    await renderer.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
