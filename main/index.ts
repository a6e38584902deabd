/**
 * The composition root of the app: Electron's lifecycle, one adapter per OS API, all handed to the
 * core (`createTidings`). Wiring only: what to notify lives in main/core/alerts, what the tray and
 * badge show in main/core/app-state.ts, which calls are valid in main/ipc/, how long Quit waits in
 * main/core/stop-within.ts.
 *
 * Development hooks, honoured only when the app is not packaged: TIDINGS_DATA_DIR overrides the
 * user-data folder; TIDINGS_E2E=1 records toasts and tray states to `<userData>/e2e.jsonl`.
 * Everything worth knowing later goes to the log file, `<userData>/logs/tidings.log`.
 */
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { format } from 'node:util'
import { app, dialog, net, powerMonitor, protocol, session, shell } from 'electron'
import type { BrowserWindow } from 'electron'
import type { Pushes } from '../preload/contract.ts'
import { HISTORY_FILE } from './cli/environment.ts'
import { createAppState, trayChanges } from './core/app-state.ts'
import { appWords } from './core/app-words.ts'
import { openHistory, READER_WAL_AUTOCHECKPOINT } from './core/history/index.ts'
import { createHistoryWriter } from './core/history/writer.ts'
import { resolveLocale } from './core/locale.ts'
import { openLog } from './core/log.ts'
import { appMenuWords } from './core/menu-words.ts'
import type { Badge, Toast } from './core/ports.ts'
import { createReloadPolicy } from './core/reload-policy.ts'
import { acquireRunLock, type LockHolder } from './core/run-lock.ts'
import { createTidings } from './core/service.ts'
import { STOP_LIMIT_MS, stopWithin } from './core/stop-within.ts'
import { createDefaultFetch } from './core/stream/index.ts'
import type { TrayModel } from './core/tray/index.ts'
import { createAppBadge } from './electron/app-badge.ts'
import { installAppMenu } from './electron/app-menu.ts'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './electron/app-protocol.ts'
import { contextMenuTemplate } from './electron/context-menu.ts'
import { CSP } from './electron/csp.ts'
import { createE2eProbe } from './electron/e2e-probe.ts'
import { hardenSession, hardenWebContents } from './electron/hardening.ts'
import { APP_ID } from './electron/identity.ts'
import { setLaunchAtLogin } from './electron/login-item.ts'
import { createMainWindow, revealWindow } from './electron/main-window.ts'
import { createNetFetch } from './electron/net-fetch.ts'
import { createElectronNotifier } from './electron/notifier.ts'
import { openExternalHttp } from './electron/open-external.ts'
import { appPaths } from './electron/paths.ts'
import { keychainInfo, openElectronSecrets } from './electron/secrets.ts'
import { openElectronSettings } from './electron/settings-store.ts'
import { createElectronProxyResolver } from './electron/system-proxy.ts'
import { createTray } from './electron/tray.ts'
import { createUpdater } from './electron/updater.ts'
import { createWakeSignal } from './electron/wake-signal.ts'
import { createBatcher } from './ipc/batcher.ts'
import { registerElectronIpc } from './ipc/electron-ipc.ts'
import { push } from './ipc/push.ts'
import { createSenderCheck } from './ipc/trusted-sender.ts'
import { forwardPushes } from './ipc/window-pushes.ts'

/** Another subscriber holds the data folder (said in the user's language by the start-up dialog). */
class LockHeldError extends Error {
  readonly kind = 'lock-held'
  readonly holder: LockHolder
  constructor(holder: LockHolder) {
    super(`lock held by ${holder.who} (process ${holder.pid})`)
    this.holder = holder
  }
}

const devHooks = !app.isPackaged
if (devHooks && process.env.TIDINGS_DATA_DIR) app.setPath('userData', process.env.TIDINGS_DATA_DIR)
// Before 'ready': app:// is a standard, secure scheme (the page gets a real origin, not file://).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

const printError = console.error.bind(console)
const log = openLog(app.getPath('userData'), { echo: devHooks ? (line) => printError(line) : undefined })
// Packaged Windows and macOS apps have no console: what the core reports there goes to the log.
console.error = (...args: unknown[]) => log.error(format(...args))
console.warn = (...args: unknown[]) => log.warn(format(...args))
process.on('uncaughtException', (error) => log.error('uncaught exception', error))
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason))
const startedAt = performance.now()

