/**
 * The window as a new user meets it (issue 9), on a real core with real SSE servers on 127.0.0.1:
 * first run, recovering a stopped feed in one click, health from the stored history, a small
 * window, form problems at their field, selection, search state, rows, failures said out loud,
 * keys between feeds, Chinese built from data — and axe-core on every view in light, dark and
 * zh-CN with no serious or critical violation.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openEnvironment, type Environment } from '../../main/cli/environment.ts'
import { waitFor } from '../../main/test-support/wait.ts'
import { seriousViolations } from './axe.ts'
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

const benign = (message: string): boolean => message.includes("'frame-ancestors' is ignored")

/** An SSE endpoint that refuses credentials (401) while `locked`, and streams otherwise. */
async function startGuardedServer(): Promise<{ url: string; locked: boolean; close(): Promise<void> }> {
  const clients = new Set<ServerResponse>()
  const state = { locked: true }
  const server = createServer((req, res) => {
    if (state.locked) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(': hello\n\n')
    clients.add(res)
    req.on('close', () => clients.delete(res))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/guarded`,
    get locked() {
      return state.locked
    },
    set locked(value: boolean) {
      state.locked = value
    },
    close: () =>
      new Promise<void>((done) => {
        for (const client of clients) client.end()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

let browser: Browser
let renderer: { url: string; close(): Promise<void> }
let sse: SseServer
let guarded: Awaited<ReturnType<typeof startGuardedServer>>
let dataDir: string
let env: Environment
let win: TestWindow
let page: Page

const sidebarOf = (p: Page, name = 'Feeds') => p.getByRole('navigation', { name })
const sidebar = () => sidebarOf(page)
const rows = (p: Page = page) => p.locator('[role=option][data-seq]')
const health = (p: Page = page) => p.locator('section.health')
const feedButton = (name: string, p: Page = page) => sidebarOf(p, p === page ? 'Feeds' : undefined).getByRole('button', { name: new RegExp(`^${name}`) })

async function open(): Promise<void> {
  env = await openEnvironment({ dataDir, notifier: recordingNotifier() })
  await env.service.start()
}

async function feedId(name: string): Promise<string> {
  const feed = (await env.service.handlers['feeds:list']()).find((f) => f.name === name)
  if (feed === undefined) throw new Error(`no feed ${name}`)
  return feed.id
}

async function noSeriousViolations(p: Page, view: string): Promise<void> {
  expect(await seriousViolations(p), view).toEqual([])
}

beforeAll(async () => {
  await ensureRendererBuilt()
  renderer = await serveRenderer()
  browser = await launchChromium()
  sse = await startSseServer()
  guarded = await startGuardedServer()
  dataDir = mkdtempSync(join(tmpdir(), 'tidings-window-ux-'))
  await open()
  win = await openWindow(browser, renderer.url, env.service, { locale: 'en-GB' })
  page = win.page
})

afterAll(async () => {
  await win?.close()
  await browser?.close()
  await env?.close()
  await sse?.close()
  await guarded?.close()
  await renderer?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the window a new user meets (issue 9)', () => {
  test('9: the first run explains itself, offers ready-made starts, and hides controls that need feeds', async () => {
    await page.getByRole('heading', { name: 'Welcome to Tidings' }).waitFor()
    expect(await page.getByRole('searchbox').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Mark all read' }).count()).toBe(0)
    expect(await sidebar().getByRole('button', { name: /All feeds/ }).count()).toBe(0)
    for (const [scheme, locale] of [['light', 'en-GB'], ['dark', 'en-GB'], ['light', 'zh-CN']] as const) {
      const other = await openWindow(browser, renderer.url, env.service, { colorScheme: scheme, locale })
      await other.page.locator('.welcome h2').waitFor()
      // The start that needs no server comes first, in the window's language.
      const first = other.page.locator('.welcome .starts button').first()
      expect(await first.getAttribute('data-start')).toBe('example')
      expect(await first.locator('.start-title').textContent()).toBe(locale === 'zh-CN' ? '示例订阅源（离线可用）' : 'Example feed (works offline)')
      await noSeriousViolations(other.page, `first run, ${scheme}, ${locale}`)
      await other.close()
    }

    // The example start fills the form with the built-in example feed, says what it is, and its
    // test connection shows an event made by Tidings itself — no server, no network.
    await page.getByRole('button', { name: /Example feed \(works offline\)/ }).click()
    let dialog = page.getByRole('dialog', { name: 'Add feed' })
    expect(await dialog.getByRole('textbox', { name: 'URL', exact: true }).inputValue()).toBe('tidings-example:clock')
    expect(await dialog.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Example')
    expect(await dialog.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('generic')
    expect(await dialog.getByText('The built-in example feed: Tidings makes its events itself', { exact: false }).count()).toBe(1)
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    const tested = dialog.locator('[data-test-ok=true]')
    await tested.waitFor()
    // There is no server to accept a subscription: the headline says what did happen.
    expect(await tested.locator('.test-headline').textContent()).toBe('The example feed works: Tidings made an event just now, with no server and no network.')
    expect(await tested.locator('.test-events').textContent()).toMatch(/Example event sent at \d{2}:\d{2}:\d{2}\./)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await env.service.handlers['feeds:list']()).toEqual([])

    // The ntfy start fills the form with a fresh topic on ntfy.sh and the ntfy preset.
    await page.getByRole('button', { name: /An ntfy topic/ }).click()
    dialog = page.getByRole('dialog', { name: 'Add feed' })
    expect(await dialog.getByRole('textbox', { name: 'URL', exact: true }).inputValue()).toMatch(/^https:\/\/ntfy\.sh\/tidings-[a-z0-9]+\/sse$/)
    expect(await dialog.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('ntfy')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: /A Mercure hub/ }).click()
    dialog = page.getByRole('dialog', { name: 'Add feed' })
    expect(await dialog.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('mercure')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    await page.getByRole('button', { name: /Any SSE endpoint/ }).click()
    dialog = page.getByRole('dialog', { name: 'Add feed' })
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(sse.url)
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Alerts')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('searchbox').waitFor()
    expect(await page.getByRole('heading', { name: 'Welcome to Tidings' }).count()).toBe(0)
    await waitFor(() => sse.clients() === 1, 'the core to connect')
  })

  test('1, 6, 7: a stopped feed says why in one sentence, offers Reconnect now, and reconnects by itself once fixed', async () => {
    guarded.locked = true
    await env.service.handlers['feeds:add']({ url: guarded.url, name: 'Billing' })
    await feedButton('Billing').click()
    await health().and(page.locator('[data-state=stopped]')).waitFor()
    const sentence = health().locator('[data-fact=sentence]')
    expect(await sentence.textContent()).toBe(
      'The server refused the credentials (HTTP 401). Check the token or password. Tidings stopped trying until the feed is fixed (Edit) or you reconnect.',
    )
    const actions = health().getByRole('group', { name: 'Feed actions' })
    expect(await actions.getByRole('button', { name: 'Resume', exact: true }).count()).toBe(0)
    expect(await actions.getByRole('button', { name: 'Reconnect now' }).count()).toBe(1)
    // One calm line in the sidebar; what needs attention on All feeds.
    expect(await feedButton('Billing').locator('.feed-health').textContent()).toBe('Sign-in rejected')
    expect(await sidebar().getByRole('button', { name: /^All feeds/ }).locator('.feed-health').textContent()).toBe('1 stopped')
    // The technical detail only on demand.
    const technical = health().locator('[data-fact=technical]')
    expect(await technical.isVisible()).toBe(false)
    await health().locator('.health-details summary').click()
    expect(await technical.textContent()).toContain('401')
    await noSeriousViolations(page, 'stopped feed, details open, light')

    guarded.locked = false
    await actions.getByRole('button', { name: 'Reconnect now' }).click()
    await health().and(page.locator('[data-state=open]')).waitFor()
    expect(await actions.getByRole('button', { name: 'Reconnect now' }).count()).toBe(0)
    expect(await sentence.textContent()).toMatch(/^Connected since \d{2}:\d{2}\.$/)

    // Pause shows Resume; resuming into a refusal stops again; an edit that fixes it reconnects by itself.
    await actions.getByRole('button', { name: 'Pause' }).click()
    await actions.getByRole('button', { name: 'Resume', exact: true }).waitFor()
    expect(await feedButton('Billing').locator('.feed-health').textContent()).toBe('Paused')
    guarded.locked = true
    await actions.getByRole('button', { name: 'Resume', exact: true }).click()
    await health().and(page.locator('[data-state=stopped]')).waitFor()
    await actions.getByRole('button', { name: 'Edit' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit Billing' })
    guarded.locked = false
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(`${guarded.url}?fixed`)
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await health().and(page.locator('[data-state=open]')).waitFor()
  })

  test('2: stored events and the last event come from the history and survive a restart', async () => {
    await feedButton('Alerts').click()
    sse.send({ id: 'a1', data: 'first' }, { id: 'a2', data: 'second' }, { id: 'a3', data: 'third' })
    await expect.poll(() => rows().count()).toBe(3)
    await expect.poll(() => health().locator('[data-fact=stored] dd').textContent()).toBe('3')

    win.bridge.detach()
    await env.close()
    await open()
    win.bridge.attach(env.service)
    await page.reload()
    await feedButton('Alerts').click()
    await expect.poll(() => health().locator('[data-fact=stored] dd').textContent()).toBe('3')
    const last = health().locator('[data-fact=last-event] dd')
    expect(await last.textContent()).not.toBe('none yet')
    expect(await last.locator('time').getAttribute('title')).toMatch(/\d{4}/)
    await health().locator('.health-details summary').click()
    expect(await health().locator('[data-fact=session]').textContent()).toContain('Events received 0')
    // A feed with nothing stored says so, never "never" above stored events.
    await feedButton('Billing').click()
    await expect.poll(() => health().locator('[data-fact=last-event] dd').textContent()).toBe('none yet')
    await waitFor(() => sse.clients() === 1, 'Alerts to reconnect after the restart')
  })

  test('10: rows line up; relative times with the exact time on hover; ntfy priority and tags', async () => {
    await feedButton('Alerts').click()
    sse.send({ id: 'n1', data: JSON.stringify({ title: 'Disk full', message: 'db-1 at 99%', priority: 5, tags: ['warning', 'db-1'] }) })
    await expect.poll(() => rows().count()).toBe(4)
    const row = rows().first()
    expect(await row.locator('.event-summary').textContent()).toBe('⚠️ Disk full: db-1 at 99%db-1')
    expect(await row.locator('.tag').allTextContents()).toEqual(['db-1'])
    expect(await row.getByRole('img', { name: 'Priority: 5 – max (urgent only)' }).count()).toBe(1)
    expect(await row.locator('time').textContent()).toBe('now')
    expect(await row.locator('time').getAttribute('title')).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}$/)
    // Fixed columns: every row's summary starts at the same x.
    const starts = await rows().locator('.event-summary').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)))
    expect(new Set(starts).size).toBe(1)
  })

  test('5: the selected feed stays visibly selected under the pointer', async () => {
    const row = feedButton('Alerts')
    await row.click()
    const idle = await row.evaluate((el) => getComputedStyle(el).backgroundColor)
    await row.hover()
    expect(await row.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(idle)
    expect(idle).toBe('rgb(220, 232, 251)')
  })

  test('8: switching feeds starts with fresh filters; a search that matches nothing empties the detail pane', async () => {
    await feedButton('Alerts').click()
    await rows().nth(1).click()
    const detail = page.getByRole('region', { name: 'Event details' })
    await detail.locator('[data-field=raw]').waitFor()
    await page.getByRole('searchbox').fill('zzz-no-such-thing')
    await page.getByText('No events match.').waitFor()
    expect(await detail.textContent()).toBe('Select an event to see its details.')

    await page.getByRole('searchbox').fill('second')
    await expect.poll(() => rows().count()).toBe(1)
    await sidebar().getByRole('button', { name: /^All feeds/ }).click()
    expect(await page.getByRole('searchbox').inputValue()).toBe('')
    expect(await page.getByRole('combobox', { name: 'Event type' }).inputValue()).toBe('')
    await expect.poll(() => rows().count()).toBe(4)
  })

  test('12: arrow keys in the sidebar move between feeds, not through events; Alt+arrows from anywhere', async () => {
    await feedButton('Alerts').click()
    await rows().first().click()
    const selectedSeq = () => page.locator('[role=option][aria-selected=true]').getAttribute('data-seq')
    const seq = await selectedSeq()
    await feedButton('Alerts').focus()
    await page.keyboard.press('ArrowDown')
    await page.getByRole('heading', { name: 'Billing' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Billing')
    await page.keyboard.press('ArrowUp')
    await page.getByRole('heading', { name: 'Alerts' }).waitFor()
    await page.keyboard.press('Home')
    await page.getByRole('heading', { name: 'All feeds' }).waitFor()
    // From the list: Alt+Down goes to the next feed; plain arrows walk the events.
    await feedButton('Alerts').click()
    await rows().first().click()
    expect(await selectedSeq()).toBe(seq)
    await page.keyboard.press('ArrowDown')
    expect(await selectedSeq()).not.toBe(seq)
    await page.keyboard.press('Alt+ArrowDown')
    await page.getByRole('heading', { name: 'Billing' }).waitFor()
  })

  test('4: a problem is shown at its field, marked invalid, opened, scrolled to and focused; a new URL clears the old test', async () => {
    await page.keyboard.press('Control+n')
    const dialog = page.getByRole('dialog', { name: 'Add feed' })
    const url = dialog.getByRole('textbox', { name: 'URL', exact: true })
    await url.fill('ftp://example.com/feed')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    expect(await url.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.locator('#feed-problem-url').textContent()).toBe('Enter a full http(s):// or ws(s):// address.')
    await url.fill(sse.url.replace('/events', '/not-a-stream'))
    expect(await url.getAttribute('aria-invalid')).toBeNull()

    // A bad limit in a closed section: the section opens and the field comes into view, focused.
    await dialog.locator('summary', { hasText: 'History' }).click()
    const limit = dialog.getByRole('textbox', { name: 'Events to keep at most' })
    await limit.fill('12.5')
    await dialog.locator('summary', { hasText: 'History' }).click()
    expect(await limit.isVisible()).toBe(false)
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    await expect.poll(() => limit.isVisible()).toBe(true)
    expect(await limit.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => limit.evaluate((el) => el === document.activeElement)).toBe(true)
    await expect.poll(() => limit.evaluate((el) => {
      const box = el.getBoundingClientRect()
      const body = el.closest('.dialog-body')!.getBoundingClientRect()
      return box.top >= body.top && box.bottom <= body.bottom
    })).toBe(true)
    expect(await dialog.locator('#feed-problem-maxEvents').textContent()).toBe('Limits must be whole numbers (or empty).')
    await limit.fill('')

    // The feed's own CA: from a file; something that is not PEM is refused at the field.
    await dialog.locator('summary', { hasText: 'Connection' }).click()
    await dialog.locator('input[data-import=ca]').setInputFiles({ name: 'ca.pem', mimeType: 'text/plain', buffer: Buffer.from('not a certificate\n') })
    const ca = dialog.getByRole('textbox', { name: 'Extra trusted CA certificate (PEM)' })
    await expect.poll(() => ca.inputValue()).toBe('not a certificate')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    expect(await ca.getAttribute('aria-invalid')).toBe('true')
    await dialog.getByRole('button', { name: 'Remove certificate' }).click()

    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await dialog.locator('.test-result').waitFor()
    await url.fill(sse.url)
    expect(await dialog.locator('.test-result').count()).toBe(0)
    await noSeriousViolations(page, 'feed dialog, light')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  test('3: at 800×500 nothing is crushed; the splitter resizes (remembered) and the detail pane collapses', async () => {
    const small = await openWindow(browser, renderer.url, env.service, { viewport: { width: 800, height: 500 }, locale: 'en-GB' })
    const p = small.page
    try {
      await feedButton('Alerts', p).click()
      await rows(p).first().click()
      const width = (selector: string) => p.locator(selector).first().evaluate((el) => el.getBoundingClientRect().width)
      expect(await width('input[type=search]')).toBeGreaterThanOrEqual(120)
      // "All events" fits its select; no toolbar control runs out of the toolbar.
      const clipped = await p.locator('.toolbar').evaluate((bar) => {
        const edge = bar.getBoundingClientRect().right
        return [...bar.querySelectorAll<HTMLElement>('input, select, button')].filter((el) => el.getBoundingClientRect().right > edge + 0.5).length
      })
      expect(clipped).toBe(0)
      const show = p.getByRole('combobox', { name: 'Show' })
      expect(await show.evaluate((el: HTMLSelectElement) => {
        const probe = document.createElement('span')
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:inherit'
        probe.textContent = el.selectedOptions[0]?.textContent ?? ''
        el.parentElement!.append(probe)
        const fits = probe.getBoundingClientRect().width + 16 <= el.getBoundingClientRect().width
        probe.remove()
        return fits
      })).toBe(true)
      expect(await width('.event-summary')).toBeGreaterThanOrEqual(120)

      const detail = () => width('.detail')
      const before = await detail()
      const splitter = p.getByRole('separator', { name: 'Resize the list and the details' })
      const box = (await splitter.boundingBox())!
      // The pane starts at 40% of the room (240 px here); drag it wider, then narrower by key.
      expect(before).toBe(240)
      await p.mouse.move(box.x + 2, box.y + 100)
      await p.mouse.down()
      await p.mouse.move(box.x - 38, box.y + 100, { steps: 4 })
      await p.mouse.up()
      const dragged = await detail()
      expect(Math.abs(dragged - (before + 40))).toBeLessThanOrEqual(2)
      await splitter.focus()
      await p.keyboard.press('ArrowRight')
      await expect.poll(detail).toBeCloseTo(dragged - 24, 0)
      await p.reload()
      await feedButton('Alerts', p).click()
      await expect.poll(detail).toBeCloseTo(dragged - 24, 0)

      const summaryBefore = await width('.event-summary')
      await p.getByRole('button', { name: 'Hide details' }).click()
      expect(await p.getByRole('region', { name: 'Event details' }).count()).toBe(0)
      expect(await width('.event-summary')).toBeGreaterThan(summaryBefore)
      await noSeriousViolations(p, '800×500, details hidden')
      await p.getByRole('button', { name: 'Show details' }).click()
      await p.getByRole('region', { name: 'Event details' }).waitFor()
    } finally {
      await small.close()
    }
  })

  test('11: a refused call tells the user (pause, settings), and the settings can be read again', async () => {
    await feedButton('Alerts').click()
    await expect.poll(() => health().locator('[data-fact=stored] dd').textContent()).toMatch(/^\d+$/)
    win.bridge.detach()
    try {
      await health().getByRole('button', { name: 'Pause' }).click()
      const alert = page.locator('.problems [role=alert]')
      await expect.poll(() => alert.first().textContent()).toBe('Could not pause Alerts: the core is not running')
      await noSeriousViolations(page, 'a reported problem, light')
      await page.locator('.problems').getByRole('button', { name: 'Dismiss' }).click()
      expect(await alert.count()).toBe(0)

      await page.reload()
      await sidebar().getByRole('button', { name: 'Settings' }).click()
      await page.getByText('Could not load the settings: the core is not running').waitFor()
    } finally {
      win.bridge.attach(env.service)
    }
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await page.reload()
    await feedButton('Alerts').waitFor()
  })

  test('7: in Chinese every sentence is built from data, with Chinese punctuation and a 24-hour clock', async () => {
    guarded.locked = true
    await env.service.handlers['feeds:add']({ url: `${guarded.url}?zh`, name: 'Locked' })
    await env.service.handlers['settings:set']({ language: 'zh-CN' })
    const nav = sidebarOf(page, '订阅源')
    await nav.getByRole('button', { name: /^Locked/ }).click()
    await health().and(page.locator('[data-state=stopped]')).waitFor()
    const sentence = (await health().locator('[data-fact=sentence]').textContent()) ?? ''
    expect(sentence).toBe('服务器拒绝了凭据（HTTP 401）。请检查令牌或密码。在修正订阅源（编辑）或重新连接之前，Tidings 不再重试。')
    expect(await nav.getByRole('button', { name: /^Locked/ }).locator('.feed-health').textContent()).toBe('登录被拒绝')
    await health().locator('.health-details summary').click()
    const shown = (await health().innerText()) + (await nav.innerText())
    expect(shown).not.toMatch(/。 |[\u4e00-\u9fff]: |[\u4e00-\u9fff],/)
    expect(shown).not.toMatch(/\b(AM|PM|never|Stopped|Retrying|Could not)\b/)
    expect(await health().locator('[data-fact=last-error]').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}$/)
    expect(await health().getByRole('button', { name: '立即重新连接' }).count()).toBe(1)
    await noSeriousViolations(page, 'stopped feed, zh-CN')
    await env.service.handlers['settings:set']({ language: 'system' })
    await sidebar().waitFor()
    await env.service.handlers['feeds:remove'](await feedId('Locked'))
  })

  test('axe: every view in light, dark and zh-CN has no serious or critical violation', async () => {
    await env.service.handlers['feeds:add']({ url: `${guarded.url}?axe`, name: 'Refused' })
    for (const [scheme, language] of [['light', 'en'], ['dark', 'en'], ['light', 'zh-CN'], ['dark', 'zh-CN']] as const) {
      await env.service.handlers['settings:set']({ language, theme: scheme })
      const other = await openWindow(browser, renderer.url, env.service, { locale: 'en-GB' })
      const p = other.page
      const label = `${scheme}, ${language}`
      try {
        const nav = p.getByRole('navigation')
        await nav.locator('.feed-row.all').click()
        await rows(p).first().waitFor()
        await noSeriousViolations(p, `all feeds, ${label}`)
        await rows(p).first().click()
        await p.locator('.detail[data-seq]').waitFor()
        await noSeriousViolations(p, `event selected, ${label}`)
        await nav.locator('.feed-row', { hasText: 'Refused' }).click()
        await p.locator('section.health[data-state=stopped]').waitFor()
        await p.locator('.health-details summary').click()
        await noSeriousViolations(p, `stopped feed, ${label}`)
        await nav.locator('.feed-row', { hasText: 'Alerts' }).hover()
        await noSeriousViolations(p, `feed hovered, ${label}`)
        await p.keyboard.press('Control+n')
        await p.locator('dialog[data-dialog=feed]').waitFor()
        for (const summary of await p.locator('dialog summary').all()) await summary.click()
        await noSeriousViolations(p, `feed dialog, ${label}`)
        await p.keyboard.press('Escape')
        await nav.locator('.sidebar-foot button').click()
        await p.locator('.settings').waitFor()
        await noSeriousViolations(p, `settings, ${label}`)
        expect(other.errors.filter((e) => !benign(e))).toEqual([])
      } finally {
        await other.close()
      }
    }
    await env.service.handlers['settings:set']({ language: 'system', theme: 'system' })
  })

  test('nothing broke on the way: no page errors, no CSP violations', async () => {
    expect(win.errors.filter((e) => !benign(e) && !e.includes('the core is not running'))).toEqual([])
    expect(await win.cspViolations()).toEqual([])
  })
})
