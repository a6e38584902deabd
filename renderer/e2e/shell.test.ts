/**
 * What only the app's shell can do, seen from the window: an export with secrets written by main
 * through a save dialog (tokens never reach the page), where secrets are kept said in plain words,
 * the log folder one click away — and a feed that waits for a locked OS keychain, shown as waiting
 * and connected once the keychain opens. A real core with the encrypted secret store over a
 * keychain stand-in whose lock the test controls (the OS port); the shell is the test bridge's
 * (test-shell.ts): its save dialog picks a temp file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openSettings } from '../../main/cli/environment.ts'
import { openHistory, type History } from '../../main/core/history/index.ts'
import { encryptedSecretStore } from '../../main/core/secrets.ts'
import { createTidings } from '../../main/core/service.ts'
import type { TidingsService } from '../../main/core/service-api.ts'
import { seriousViolations } from './axe.ts'
import { ensureRendererBuilt, launchChromium, openWindow, serveRenderer, startSseServer, type SseServer, type TestWindow } from './harness.ts'

const benign = (message: string): boolean => message.includes("'frame-ancestors' is ignored")
const SECRET = 'tok-3f9a7c'

/** The OS keychain at its port: a reversible cipher, unavailable while `locked`. */
function keychainStandIn() {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a))
  const state = { locked: false }
  return {
    state,
    cipher: {
      available: async () => !state.locked,
      encrypt: async (s: string) => xor(Buffer.from(s, 'utf8')),
      decrypt: async (b: Buffer) => xor(b).toString('utf8'),
    },
  }
}

let browser: Browser
let renderer: { url: string; close(): Promise<void> }
let sse: SseServer
let dataDir: string
let history: History
let service: TidingsService
let win: TestWindow
let page: Page
const keys = keychainStandIn()

const sidebar = () => page.getByRole('navigation', { name: 'Feeds' })

beforeAll(async () => {
  await ensureRendererBuilt()
  renderer = await serveRenderer()
  browser = await launchChromium()
  sse = await startSseServer()
  dataDir = mkdtempSync(join(tmpdir(), 'tidings-shell-'))
  history = openHistory({ path: join(dataDir, 'history.db') })
  service = createTidings({
    settings: openSettings(dataDir),
    // Retries every 50 ms for up to a minute: long enough for the test to look, bounded.
    secrets: encryptedSecretStore({ file: join(dataDir, 'secrets.enc.json'), ...keys.cipher, waitMs: Array.from({ length: 1200 }, () => 50) }),
    history,
    notifier: { show() {} },
    badge: { set() {} },
    info: { version: '0', platform: process.platform, locale: 'en' },
  })
  await service.start()
  await service.handlers['feeds:add']({ url: sse.url, name: 'Locked alerts', paused: true, auth: { kind: 'bearer' }, secret: SECRET })
  win = await openWindow(browser, renderer.url, service, { locale: 'en-GB' })
  page = win.page
})

