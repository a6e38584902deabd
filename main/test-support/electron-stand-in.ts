/**
 * A recording stand-in for exactly the Electron APIs Tidings uses — the OS boundary of the app, and
 * nothing of ours. The built main (out/main/index.js) runs on it in plain Node 24 when
 * `electron` resolves here (electron-stand-in-hooks.ts); the built preload runs against its
 * renderer half, so a "window" calls main over the real bridge, IPC routes, validators and sender
 * check. Every export is checked against Electron's own .d.ts (`satisfies Pick<…>`), so an API
 * renamed or retyped upstream fails to compile here.
 *
 * It reports what the OS was asked to do (tray, menus, toasts, badge, dialogs, windows) to the test
 * over the child-process IPC channel, and takes the person's actions (click a toast, a tray item,
 * call the bridge, a second launch, the OS shutting down) from it. Behaviour follows Electron's:
 * single-instance lock per user-data folder with 'second-instance' in the first process;
 * `app.quit()` emits a preventable 'before-quit', closes windows (a prevented 'close' cancels),
 * then 'will-quit' and 'quit', then the process exits.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { EventEmitter } from 'node:events'
import { createConnection, createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { Script, createContext } from 'node:vm'
import type {
  App,
  BrowserWindow as ElectronBrowserWindow,
  BrowserWindowConstructorOptions,
  ContextBridge,
  Dialog,
  IpcMain,
  IpcMainInvokeEvent,
  IpcRenderer,
  Menu as ElectronMenu,
  MenuItemConstructorOptions,
  NativeImage,
  Net,
  Notification as ElectronNotification,
  NotificationConstructorOptions,
  PowerMonitor,
  Protocol,
  SafeStorage,
  Session,
  Shell,
  Tray as ElectronTray,
  WebContents,
} from 'electron'

type Listener = (...args: unknown[]) => void

/** One line of what the OS was asked to do. */
export interface StandInRecord {
  kind: string
  at: number
  data?: unknown
}

/** A person's action, from the test. */
export type StandInCommand =
  | { id: number; op: 'invoke'; method: string; args: unknown[] }
  | { id: number; op: 'invoke-foreign'; channel: string; args: unknown[] }
  | { id: number; op: 'click-toast'; index: number }
  | { id: number; op: 'click-tray'; itemId: string }
  | { id: number; op: 'power'; event: string }
  | { id: number; op: 'window' }
  | { id: number; op: 'crash-renderer' }

const pending: Promise<unknown>[] = []
function record(kind: string, data?: unknown): void {
  const line: StandInRecord = { kind, at: Date.now(), data }
  if (process.send) {
    pending.push(new Promise((done) => process.send!(line, undefined, {}, () => done(undefined))))
  } else if (process.env.STANDIN_PRINT === '1') {
    console.error(`[stand-in] ${JSON.stringify(line)}`)
  }
}
async function flushAndExit(code: number): Promise<never> {
  await Promise.allSettled(pending)
  process.exit(code)
}

class PreventableEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

// ─── app ──────────────────────────────────────────────────────────────────────────────────────

const appRoot = resolve(dirname(process.argv[1] ?? '.'), '..', '..')
const paths = new Map<string, string>([
  ['userData', join(tmpdir(), 'tidings-stand-in-default')],
  ['documents', process.env.STANDIN_DOCUMENTS ?? tmpdir()],
])

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return pid > 0
  } catch {
    return false
  }
}

class StandInApp extends EventEmitter {
  readonly isPackaged = false
  #ready = false
  #quitting = false
  #lockServer: Server | null = null
  #lockFile: string | null = null

