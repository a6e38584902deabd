/**
 * The window in a real Chromium, bridged to a real core (SQLite history, real streams) that
 * listens to a real SSE server on 127.0.0.1. Only the OS notifier is recorded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openEnvironment, type Environment } from '../../main/cli/environment.ts'
import { waitFor } from '../../main/test-support/wait.ts'
import {
  ensureRendererBuilt,
  launchChromium,
  openWindow,
  recordingNotifier,
  serveRenderer,
  startSseServer,
  type SseServer,
  type TestWindow,
} from './harness.ts'

// A CSP in a <meta> tag cannot carry frame-ancestors; Chromium says so on the console. Main sends
// the same policy as a header in the app, where the directive applies.
const benign = (message: string): boolean => message.includes("'frame-ancestors' is ignored")

let browser: Browser
let renderer: { url: string; close(): Promise<void> }
let sse: SseServer
let dataDir: string
let env: Environment
let win: TestWindow
let page: Page

const rows = () => page.locator('[role=option][data-seq]')
const sidebar = () => page.getByRole('navigation', { name: 'Feeds' })
const unreadBadge = (name: string) => sidebar().getByRole('button', { name: new RegExp(`^${name}`) }).locator('.badge')

async function open(): Promise<void> {
  env = await openEnvironment({ dataDir, notifier: recordingNotifier() })
  await env.service.start()
}

beforeAll(async () => {
  await ensureRendererBuilt()
  renderer = await serveRenderer()
  browser = await launchChromium()
  sse = await startSseServer()
  dataDir = mkdtempSync(join(tmpdir(), 'tidings-window-'))
  await open()
  win = await openWindow(browser, renderer.url, env.service)
  page = win.page
})

afterAll(async () => {
  await win?.close()
  await browser?.close()
  await env?.close()
  await sse?.close()
  await renderer?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the window on a real core', () => {
  test('adds a feed through the dialog; events arrive live; search, read marks and the unread count work', async () => {
    // No feeds yet: the first-run card (an "All feeds" heading only flashes while the feeds load).
    await page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor({ timeout: 15_000 })

    await page.keyboard.press('Control+n')
    const dialog = page.getByRole('dialog', { name: 'Add feed' })
    await dialog.waitFor()
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(sse.url)
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Build alerts')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    await dialog.waitFor({ state: 'detached' })
    await sidebar().getByRole('button', { name: /^Build alerts/ }).waitFor()

    await waitFor(() => sse.clients() === 1, 'the core to connect to the SSE server')
    sse.send(
      { id: '1', event: 'build', data: '{"title":"Build 41","message":"passed"}' },
      { id: '2', data: 'deploy finished on staging' },
      { id: '3', event: 'build', data: '{"title":"Build 42","message":"failed: lint"}' },
    )
    await expect.poll(() => rows().count()).toBe(3)
    // Newest first, one-line summaries from JSON title/message.
    expect(await rows().first().locator('.event-summary').textContent()).toBe('Build 42: failed: lint')
    expect(await rows().nth(1).locator('.event-summary').textContent()).toBe('deploy finished on staging')
    await expect.poll(() => unreadBadge('Build alerts').getAttribute('data-unread')).toBe('3')

    await page.keyboard.press('Control+f')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search')
    await page.keyboard.type('staging')
    await expect.poll(() => rows().count()).toBe(1)
    expect(await rows().first().locator('.event-summary').textContent()).toBe('deploy finished on staging')

    // Opening an event shows it and marks it read.
    await rows().first().click()
    const detail = page.getByRole('region', { name: 'Event details' })
    expect(await detail.locator('[data-field=raw]').textContent()).toBe('deploy finished on staging')
    expect(await detail.locator('[data-field=id]').textContent()).toBe('2')
    await expect.poll(() => unreadBadge('Build alerts').getAttribute('data-unread')).toBe('2')

    await page.getByRole('searchbox').fill('')
    await expect.poll(() => rows().count()).toBe(3)
    await page.getByRole('button', { name: 'Mark all read' }).click()
    await expect.poll(() => unreadBadge('Build alerts').count()).toBe(0)
    expect(await page.locator('.event-row.unread').count()).toBe(0)
  })

  test('a JSON event shows as a foldable tree', async () => {
    await rows().first().click()
    const detail = page.getByRole('region', { name: 'Event details' })
    const toggle = detail.getByRole('button', { name: 'Collapse' }).first()
    expect(await detail.locator('.json-key').allTextContents()).toEqual(['"title": ', '"message": '])
    await toggle.click()
    expect(await detail.locator('.json-key').count()).toBe(0)
    expect(await detail.getByRole('button', { name: 'Expand' }).getAttribute('aria-expanded')).toBe('false')
    await detail.getByRole('button', { name: 'Raw' }).click()
    expect(await detail.locator('[data-field=raw]').textContent()).toBe('{"title":"Build 42","message":"failed: lint"}')
  })

  test('ArrowDown/ArrowUp walk the events; Esc closes a dialog; menu commands and toast clicks are obeyed', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('ArrowDown')
    const selected = () => page.locator('[role=option][aria-selected=true]').getAttribute('data-seq')
    const first = await selected()
    await page.keyboard.press('ArrowDown')
    const second = await selected()
    expect(Number(second)).toBeLessThan(Number(first))
    await page.keyboard.press('ArrowUp')
    expect(await selected()).toBe(first)

    await page.keyboard.press('Control+n')
    await page.getByRole('dialog', { name: 'Add feed' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })

    win.bridge.push('app:command', 'settings')
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    const [feed] = await env.service.handlers['feeds:list']()
    const oldest = (await env.service.handlers['history:query']({ feedId: feed!.id, order: 'oldest', limit: 1 })).events[0]!
    win.bridge.push('app:show-event', { feedId: feed!.id, seq: oldest.seq })
    await page.getByRole('heading', { name: 'Build alerts' }).waitFor()
    await expect.poll(() => selected()).toBe(String(oldest.seq))
    expect(await page.locator('[data-field=id]').textContent()).toBe('1')
  })

  test('Test connection explains a wrong address in words', async () => {
    await page.keyboard.press('Control+n')
    const dialog = page.getByRole('dialog', { name: 'Add feed' })
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill('ftp://example.com/feed')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    expect(await dialog.getByRole('alert').textContent()).toBe('Enter a full http(s):// or ws(s):// address.')
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(sse.url.replace('/events', '/not-a-stream'))
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    const result = dialog.locator('.test-result')
    await result.waitFor()
    expect(await result.getAttribute('data-test-ok')).toBe('false')
    expect(await result.locator('.test-headline').textContent()).toBe(
      'The address answered, but not with an event stream (text/event-stream).',
    )
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  test('event data is text: markup in payloads is shown literally and never runs', async () => {
    await sidebar().getByRole('button', { name: /^Build alerts/ }).click()
    const before = await rows().count()
    const hostile = [
      '<img src=x onerror="window.__pwned=1;alert(1)">',
      '<script>window.__pwned=2;alert(2)</script>',
      '{"title":"<img src=x onerror=window.__pwned=3>","message":"<script>window.__pwned=4</script>","click":"javascript:window.__pwned=5"}',
      '<a href="javascript:window.__pwned=6">click</a><svg onload="window.__pwned=7"></svg>',
    ]
    sse.send(...hostile.map((data, i) => ({ id: `h${i}`, event: 'hostile', data })))
    await expect.poll(() => rows().count()).toBe(before + hostile.length)

    const summaries = await rows().locator('.event-summary').allTextContents()
    expect(summaries).toContain(hostile[0])
    expect(summaries).toContain(hostile[1])
    expect(summaries).toContain('<img src=x onerror=window.__pwned=3>: <script>window.__pwned=4</script>')
    for (let i = 0; i < hostile.length; i++) {
      await rows().nth(hostile.length - 1 - i).click()
      const raw = page.getByRole('region', { name: 'Event details' }).getByRole('button', { name: 'Raw' })
      if ((await raw.count()) > 0) await raw.click()
      expect(await page.locator('[data-field=raw]').textContent()).toBe(hostile[i])
    }
    // The JSON view shows the strings quoted, as text; no link for a javascript: URL.
    await rows().nth(hostile.length - 3).click()
    await page.getByRole('button', { name: 'JSON' }).click()
    expect(await page.locator('.json-string').first().textContent()).toBe('"<img src=x onerror=window.__pwned=3>"')
    expect(await page.getByRole('button', { name: 'Open link' }).count()).toBe(0)

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
    // The only SVG is our own icons (lucide), drawn by React, never from event data.
    expect(await page.locator('img, svg:not(.lucide), a[href^="javascript"]').count()).toBe(0)
    expect(await page.locator('script').count()).toBe(1)
    expect(win.dialogs).toEqual([])
  })

  test('reorder, pause and resume, remove with confirmation', async () => {
    await page.keyboard.press('Control+n')
    const dialog = page.getByRole('dialog', { name: 'Add feed' })
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(`${sse.url}?second`)
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Second')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    await dialog.waitFor({ state: 'detached' })
    const names = () => sidebar().locator('.feed-item .feed-name').allTextContents()
    await expect.poll(names).toEqual(['Build alerts', 'Second'])

    await sidebar().locator('.feed-item', { hasText: 'Second' }).hover()
    await sidebar().getByRole('button', { name: 'Move Second up' }).click()
    await expect.poll(names).toEqual(['Second', 'Build alerts'])
    expect((await env.service.handlers['feeds:list']()).map((f) => f.name)).toEqual(['Second', 'Build alerts'])

    await page.getByRole('heading', { name: 'Second' }).waitFor()
    await page.locator('.health').getByRole('button', { name: 'Pause', exact: true }).click()
    await page.locator('.health').getByRole('button', { name: 'Resume', exact: true }).waitFor()
    await expect.poll(() => page.locator('section.health').getAttribute('data-state')).toBe('paused')
    expect(await page.locator('[data-fact=sentence]').textContent()).toBe('Paused. Nothing is received until you resume it.')
    await page.locator('.health').getByRole('button', { name: 'Resume', exact: true }).click()
    await page.locator('.health').getByRole('button', { name: 'Pause', exact: true }).waitFor()

    await page.locator('.health').getByRole('button', { name: 'Remove' }).click()
    const confirm = page.getByRole('dialog', { name: 'Remove Second?' })
    await confirm.getByRole('button', { name: 'Remove' }).click()
    await expect.poll(names).toEqual(['Build alerts'])
    expect((await env.service.handlers['feeds:list']()).map((f) => f.name)).toEqual(['Build alerts'])
  })

  test('exports feeds, imports them and ntfy subscriptions; a stored secret is write-only', async () => {
    await sidebar().getByRole('button', { name: 'Settings' }).click()
    // Main writes the export through its save dialog (the test shell's picks a temp file).
    await page.getByRole('button', { name: 'Export feeds…' }).click()
    await expect.poll(() => win.bridge.shell?.saved.length).toBe(1)
    const saved = win.bridge.shell!.saved[0]!
    await expect.poll(() => page.locator('[data-export-result]').textContent()).toBe(`Saved to ${saved}`)
    const exported = JSON.parse(readFileSync(saved, 'utf8')) as {
      format: string
      feeds: { url: string }[]
    }
    expect(exported.format).toBe('tidings-feeds')
    expect(exported.feeds.map((f) => f.url)).toEqual([sse.url])

    await page.locator('input[data-import=tidings]').setInputFiles({ name: 'feeds.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) })
    await expect.poll(() => page.locator('[data-import-result]').textContent()).toBe('Added: 0. Skipped: 1.')

    const backup = {
      magic: 'ntfy2',
      data: {
        subscriptions: [{ baseUrl: 'http://127.0.0.1:9/', topic: 'backups', displayName: 'Backups' }, { baseUrl: 'http://127.0.0.1:9' }],
        users: [{ baseUrl: 'http://127.0.0.1:9', username: 'mei', password: 'hunter2' }],
      },
    }
    await page.locator('input[data-import=ntfy]').setInputFiles({ name: 'ntfy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) })
    await expect.poll(() => page.locator('[data-import-result] p').textContent()).toBe('Added: 1. Skipped: 0.')
    expect(await page.locator('[data-import-result] li').allTextContents()).toEqual(['Subscription 2 has no base URL or topic.'])

    await sidebar().getByRole('button', { name: /^Backups/ }).click()
    await page.locator('.health').getByRole('button', { name: 'Edit', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit Backups' })
    expect(await dialog.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('ntfy')
    expect(await dialog.getByRole('textbox', { name: 'User name' }).inputValue()).toBe('mei')
    const password = dialog.getByLabel('Password', { exact: true })
    expect(await password.inputValue()).toBe('')
    expect(await password.getAttribute('placeholder')).toBe('stored')
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    // Clear history, after confirming.
    const backups = (await env.service.handlers['feeds:list']()).find((f) => f.name === 'Backups')!
    env.history.append(backups.id, [{ feedId: backups.id, id: 'b1', newId: true, type: 'message', data: 'old backup note', receivedAt: Date.now() }], { lastEventId: '', since: 'b1' })
    await page.getByRole('combobox', { name: 'Show' }).selectOption('unread')
    await page.getByRole('combobox', { name: 'Show' }).selectOption('all')
    await expect.poll(() => rows().count()).toBe(1)
    await page.locator('.health').getByRole('button', { name: 'Clear history' }).click()
    await page.getByRole('dialog', { name: 'Clear the history of Backups?' }).getByRole('button', { name: 'Clear history' }).click()
    await expect.poll(() => page.locator('.count').getAttribute('data-count')).toBe('0')
    expect((await env.service.handlers['history:query']({ feedId: backups.id })).total).toBe(0)

    await page.locator('.health').getByRole('button', { name: 'Remove' }).click()
    await page.getByRole('dialog', { name: 'Remove Backups?' }).getByRole('button', { name: 'Remove' }).click()
    await expect.poll(() => sidebar().locator('.feed-item').count()).toBe(1)
  })

  test('the history is still there after the core restarts', async () => {
    const stored = (await env.service.handlers['history:query']({ limit: 1000 })).total
    expect(stored).toBeGreaterThan(0)
    const connections = sse.lastEventIds.length
    win.bridge.detach()
    await env.close()
    await open()
    win.bridge.attach(env.service)
    await page.reload()
    await sidebar().getByRole('button', { name: /^Build alerts/ }).click()
    await expect.poll(() => rows().count()).toBe(stored)
    expect(await page.locator('.count').getAttribute('data-count')).toBe(String(stored))
    // The stream resumes after the last stored event.
    await waitFor(() => sse.lastEventIds.length > connections, 'the core to reconnect')
    expect(sse.lastEventIds.at(-1)).toBe('h3')
  })

  test('live events go on top without moving the rows the user is reading', async () => {
    const count = () => page.locator('.count').getAttribute('data-count').then(Number)
    const start = await count()
    sse.send(...Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, event: 'scroll', data: `scroll test ${i}` })))
    await expect.poll(count).toBe(start + 200)
    const list = page.getByRole('listbox')
    // The row under a point of the list, and where it sits.
    const rowAt = () =>
      list.evaluate((el) => {
        const box = el.getBoundingClientRect()
        const row = document.elementFromPoint(box.left + 40, box.top + 100)?.closest('[data-seq]')
        return { seq: row?.getAttribute('data-seq') ?? null, top: row ? Math.round(row.getBoundingClientRect().top - box.top) : null }
      })

    await list.evaluate((el) => (el.scrollTop = 60 * 30 + 7))
    await expect.poll(async () => (await rowAt()).seq).not.toBeNull()
    const before = await rowAt()
    sse.send(...Array.from({ length: 25 }, (_, i) => ({ id: `t${i}`, event: 'scroll', data: `more ${i}` })))
    await expect.poll(count).toBe(start + 225)
    expect(await rowAt()).toEqual(before)

    // At the top, the newest events come into view instead.
    await list.evaluate((el) => (el.scrollTop = 0))
    sse.send({ id: 'u0', event: 'scroll', data: 'the very newest' })
    await expect.poll(() => rows().first().locator('.event-summary').textContent()).toBe('the very newest')
    expect(await list.evaluate((el) => el.scrollTop)).toBe(0)
  })

  test('speaks Simplified Chinese when chosen in Settings, and by default on a Chinese system', async () => {
    await sidebar().getByRole('button', { name: 'Settings' }).click()
    await page.locator('select[data-setting=language]').selectOption('zh-CN')
    await page.getByRole('heading', { name: '设置' }).waitFor()
    expect(await page.getByRole('navigation', { name: '订阅源' }).getByRole('button', { name: '全部订阅源' }).count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    await page.locator('select[data-setting=language]').selectOption('system')
    await page.getByRole('heading', { name: 'Settings' }).waitFor()

    const chinese = await openWindow(browser, renderer.url, env.service, { locale: 'zh-CN' })
    try {
      await chinese.page.getByRole('heading', { name: '全部订阅源' }).waitFor()
      expect(await chinese.page.getByRole('searchbox', { name: '搜索事件' }).count()).toBe(1)
    } finally {
      await chinese.close()
    }
  })

  test('the theme setting switches the palette', async () => {
    await sidebar().getByRole('button', { name: 'Settings' }).click()
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    const theme = page.getByRole('combobox', { name: 'Theme' })
    await theme.selectOption('dark')
    await expect.poll(background).toBe('rgb(23, 25, 29)')
    expect((await env.service.handlers['settings:get']()).theme).toBe('dark')
    await theme.selectOption('light')
    await expect.poll(background).toBe('rgb(247, 247, 248)')
    await theme.selectOption('system')
  })

  test('nothing broke on the way: no page errors, no CSP violations', async () => {
    expect(win.errors.filter((e) => !benign(e))).toEqual([])
    expect(await win.cspViolations()).toEqual([])
  })
})
