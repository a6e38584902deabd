import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEnvironment, type Environment } from '../cli/environment.ts'
import { InvalidArgumentError } from './validate.ts'
import { registerIpc, UntrustedSenderError } from './register.ts'
import { createSenderCheck } from './trusted-sender.ts'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

/** ipcMain is the OS port here: a map of handlers the test calls the way Electron would. */
function fakeIpcMain() {
  const routes = new Map<string, Listener>()
  const ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'> = {
    handle: (channel, listener) => {
      if (routes.has(channel)) throw new Error(`second handler for ${channel}`)
      routes.set(channel, listener as Listener)
    },
    removeHandler: (channel) => {
      routes.delete(channel)
    },
  }
  return { ipcMain, routes }
}

const rendererFile = join(tmpdir(), 'tidings-app', 'out', 'renderer', 'index.html')
const ourWindow = 7

function event(frameUrl: string | null, opts: { webContentsId?: number; subFrame?: boolean } = {}): IpcMainInvokeEvent {
  const frame = frameUrl === null ? null : { url: frameUrl, parent: opts.subFrame ? {} : null }
  return { senderFrame: frame, sender: { id: opts.webContentsId ?? ourWindow } } as unknown as IpcMainInvokeEvent
}

describe('registerIpc over the real core', () => {
  let dir: string
  let env: Environment
  let routes: Map<string, Listener>
  let unregister: () => void

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-ipc-'))
    env = await openEnvironment({ dataDir: dir })
    const fake = fakeIpcMain()
    routes = fake.routes
    unregister = registerIpc({
      ipcMain: fake.ipcMain,
      handlers: env.service.handlers,
      isTrustedSender: createSenderCheck({ rendererUrl: pathToFileURL(rendererFile).href, ownsWebContents: (id) => id === ourWindow }),
    })
  })

  afterEach(async () => {
    unregister()
    await env.close()
    rmSync(dir, { recursive: true, force: true })
  })

  // Like ipcMain.handle, a throw inside the route becomes a rejected invoke.
  const call = async (channel: string, ev: IpcMainInvokeEvent, ...args: unknown[]) => await routes.get(channel)!(ev, ...args)
  const trusted = () => event(`${pathToFileURL(rendererFile).href}#/feeds`)

  it('routes every contract channel', () => {
    expect([...routes.keys()].sort()).toEqual(
      [
        'app:info', 'app:open-url', 'app:unread', 'feeds:add', 'feeds:export', 'feeds:import', 'feeds:import-ntfy', 'feeds:list',
        'feeds:pause', 'feeds:remove', 'feeds:reorder', 'feeds:resume', 'feeds:test', 'feeds:update', 'history:clear',
        'history:gaps', 'history:get', 'history:mark-read', 'history:query', 'history:types', 'settings:get', 'settings:set',
      ].sort(),
    )
  })

  it('answers a trusted window with the core', async () => {
    const added = (await call('feeds:add', trusted(), { url: 'http://127.0.0.1:9/stream', name: 'Local', paused: true })) as { id: string; name: string }
    expect(added.name).toBe('Local')
    const feeds = (await call('feeds:list', trusted())) as { id: string }[]
    expect(feeds.map((f) => f.id)).toEqual([added.id])
    expect(await call('app:unread', trusted())).toEqual({ total: 0, byFeed: {} })
  })

  it('refuses senders it did not create, before the core runs', async () => {
    const add = { url: 'http://127.0.0.1:9/stream', paused: true }
    const strangers = [
      event('https://evil.example/index.html'),
      event(pathToFileURL(join(tmpdir(), 'elsewhere', 'index.html')).href),
      event(`${pathToFileURL(rendererFile).href}`, { webContentsId: 99 }),
      event(`${pathToFileURL(rendererFile).href}`, { subFrame: true }),
      event(null),
    ]
    for (const stranger of strangers) {
      await expect(call('feeds:add', stranger, add)).rejects.toBeInstanceOf(UntrustedSenderError)
    }
    expect(await call('feeds:list', trusted())).toEqual([])
  })

  it('validates every argument before the core sees it', async () => {
    await expect(call('feeds:add', trusted(), { url: 'file:///etc/passwd' })).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(call('feeds:add', trusted(), { url: 'https://x/', evil: 1 })).rejects.toThrow('argument 1.evil must be absent')
    await expect(call('settings:set', trusted(), { doNotDisturb: 'yes' })).rejects.toThrow('doNotDisturb must be a boolean')
    await expect(call('app:open-url', trusted(), 'javascript:alert(1)')).rejects.toThrow('an http(s) URL')
    expect(await call('feeds:list', trusted())).toEqual([])
    expect((await call('settings:get', trusted())) as { doNotDisturb: boolean }).toMatchObject({ doNotDisturb: false })
  })

  it('removes its routes when unregistered', () => {
    unregister()
    expect(routes.size).toBe(0)
    unregister = () => {}
  })
})

describe('createSenderCheck with a dev server', () => {
  it('trusts the dev server origin only', () => {
    const check = createSenderCheck({ rendererUrl: 'http://localhost:5173/', ownsWebContents: (id) => id === 1 })
    expect(check({ frameUrl: 'http://localhost:5173/#/settings', isMainFrame: true, webContentsId: 1 })).toBe(true)
    expect(check({ frameUrl: 'http://localhost:5174/', isMainFrame: true, webContentsId: 1 })).toBe(false)
    expect(check({ frameUrl: 'http://localhost:5173/', isMainFrame: true, webContentsId: 2 })).toBe(false)
    expect(check({ frameUrl: 'file:///index.html', isMainFrame: true, webContentsId: 1 })).toBe(false)
    expect(() => createSenderCheck({ rendererUrl: 'javascript:x', ownsWebContents: () => true })).toThrow('renderer URL')
  })
})

describe('createSenderCheck with the app:// page', () => {
  it('trusts our page of our window only, whatever its hash', () => {
    const check = createSenderCheck({ rendererUrl: 'app://tidings/index.html', ownsWebContents: (id) => id === 1 })
    expect(check({ frameUrl: 'app://tidings/index.html#/settings', isMainFrame: true, webContentsId: 1 })).toBe(true)
    expect(check({ frameUrl: 'app://tidings/other.html', isMainFrame: true, webContentsId: 1 })).toBe(false)
    expect(check({ frameUrl: 'app://evil/index.html', isMainFrame: true, webContentsId: 1 })).toBe(false)
    expect(check({ frameUrl: 'https://tidings/index.html', isMainFrame: true, webContentsId: 1 })).toBe(false)
    expect(check({ frameUrl: 'app://tidings/index.html', isMainFrame: false, webContentsId: 1 })).toBe(false)
    expect(check({ frameUrl: 'app://tidings/index.html', isMainFrame: true, webContentsId: 2 })).toBe(false)
  })
})