  isReady(): boolean {
    return this.#ready
  }
  async whenReady(): Promise<void> {
    if (this.#ready) return
    await new Promise((r) => setImmediate(r))
    this.#ready = true
    this.emit('ready', new PreventableEvent(), {})
  }
  getPath(name: Parameters<App['getPath']>[0]): string {
    const path = paths.get(name)
    if (!path) throw new Error(`stand-in: no path for ${name}`)
    return path
  }
  setPath(name: Parameters<App['setPath']>[0], path: string): void {
    paths.set(name, path)
  }
  getAppPath(): string {
    return appRoot
  }
  getVersion(): string {
    return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version
  }
  getLocale(): string {
    return process.env.STANDIN_LOCALE ?? 'en-US'
  }
  setAppUserModelId(id: string): void {
    record('app:user-model-id', id)
  }
  setBadgeCount(count?: number): boolean {
    record('badge', count ?? 0)
    return true
  }
  setLoginItemSettings(settings: Parameters<App['setLoginItemSettings']>[0]): void {
    record('login-item', settings)
  }

  /** Electron's process singleton, per user-data folder: a lock file and a local socket. */
  requestSingleInstanceLock(): boolean {
    const dir = this.getPath('userData')
    const lockFile = join(dir, 'StandInSingletonLock')
    const socket = process.platform === 'win32' ? `\\\\.\\pipe\\tidings-stand-in-${Buffer.from(dir).toString('hex').slice(-40)}` : join(dir, 'StandInSingletonSocket')
    try {
      closeSync(openSync(lockFile, 'wx'))
    } catch {
      const holder = Number(readFileSync(lockFile, 'utf8')) || 0
      if (isAlive(holder)) {
        // Hand our command line to the first instance, as Chromium's ProcessSingleton does.
        pending.push(
          new Promise((done) => {
            const client = createConnection(socket, () => client.end(JSON.stringify({ argv: process.argv, cwd: process.cwd() })))
            client.on('close', done)
            client.on('error', done)
          }),
        )
        record('single-instance', { got: false })
        return false
      }
    }
    writeFileSync(lockFile, String(process.pid))
    this.#lockFile = lockFile
    if (process.platform !== 'win32') rmSync(socket, { force: true })
    this.#lockServer = createServer((connection) => {
      let text = ''
      connection.on('data', (chunk: Buffer) => (text += chunk.toString()))
      connection.on('end', () => {
        const { argv, cwd } = JSON.parse(text) as { argv: string[]; cwd: string }
        this.emit('second-instance', new PreventableEvent(), argv, cwd, {})
      })
    }).listen(socket)
    this.#lockServer.unref()
    record('single-instance', { got: true })
    return true
  }

  quit(): void {
    if (this.#quitting) return
    const before = new PreventableEvent()
    this.emit('before-quit', before)
    if (before.defaultPrevented) return record('quit:prevented')
    for (const win of [...windows]) {
      win.close()
      if (!win.isDestroyed()) return record('quit:cancelled-by-window')
    }
    const will = new PreventableEvent()
    this.emit('will-quit', will)
    if (will.defaultPrevented) return
    this.#quitting = true
    this.emit('quit', new PreventableEvent(), 0)
    this.#releaseLock()
    record('quit', { code: 0 })
    void flushAndExit(0)
  }
  exit(code = 0): void {
    this.#releaseLock()
    record('exit', { code })
    void flushAndExit(code)
  }
  #releaseLock(): void {
    this.#lockServer?.close()
    if (this.#lockFile) rmSync(this.#lockFile, { force: true })
  }
}

export const app = new StandInApp() satisfies Pick<
  App,
  | 'isPackaged'
  | 'isReady'
  | 'whenReady'
  | 'getPath'
  | 'setPath'
  | 'getAppPath'
  | 'getVersion'
  | 'getLocale'
  | 'setAppUserModelId'
  | 'setBadgeCount'
  | 'setLoginItemSettings'
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'exit'
>

// ─── protocol, session, net ───────────────────────────────────────────────────────────────────