afterAll(async () => {
  await win?.close()
  await browser?.close()
  await service?.stop()
  history?.close()
  await sse?.close()
  await renderer?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the shell and the keychain in the window', () => {
  test('a feed waiting for a locked keychain says so, never connects without its token, and connects once it opens', async () => {
    keys.state.locked = true
    await sidebar().getByRole('button', { name: /^Locked alerts/ }).click()
    await page.locator('.health').getByRole('button', { name: 'Resume', exact: true }).click()
    await expect.poll(() => sidebar().locator('.feed-item', { hasText: 'Locked alerts' }).textContent()).toContain('Waiting for the keychain')
    expect(await page.locator('[data-fact=sentence]').textContent()).toBe(
      'Waiting for the system keychain to unlock. The feed connects with its stored token or password as soon as it can be read.',
    )
    expect(sse.clients()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])

    keys.state.locked = false
    await expect.poll(() => page.locator('section.health').getAttribute('data-state'), { timeout: 15_000 }).toBe('open')
    expect(await sidebar().locator('.feed-item', { hasText: 'Locked alerts' }).textContent()).not.toContain('keychain')
    expect(sse.clients()).toBe(1)
  })

  test('export with secrets is written by main: saved, cancelled and failed are each said; the token never reaches the page', async () => {
    const shell = win.bridge.shell!
    await sidebar().getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('checkbox', { name: 'Include secrets (tokens and passwords)' }).check()
    await page.getByRole('button', { name: 'Export feeds…' }).click()
    await expect.poll(() => shell.saved.length).toBe(1)
    const path = shell.saved[0]!
    await expect.poll(() => page.locator('[data-export-result]').textContent()).toBe(`Saved to ${path}`)
    expect(readFileSync(path, 'utf8')).toContain(SECRET)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(await page.content()).not.toContain(SECRET)

    shell.cancelNextSave = true
    await page.getByRole('button', { name: 'Export feeds…' }).click()
    await expect.poll(() => page.locator('[data-export-result]').getAttribute('data-export-result')).toBe('cancelled')
    expect(await page.locator('[data-export-result]').textContent()).toBe('Export cancelled; nothing was saved.')

    shell.failNextSave = 'EACCES: permission denied'
    await page.getByRole('button', { name: 'Export feeds…' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'export' }).textContent()).toBe('The export failed: EACCES: permission denied')
    expect(shell.saved).toHaveLength(1)
  })

  test('settings say where secrets are kept, in plain words, and open the log folder (en and zh-CN)', async () => {
    const shell = win.bridge.shell!
    await sidebar().getByRole('button', { name: 'Settings' }).click()
    const section = page.locator('[data-section=secrets]')
    await expect.poll(() => section.locator('[data-keychain]').textContent()).toMatch(/no keychain .* a file in Tidings’ data folder that only your user account can read/)
    await section.getByRole('button', { name: 'Open log folder' }).click()
    await expect.poll(() => shell.logFolderOpened).toBe(1)
    expect(await seriousViolations(page)).toEqual([])

    shell.keychain = { storage: 'keychain', backend: 'gnome_libsecret' }
    const zh = await openWindow(browser, renderer.url, service, { locale: 'zh-CN' })
    zh.bridge.shell!.keychain = { storage: 'keychain', backend: 'gnome_libsecret' }
    await zh.page.getByRole('navigation').getByRole('button', { name: '设置' }).click()
    await expect.poll(() => zh.page.locator('[data-keychain]').textContent()).toBe('令牌和密码使用系统钥匙串（GNOME Keyring）加密保存。')
    expect(await zh.page.locator('[data-section=secrets] button').textContent()).toBe('打开日志文件夹')
    expect(await seriousViolations(zh.page)).toEqual([])
    await zh.close()
  })

  test('a bridge without the shell exports as text, never with secrets, and hides what only the app can do', async () => {
    const bare = await openWindow(browser, renderer.url, service, { locale: 'en-GB' }, { shell: false })
    await bare.page.getByRole('navigation', { name: 'Feeds' }).getByRole('button', { name: 'Settings' }).click()
    await bare.page.getByRole('button', { name: 'Export feeds' }).click()
    const text = await bare.page.getByRole('textbox', { name: 'Exported feeds (JSON)' }).inputValue()
    expect(JSON.parse(text)).toMatchObject({ format: 'tidings-feeds' })
    expect(text).not.toContain(SECRET)
    expect(await bare.page.getByRole('checkbox', { name: /Include secrets/ }).count()).toBe(0)
    expect(await bare.page.locator('[data-section=secrets]').count()).toBe(0)
    expect(bare.errors.filter((e) => !benign(e))).toEqual([])
    await bare.close()
  })

  test('no page errors, dialogs or CSP violations', async () => {
    expect(win.errors.filter((e) => !benign(e))).toEqual([])
    expect(win.dialogs).toEqual([])
    expect(await win.cspViolations()).toEqual([])
  })
})