if (!app.requestSingleInstanceLock()) {
  log.info('another instance is running: handed over to it')
  app.quit()
} else {
  start().catch((error: unknown) => {
    log.error('start failed', error)
    const words = appWords(resolveLocale('system', app.isReady() ? app.getLocale() : ''))
    dialog.showErrorBox(words.startFailed, error instanceof LockHeldError ? words.lockHeld(error.holder) : error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('child-process-gone', (_event, details) => log.warn('a helper process is gone', { type: details.type, reason: details.reason, exitCode: details.exitCode }))
  // The window hides to the tray; only Quit ends the app.
  app.on('window-all-closed', () => {})
  await app.whenReady()
  log.info('starting', { version: app.getVersion(), electron: process.versions.electron, platform: process.platform, packaged: app.isPackaged })

  const userData = app.getPath('userData')
  const paths = appPaths({
    mainDir: import.meta.dirname,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  })
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir, CSP))
  let window: BrowserWindow | null = null
  // The one test of "is this our page": IPC calls and permission requests both go through it.
  const isOurPage = createSenderCheck({ rendererUrl: paths.rendererUrl, ownsWebContents: (id) => window?.webContents.id === id })
  hardenSession(session.defaultSession, isOurPage)
  // One subscriber per data folder: `tidings run` on the same feeds would store and toast twice.
  const lock = acquireRunLock(userData, 'app')
  if (!lock.ok) throw new LockHeldError(lock.holder)
  app.on('will-quit', () => lock.release())
  const probe = devHooks ? createE2eProbe(process.env, userData) : null
  const settings = openElectronSettings(userData)
  const history = openHistory({
    path: join(userData, HISTORY_FILE),
    walAutocheckpointPages: READER_WAL_AUTOCHECKPOINT,
    // In the log users send: why this start took longer (the window is not up yet).
    onUpgrade: (u) => log.info(`updating the history file from schema ${u.from} to ${u.to}${u.events === null ? '' : ` (${u.events} events)`}`),
  })
  // Appends run on a worker thread, so storing a burst never stalls IPC, the tray or toasts.
  const writer = createHistoryWriter({ path: join(userData, HISTORY_FILE), script: new URL('./history-writer.js', import.meta.url) })
  const state = createAppState({ settings: settings.getApp(), systemLocale: app.getLocale() })
  const words = () => appWords(state.locale)

  let quitting = false
  const show = () => {
    if (window) revealWindow(window)
  }
  const toWindow = <C extends keyof Pushes>(channel: C, ...args: Parameters<Pushes[C]>) => {
    if (window) push(window.webContents, channel, ...args)
  }
  const notifier = createElectronNotifier({
    onShow: (toast) => probe?.record('toast', toast),
    onClick(toast: Toast) {
      if (toast.clickUrl && openExternalHttp(toast.clickUrl)) return
      show()
      if (toast.seq !== null) toWindow('app:show-event', { feedId: toast.feedId, seq: toast.seq })
    },
  })
  const badge: Badge = { set: (count) => state.setUnread(count) }
  const keychain = keychainInfo()
  if (keychain.storage === 'user-file') log.warn(appWords('en').keychain.missing, keychain)
  const secrets = openElectronSecrets(userData, keychain)
  const service = createTidings({
    settings,
    secrets,
    history,
    writer,
    notifier,
    badge,
    // Chromium's network stack: the system proxy and PAC, the OS certificates (net-fetch.ts).
    fetch: createNetFetch({ netFetch: (input, init) => net.fetch(input, init), withOwnCa: createDefaultFetch() }),
    // The same session's proxy for WebSocket and Socket.IO feeds (SOCKS cannot be used: direct, logged).
    proxy: createElectronProxyResolver(session.defaultSession, log),
    info: { version: app.getVersion(), platform: process.platform, locale: app.getLocale() },
    openUrl: (url) => void openExternalHttp(url),
  })
  state.setFeeds(await service.handlers['feeds:list']())

  const quit = () => {
    quitting = true
    app.quit()
  }
  let drawn: TrayModel = state.tray(Date.now())
  const tray = createTray({
    iconDir: paths.trayDir,
    initial: drawn,
    template: process.platform === 'darwin',
    onMissingImage: (file) => log.error('tray image missing', file),
    actions: {
      open: show,
      setDoNotDisturb: (on) => void service.handlers['settings:set']({ doNotDisturb: on }),
      setAllPaused: (paused) => void service.setAllPaused(paused),
      quit,
    },
  })
  log.info('tray ready', { ms: Math.round(performance.now() - startedAt) })
  probe?.record('tray', drawn)
  const appBadge = createAppBadge({ app, window: () => window, iconDir: paths.trayDir, platform: process.platform })
  const renderTray = () => {
    const next = state.tray(Date.now())
    const changes = trayChanges(drawn, next)
    drawn = next
    tray.render(changes)
    if (changes.unread !== null) appBadge(next.unread, words().badgeDescription(next.unread))
    if (changes.icon !== null || changes.tooltip !== null || changes.menu !== null) probe?.record('tray', next)
  }
  // Tray and badge redraw at most 4 times a second, whatever the event rate.
  const trayUpdates = createBatcher<null>({ intervalMs: 250, maxBatch: Number.POSITIVE_INFINITY, send: renderTray })

  let updater: Awaited<ReturnType<typeof createUpdater>> | null = null
  const installMenu = () =>
    installAppMenu(
      {
        command: (command) => toWindow('app:command', command),
        openLogFolder: () => void shell.openPath(log.dir),
        checkForUpdates: updater ? () => void updater?.check(true) : undefined,
      },
      { isMac: process.platform === 'darwin', devTools: !app.isPackaged, words: appMenuWords(state.locale), shellWords: words().menu },
    )
  const applyLoginItem = () => {
    const written = setLaunchAtLogin(app, state.launchAtLogin)
    log.info(written ? 'login item written' : 'login item left alone: only the installed app registers itself', { open: state.launchAtLogin })
  }

  // The window gets events in batches and statuses/counts as their latest value (window-pushes.ts).
  const unsubscribe = [
    forwardPushes(service, toWindow),
    service.on('feeds:status', (status) => state.setStatus(status)),
    service.on('feeds:changed', (feeds) => state.setFeeds(feeds)),
    service.on('settings:changed', (next) => state.setSettings(next)),
    state.subscribe((change) => {
      if (change.locale) installMenu()
      if (change.launchAtLogin) applyLoginItem()
      if (change.tray) trayUpdates.add([null])
    }),
  ]

  const unregisterIpc = registerElectronIpc({
    handlers: service.handlers,
    isTrustedSender: isOurPage,
    shell: {
      handlers: {
        'feeds:export-file': async (includeSecrets) => {
          const w = words().export
          const options = { title: w.title, message: includeSecrets ? w.withSecretsWarning : '', defaultPath: join(app.getPath('documents'), 'tidings-feeds.json'), filters: [{ name: 'JSON', extensions: ['json'] }] }
          const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
          if (chosen.canceled || !chosen.filePath) return { saved: false, path: null }
          // Built and written here: with secrets, the text never crosses the bridge.
          const json = await service.handlers['feeds:export'](includeSecrets)
          await writeFile(chosen.filePath, json, { mode: includeSecrets ? 0o600 : 0o644 })
          // An existing file keeps its mode on write: with secrets, make it the user's alone.
          if (includeSecrets) await chmod(chosen.filePath, 0o600)
          log.info('feeds exported', { secrets: includeSecrets })
          return { saved: true, path: chosen.filePath }
        },
        'app:open-log-folder': async () => {
          const failure = await shell.openPath(log.dir)
          if (failure) throw new Error(failure)
        },
        'app:keychain': async () => keychain,
      },
    },
  })
  installMenu()
  const startup = settings.getApp()
  // Refreshes the entry (the executable may have moved since); afterwards only a change rewrites it.
  if (startup.launchAtLogin) applyLoginItem()
  const reloadPolicy = createReloadPolicy()
  window = createMainWindow({
    paths,
    show: !startup.startHidden,
    isQuitting: () => quitting,
    onLoadFailed(error) {
      log.error('the window could not load its page', error)
      dialog.showErrorBox(words().startFailed, words().windowFailed)
    },
    onRendererGone(details) {
      const reload = reloadPolicy(details.reason)
      log.error('the window’s renderer process is gone', { reason: details.reason, exitCode: details.exitCode, reload })
      return reload
    },
    contextMenu: (params, replace, addWord) => contextMenuTemplate(params, words().contextMenu, { replaceMisspelling: replace, addToDictionary: addWord }),
  })
  window.on('closed', () => {
    window = null
  })
  // Windows logoff/shutdown: there is no 'before-quit', so the graceful stop starts here.
  window.on('session-end', quit)

  const wake = createWakeSignal()
  wake.onWake((reason) => service.wake(reason))
  // macOS and Linux shutdown: delay it until everything received is stored (bounded by STOP_LIMIT_MS).
  const onShutdown = (...args: unknown[]) => {
    ;(args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.()
    log.info('the system is shutting down')
    quit()
  }
  powerMonitor.on('shutdown', onShutdown)
  // A second launch shows this window; `--quit` (scripts, the packaged smoke test) quits this app.
  app.on('second-instance', (_event, argv) => (argv.includes('--quit') ? quit() : show()))
  app.on('activate', show)

  // Quit: stop the service first so everything received is stored, then let Electron quit.
  // A second Quit while stopping waits for the same stop; only a finished stop lets Electron quit.
  let stopping: Promise<void> | null = null
  let stopped = false
  app.on('before-quit', (event) => {
    quitting = true
    if (stopped) return
    event.preventDefault()
    if (stopping !== null) return
    stopping = (async () => {
      wake.dispose()
      powerMonitor.off('shutdown', onShutdown)
      for (const off of unsubscribe) off()
      trayUpdates.close()
      unregisterIpc()
      // The packaged smoke test reads the log: a writer thread that could not start from app.asar shows here.
      if (writer.broken()) log.error('the history writer thread is not running; events were stored on the main thread')
      const outcome = await stopWithin(async () => {
        await service.stop()
        await writer.close()
      }, STOP_LIMIT_MS)
      history.close()
      tray.destroy()
      if (outcome.kind === 'clean') log.info('stopped: everything received is stored')
      else if (outcome.kind === 'timed-out') log.warn(`stopped after ${outcome.limitMs} ms without finishing; unstored events come again at the next start`)
      else log.error('stopping failed', outcome.error)
      stopped = true
      if (outcome.kind === 'failed') app.exit(1)
      else app.quit()
    })()
  })

  await service.start()
  trayUpdates.add([null])
  probe?.record('ready', { userData })
  log.info('ready', { feeds: drawn.feeds.length })
  if (app.isPackaged) {
    updater = await createUpdater({ log, words: () => words().updates })
    installMenu()
    void updater.check(false)
  }
}