const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>()
export const protocol = {
  registerSchemesAsPrivileged(schemes: Parameters<Protocol['registerSchemesAsPrivileged']>[0]) {
    if (app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before ready')
    record('protocol:privileged', schemes)
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    if (!app.isReady()) throw new Error('protocol.handle must be called after ready')
    protocolHandlers.set(scheme, handler)
  },
} satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>

type PermissionRequest = Parameters<Session['setPermissionRequestHandler']>[0]
type PermissionCheck = Parameters<Session['setPermissionCheckHandler']>[0]
export const permissionHandlers: { request: PermissionRequest; check: PermissionCheck } = { request: null, check: null }
const defaultSession = {
  setPermissionRequestHandler(handler: PermissionRequest) {
    permissionHandlers.request = handler
  },
  setPermissionCheckHandler(handler: PermissionCheck) {
    permissionHandlers.check = handler
  },
  addWordToSpellCheckerDictionary(word: string) {
    record('spell:add', word)
    return true
  },
  /** A machine without a system proxy, as Node's fetch (the stand-in's net.fetch) sees it. */
  async resolveProxy(url: string) {
    record('proxy:resolve', { url })
    return 'DIRECT'
  },
} satisfies Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'addWordToSpellCheckerDictionary' | 'resolveProxy'>
export const session = { defaultSession }

/** Chromium's network stack, played by Node's fetch: real requests to the test's servers. */
export const net = {
  fetch: (input: string | Request, init?: RequestInit) => {
    record('net:fetch', { url: typeof input === 'string' ? input : input.url })
    return globalThis.fetch(input, init)
  },
  isOnline: () => true,
} satisfies Pick<Net, 'fetch' | 'isOnline'>

// ─── windows and the renderer half ────────────────────────────────────────────────────────────

const windows = new Set<BrowserWindow>()
let nextContentsId = 1

interface IpcHandler {
  (event: IpcMainInvokeEvent, ...args: unknown[]): unknown
}
const ipcHandlers = new Map<string, IpcHandler>()
export const ipcMain = {
  handle(channel: string, listener: IpcHandler) {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    ipcHandlers.set(channel, listener)
  },
  removeHandler(channel: string) {
    ipcHandlers.delete(channel)
  },
} satisfies Pick<IpcMain, 'handle' | 'removeHandler'>

/** What Electron does with an invoke: the handler's answer or its error, structured-cloned. */
async function invokeMain(sender: StandInWebContents, frameUrl: string, channel: string, args: unknown[]): Promise<unknown> {
  const handler = ipcHandlers.get(channel)
  if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`)
  const event = { sender, senderFrame: { url: frameUrl, parent: null }, frameId: 1, processId: 1 } as unknown as IpcMainInvokeEvent
  try {
    return structuredClone(await handler(event, ...structuredClone(args)))
  } catch (error) {
    throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error })
  }
}

class StandInWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly session = defaultSession
  url = ''
  #destroyed = false
  readonly rendererListeners = new Map<string, Set<Listener>>()
  world: Record<string, unknown> = {}
  windowOpenHandler: Parameters<WebContents['setWindowOpenHandler']>[0] | null = null
  readonly #preload: string | null

  constructor(preload: string | null) {
    super()
    this.#preload = preload
    app.emit('web-contents-created', new PreventableEvent(), this)
  }
  isDestroyed(): boolean {
    return this.#destroyed
  }
  destroy(): void {
    this.#destroyed = true
  }
  send(channel: string, ...args: unknown[]): void {
    // A burst of events is only counted; everything else is small and recorded as sent.
    record('push', channel === 'events:new' ? { channel, count: (args[0] as unknown[]).length } : { channel, args })
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({ sender: null }, ...structuredClone(args))
  }
  setWindowOpenHandler(handler: Parameters<WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler
  }
  replaceMisspelling(word: string): void {
    record('spell:replace', word)
  }
  /** Loads a page: through the registered protocol handler (app://), then runs the preload. */
  async loadURL(url: string): Promise<void> {
    const scheme = new URL(url).protocol.slice(0, -1)
    const handler = protocolHandlers.get(scheme)
    if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`)
    const response = await handler(new Request(url))
    const csp = response.headers.get('content-security-policy')
    record('page', { url, status: response.status, contentType: response.headers.get('content-type'), csp })
    if (response.status !== 200) throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`)
    this.url = url
    this.world = {}
    if (this.#preload) runPreload(this, this.#preload)
    this.emit('did-finish-load')
  }
}

/** The built preload (CommonJS), sandboxed: its `require('electron')` gets the renderer half. */
function runPreload(contents: StandInWebContents, file: string): void {
    interface RendererIpc {
      invoke: (channel: string, ...args: unknown[]) => Promise<unknown>
      on: (channel: string, listener: Listener) => RendererIpc
      off: (channel: string, listener: Listener) => RendererIpc
    }
    const ipcRenderer: RendererIpc = {
      invoke: (channel: string, ...args: unknown[]) => invokeMain(contents, contents.url, channel, args),
      on(channel: string, listener: Listener) {
        const set = contents.rendererListeners.get(channel) ?? new Set()
        set.add(listener)
        contents.rendererListeners.set(channel, set)
        return ipcRenderer
      },
      off(channel: string, listener: Listener) {
        contents.rendererListeners.get(channel)?.delete(listener)
        return ipcRenderer
      },
    }
    ipcRenderer.invoke satisfies IpcRenderer['invoke']
    const contextBridge = {
      exposeInMainWorld(key: string, api: unknown) {
        contents.world[key] = api
      },
    } satisfies Pick<ContextBridge, 'exposeInMainWorld'>
    const module = { exports: {} }
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return { ipcRenderer, contextBridge }
      throw new Error(`a sandboxed preload can require only electron (and events, timers, url), not '${name}'`)
    }
    const wrapped = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename: file })
    const fn = wrapped.runInContext(createContext({})) as (...a: unknown[]) => void
    fn(module.exports, sandboxRequire, module, file, dirname(file))
}

export class BrowserWindow extends EventEmitter {
  readonly webContents: StandInWebContents
  #visible = false
  #destroyed = false
  #minimized = false
  focused = false

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super()
    this.webContents = new StandInWebContents(options.webPreferences?.preload ?? null)
    windows.add(this)
    record('window:new', { webPreferences: options.webPreferences, show: options.show })
    this.webContents.on('did-finish-load', () => this.emit('ready-to-show'))
  }
  show(): void {
    this.#visible = true
    this.#minimized = false
    record('window:show')
  }
  hide(): void {
    this.#visible = false
    record('window:hide')
  }
  focus(): void {
    this.focused = true
    record('window:focus')
  }
  isVisible(): boolean {
    return this.#visible
  }
  isMinimized(): boolean {
    return this.#minimized
  }
  restore(): void {
    this.#minimized = false
  }
  isDestroyed(): boolean {
    return this.#destroyed
  }
  setOverlayIcon(overlay: NativeImage | null, description: string): void {
    record('overlay', { overlay: overlay === null ? null : (overlay as unknown as StandInImage).path, description })
  }
  close(): void {
    const event = new PreventableEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.#destroyed = true
    this.webContents.destroy()
    windows.delete(this)
    this.emit('closed')
  }
  static getAllWindows(): BrowserWindow[] {
    return [...windows]
  }
}
;({}) as BrowserWindow satisfies Pick<ElectronBrowserWindow, 'show' | 'hide' | 'focus' | 'isVisible' | 'isMinimized' | 'restore' | 'isDestroyed' | 'setOverlayIcon' | 'close'>

// ─── tray, menus, images, toasts ──────────────────────────────────────────────────────────────

class StandInImage {
  readonly path: string
  template = false
  constructor(path: string) {
    this.path = path
  }
  isEmpty(): boolean {
    return !existsSync(this.path)
  }
  setTemplateImage(option: boolean): void {
    this.template = option
  }
  isTemplateImage(): boolean {
    return this.template
  }
}
;({}) as StandInImage satisfies Pick<NativeImage, 'isEmpty' | 'setTemplateImage' | 'isTemplateImage'>
export const nativeImage = {
  createFromPath: (path: string) => new StandInImage(path) as unknown as NativeImage,
}
nativeImage satisfies { createFromPath(path: string): NativeImage }

/** A menu as the OS would show it: its items, with their click handlers. */
export class Menu {
  readonly items: MenuItemConstructorOptions[]
  constructor(items: MenuItemConstructorOptions[]) {
    this.items = items
  }
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu {
    return new Menu(template)
  }
  static setApplicationMenu(menu: ElectronMenu | null): void {
    record('app-menu', menu ? describeMenu((menu as unknown as Menu).items) : null)
  }
  popup(): void {
    record('context-menu', describeMenu(this.items))
  }
}
Menu satisfies Pick<typeof ElectronMenu, 'setApplicationMenu'>

const describeMenu = (items: MenuItemConstructorOptions[]): unknown[] =>
  items.map((item) => ({
    id: item.id,
    label: item.label,
    role: item.role,
    type: item.type,
    checked: item.checked,
    enabled: item.enabled,
    accelerator: item.accelerator,
    submenu: Array.isArray(item.submenu) ? describeMenu(item.submenu) : undefined,
  }))

const trays = new Set<Tray>()
export class Tray extends EventEmitter {
  menu: Menu | null = null
  constructor(image: NativeImage | string) {
    super()
    trays.add(this)
    const path = typeof image === 'string' ? image : (image as unknown as StandInImage).path
    record('tray:new', { image: path, exists: existsSync(path), template: typeof image !== 'string' && (image as unknown as StandInImage).template })
  }
  setImage(image: NativeImage | string): void {
    const path = typeof image === 'string' ? image : (image as unknown as StandInImage).path
    record('tray:image', { image: path, exists: existsSync(path) })
  }
  setToolTip(toolTip: string): void {
    record('tray:tooltip', toolTip)
  }
  setContextMenu(menu: ElectronMenu | null): void {
    this.menu = menu as unknown as Menu | null
    record('tray:menu', this.menu ? describeMenu(this.menu.items) : null)
  }
  destroy(): void {
    record('tray:destroy')
    trays.delete(this)
  }
}
;({}) as Tray satisfies Pick<ElectronTray, 'setImage' | 'setToolTip' | 'destroy'>

const toasts: Notification[] = []
export class Notification extends EventEmitter {
  readonly options: NotificationConstructorOptions
  constructor(options: NotificationConstructorOptions = {}) {
    super()
    this.options = options
  }
  static isSupported(): boolean {
    return true
  }
  show(): void {
    toasts.push(this)
    record('toast', { index: toasts.length - 1, title: this.options.title, body: this.options.body, silent: this.options.silent })
  }
}
Notification satisfies Pick<typeof ElectronNotification, 'isSupported'>
;({}) as Notification satisfies Pick<ElectronNotification, 'show'>

// ─── dialogs, shell, power, keychain ──────────────────────────────────────────────────────────

export const dialog = {
  showErrorBox(title: string, content: string) {
    record('dialog:error', { title, content })
  },
  async showSaveDialog(...args: unknown[]) {
    const options = args.at(-1) as { title?: string; message?: string }
    const filePath = join(paths.get('documents')!, 'exported-feeds.json')
    record('dialog:save', { title: options.title, message: options.message, filePath })
    return { canceled: false, filePath }
  },
  async showMessageBox(...args: unknown[]) {
    record('dialog:message', args.at(-1))
    return { response: 0, checkboxChecked: false }
  },
} satisfies Pick<Dialog, 'showErrorBox'> & { showSaveDialog: (...a: never[]) => ReturnType<Dialog['showSaveDialog']>; showMessageBox: (...a: never[]) => ReturnType<Dialog['showMessageBox']> }

export const shell = {
  async openExternal(url: string) {
    record('shell:open-external', url)
  },
  async openPath(path: string) {
    record('shell:open-path', path)
    return ''
  },
} satisfies Pick<Shell, 'openExternal' | 'openPath'>

class StandInPowerMonitor extends EventEmitter {}
export const powerMonitor = new StandInPowerMonitor()
;({}) as PowerMonitor satisfies Pick<EventEmitter, 'on' | 'off' | 'emit'>

/** A keychain that works (reversibly "encrypts"); the backend name comes from STANDIN_BACKEND. */
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: async (plainText: string) => Buffer.from(`stand-in:${Buffer.from(plainText).toString('base64')}`),
  decryptStringAsync: async (encrypted: Buffer) => ({ result: Buffer.from(encrypted.toString().replace(/^stand-in:/, ''), 'base64').toString(), shouldReEncrypt: false }),
  getSelectedStorageBackend: () => (process.env.STANDIN_BACKEND ?? 'gnome_libsecret') as ReturnType<SafeStorage['getSelectedStorageBackend']>,
} satisfies Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>

// ─── the person at the keyboard (commands from the test) ─────────────────────────────────────

const findItem = (items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined => {
  for (const item of items) {
    if (item.id === id) return item
    const inner = Array.isArray(item.submenu) ? findItem(item.submenu, id) : undefined
    if (inner) return inner
  }
  return undefined
}

async function perform(command: StandInCommand): Promise<unknown> {
  switch (command.op) {
    case 'invoke': {
      const win = [...windows][0]
      const api = win?.webContents.world.tidings as Record<string, (...a: unknown[]) => Promise<unknown>> | undefined
      if (!api) throw new Error('no window with the bridge')
      return api[command.method]!(...command.args)
    }
    case 'invoke-foreign': {
      // A page main did not create (an embedded or stray webContents), asking main directly.
      const stranger = new StandInWebContents(null)
      stranger.url = 'https://attacker.example/'
      return invokeMain(stranger, stranger.url, command.channel, command.args)
    }
    case 'click-toast': {
      const toast = toasts[command.index]
      if (!toast) throw new Error(`no toast ${command.index}`)
      toast.emit('click', new PreventableEvent())
      return null
    }
    case 'click-tray': {
      const tray = [...trays].at(-1)
      const item = tray?.menu ? findItem(tray.menu.items, command.itemId) : undefined
      if (!item?.click) throw new Error(`no tray menu item ${command.itemId}`)
      // Electron flips a checkbox before calling its click handler.
      const menuItem = { ...item, checked: item.type === 'checkbox' ? !item.checked : item.checked }
      ;(item.click as (i: unknown, w: unknown, e: unknown) => void)(menuItem, undefined, {})
      return null
    }
    case 'power':
      powerMonitor.emit(command.event, new PreventableEvent())
      return null
    case 'crash-renderer': {
      const win = [...windows][0]
      if (!win) throw new Error('no window')
      win.webContents.emit('render-process-gone', new PreventableEvent(), { reason: 'crashed', exitCode: 139 })
      return null
    }
    case 'window': {
      const win = [...windows][0]
      return win ? { visible: win.isVisible(), focused: win.focused, url: win.webContents.url, bridge: Object.keys(win.webContents.world.tidings ?? {}).length } : null
    }
  }
}

process.on('message', (message: StandInCommand) => {
  perform(message).then(
    (result) => process.send?.({ kind: 'reply', at: Date.now(), data: { id: message.id, ok: true, result } }),
    (error: unknown) => process.send?.({ kind: 'reply', at: Date.now(), data: { id: message.id, ok: false, error: String(error) } }),
  )
})
// The IPC channel alone must not keep a quit app alive.
process.channel?.unref()
