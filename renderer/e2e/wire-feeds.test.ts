/**
 * WebSocket, Socket.IO and gotify feeds from the window (issue 8 at the edge): the first run's
 * gotify quick start asks for a client token and the feed receives a message from a real
 * gotify-compatible server (main/test-support/peers/gotify-peer.ts) with the token sent as
 * X-Gotify-Key; a ws:// address is accepted for a generic feed, whose "server may pause" switch
 * reaches the core, and its messages arrive; ntfy and Mercure refuse a ws:// address at the field.
 * Real core, real servers on 127.0.0.1, real Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { openEnvironment, type Environment } from '../../main/cli/environment.ts'
import { startGotifyPeer, type GotifyPeer } from '../../main/test-support/peers/gotify-peer.ts'
import { seriousViolations } from './axe.ts'
import { ensureRendererBuilt, launchChromium, openWindow, recordingNotifier, serveRenderer, type TestWindow } from './harness.ts'

const benign = (message: string): boolean => message.includes("'frame-ancestors' is ignored")

let browser: Browser
let renderer: { url: string; close(): Promise<void> }
let gotify: GotifyPeer
let wss: WebSocketServer
const sockets = new Set<WebSocket>()
let wsUrl: string
let dataDir: string
let env: Environment
let win: TestWindow
let page: Page

const sidebar = () => page.getByRole('navigation', { name: 'Feeds' })
const rows = () => page.locator('[role=option][data-seq]')

beforeAll(async () => {
  await ensureRendererBuilt()
  renderer = await serveRenderer()
  browser = await launchChromium()
  gotify = await startGotifyPeer()
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  wss.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => wss.once('listening', () => done()))
  wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/live`
  dataDir = mkdtempSync(join(tmpdir(), 'tidings-wire-feeds-'))
  env = await openEnvironment({ dataDir, notifier: recordingNotifier() })
  await env.service.start()
  win = await openWindow(browser, renderer.url, env.service, { locale: 'en-GB' })
  page = win.page
})

afterAll(async () => {
  await win?.close()
  await browser?.close()
  await env?.close()
  for (const socket of sockets) socket.terminate()
  await new Promise<void>((done) => (wss ? wss.close(() => done()) : done()))
  await gotify?.stop()
  await renderer?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('feeds on other wires, from the window', () => {
  test('the gotify quick start asks for a client token; a message from the server arrives, the token sent as X-Gotify-Key', async () => {
    await page.getByRole('button', { name: /A gotify server/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Add feed' })
    expect(await dialog.getByRole('combobox', { name: 'Preset' }).inputValue()).toBe('gotify')
    expect(await dialog.locator('.field', { has: page.getByRole('combobox', { name: 'Preset' }) }).locator('.hint').textContent()).toMatch(/X-Gotify-Key/)
    expect(await seriousViolations(page)).toEqual([])
    await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(gotify.baseUrl)
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Home gotify')
    await dialog.getByLabel('Client token', { exact: true }).fill(gotify.clientToken)
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    await dialog.waitFor({ state: 'detached' })

    await expect.poll(() => gotify.streams(), { timeout: 15_000 }).toBe(1)
    gotify.push({ title: 'Backup done', message: 'nightly backup finished', priority: 5 })
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(1)
    expect(await rows().first().textContent()).toContain('Backup done')
    const stream = gotify.requests.find((r) => r.url.startsWith('/stream'))
    expect(stream?.headers['x-gotify-key']).toBe(gotify.clientToken)
    const feed = (await env.service.handlers['feeds:list']()).find((f) => f.name === 'Home gotify')
    expect([feed?.preset, feed?.auth.kind, feed?.hasSecret]).toEqual(['gotify', 'bearer', true])
  })

  test('a ws:// address is accepted for a generic feed; "server may pause" reaches the core; messages arrive', async () => {
    await page.keyboard.press('Control+n')
    const dialog = page.getByRole('dialog', { name: 'Add feed' })
    const url = dialog.getByRole('textbox', { name: 'URL', exact: true })
    await url.fill(wsUrl)
    // ntfy and Mercure are SSE only: the address is refused at its field.
    await dialog.getByRole('combobox', { name: 'Preset' }).selectOption('ntfy')
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    expect(await url.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.locator('#feed-problem-url').textContent()).toBe('ntfy and Mercure feeds are Server-Sent Events: use an http:// or https:// address.')
    await dialog.getByRole('combobox', { name: 'Preset' }).selectOption('generic')
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Live socket')
    await dialog.locator('summary', { hasText: 'Connection' }).click()
    await dialog.getByRole('checkbox', { name: 'Server may pause this feed (event: pause)' }).check()
    await dialog.getByRole('button', { name: 'Add feed' }).click()
    await dialog.waitFor({ state: 'detached' })

    const feed = (await env.service.handlers['feeds:list']()).find((f) => f.name === 'Live socket')
    expect([feed?.url, feed?.preset, feed?.serverPause]).toEqual([wsUrl, 'generic', true])
    await expect.poll(() => sockets.size, { timeout: 15_000 }).toBe(1)
    await sidebar().getByRole('button', { name: /^Live socket/ }).click()
    for (const socket of sockets) socket.send(JSON.stringify({ type: 'deploy', text: 'web-3 is live' }))
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(1)
    expect(await rows().first().textContent()).toContain('deploy')

    // Editing shows the switch as stored.
    await page.locator('.health').getByRole('button', { name: 'Edit', exact: true }).click()
    const edit = page.getByRole('dialog', { name: 'Edit Live socket' })
    expect(await edit.getByRole('checkbox', { name: 'Server may pause this feed (event: pause)' }).isChecked()).toBe(true)
    await edit.getByRole('button', { name: 'Cancel' }).click()
  })

  test('no page errors, dialogs or CSP violations', async () => {
    expect(win.errors.filter((e) => !benign(e))).toEqual([])
    expect(win.dialogs).toEqual([])
    expect(await win.cspViolations()).toEqual([])
  })
})
