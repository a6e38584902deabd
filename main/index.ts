/**
 * The composition root of the app: Electron's lifecycle, one adapter per OS API, all handed to the
 * core (`createTidings`). No decisions here beyond wiring — what to notify, what the tray says,
 * which calls are valid all live in main/core/ and main/ipc/.
 *
 * Environment: TIDINGS_DATA_DIR overrides the user-data folder (tests, portable use);
 * TIDINGS_E2E=1 makes main record toasts and tray states to `<userData>/e2e.jsonl` (smoke test).
 */
import { join } from 'node:path'
import { app, dialog, session } from 'electron'
import type { BrowserWindow } from 'electron'
import type { AppSettingsDto, FeedDto, FeedStatusDto, Pushes } from '../preload/contract.ts'
import { HISTORY_FILE } from './cli/environment.ts'
import { openHistory } from './core/history/index.ts'
import { createHistoryWriter } from './core/history/writer.ts'
import type { Badge, Toast } from './core/ports.ts'
import { resolveLocale } from './core/locale.ts'
import { appMenuWords } from './core/menu-words.ts'
import { acquireRunLock, describeHolder } from './core/run-lock.ts'
import { createTidings } from './core/service.ts'
import { trayModel } from './core/tray/index.ts'
import { createAppBadge } from './electron/app-badge.ts'
import { installAppMenu } from './electron/app-menu.ts'
import { CSP } from './electron/csp.ts'
import { createE2eProbe } from './electron/e2e-probe.ts'
import { APP_ID } from './electron/identity.ts'
import { hardenSession, hardenWebContents } from './electron/hardening.ts'
import { createMainWindow, revealWindow } from './electron/main-window.ts'
import { createElectronNotifier } from './electron/notifier.ts'
import { openExternalHttp } from './electron/open-external.ts'
import { appPaths } from './electron/paths.ts'
import { openElectronSecrets } from './electron/secrets.ts'
import { openElectronSettings } from './electron/settings-store.ts'
import { setLaunchAtLogin } from './electron/login-item.ts'
import { createTray } from './electron/tray.ts'
import { createWakeSignal } from './electron/wake-signal.ts'
import { createBatcher } from './ipc/batcher.ts'
import { forwardPushes } from './ipc/window-pushes.ts'
import { registerElectronIpc } from './ipc/electron-ipc.ts'
import { push } from './ipc/push.ts'
import { createSenderCheck } from './ipc/trusted-sender.ts'

if (process.env.TIDINGS_DATA_DIR) app.setPath('userData', process.env.TIDINGS_DATA_DIR)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  start().catch((error: unknown) => {
    dialog.showErrorBox('Tidings could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  // The window hides to the tray; only Quit ends the app.
  app.on('window-all-closed', () => {})
  await app.whenReady()

  const userData = app.getPath('userData')
  const paths = appPaths({
    mainDir: import.meta.dirname,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  })
  let window: BrowserWindow | null = null
  // The one test of "is this our page": IPC calls and permission requests both go through it.
  const isOurPage = createSenderCheck({ rendererUrl: paths.rendererUrl, ownsWebContents: (id) => window?.webContents.id === id })
  hardenSession(session.defaultSession, CSP, isOurPage)
  // One subscriber per data folder: `tidings run` on the same feeds would store and toast twice.
  const lock = acquireRunLock(userData, 'app')
  if (!lock.ok) throw new Error(`${describeHolder(lock.holder)}. Stop it first, then start Tidings again.`)
  app.on('will-quit', () => lock.release())
  const probe = createE2eProbe(process.env, userData)
  const settings = openElectronSettings(userData)
  const history = openHistory({ path: join(userData, HISTORY_FILE) })
  // Appends run on a worker thread, so storing a burst never stalls IPC, the tray or toasts.
  const writer = createHistoryWriter({ path: join(userData, HISTORY_FILE), script: new URL('./history-writer.js', import.meta.url) })

  let quitting = false
  const show = () => {
    if (window) revealWindow(window)
  }
  const toWindow = <C extends keyof Pushes>(channel: C, ...args: Parameters<Pushes[C]>) => {
    if (window) push(window.webContents, channel, ...args)
  }

  // What the tray and badges show, kept from the service's pushes (reading settings per event would hit the disk).
  let feeds: FeedDto[] = []
  const statuses: Record<string, FeedStatusDto> = {}
  let unread = 0
  let doNotDisturb = settings.getApp().doNotDisturb
  let locale = resolveLocale(settings.getApp().language, app.getLocale())
  // Tray and badge redraw at most 4 times a second, whatever the event rate.
  const trayUpdates = createBatcher<null>({ intervalMs: 250, maxBatch: Number.POSITIVE_INFINITY, send: () => renderTray() })

  const notifier = createElectronNotifier({
    onShow: (toast) => probe?.record('toast', toast),
    onClick(toast: Toast) {
      if (toast.clickUrl && openExternalHttp(toast.clickUrl)) return
      show()
      if (toast.seq !== null) toWindow('app:show-event', { feedId: toast.feedId, seq: toast.seq })
    },
  })
  const badge: Badge = {
    set(count) {
      unread = count
      trayUpdates.add([null])
    },
  }
  const service = createTidings({
    settings,
    secrets: openElectronSecrets(userData),
    history,
    writer,
    notifier,
    badge,
    info: { version: app.getVersion(), platform: process.platform, locale: app.getLocale() },
    openUrl: (url) => void openExternalHttp(url),
  })

  const quit = () => {
    quitting = true
    app.quit()
  }
  const tray = createTray(paths.trayDir, {
    open: show,
    setDoNotDisturb: (on) => void service.handlers['settings:set']({ doNotDisturb: on }),
    setAllPaused: (paused) => void service.setAllPaused(paused),
    quit,
  })
  const appBadge = createAppBadge({ app, window: () => window, iconDir: paths.trayDir, platform: process.platform })
  let lastTray = ''
  function renderTray(): void {
    const model = trayModel({ feeds, statuses, unread, doNotDisturb, now: Date.now(), locale })
    const key = JSON.stringify(model)
    if (key === lastTray) return
    lastTray = key
    tray.render(model)
    appBadge(model)
    probe?.record('tray', model)
  }
  // Every 10 s too, so "retrying in 12 s" stays true (an unchanged model is not redrawn).
  const trayClock = setInterval(() => trayUpdates.add([null]), 10_000)

  const applyLoginItem = (prefs: AppSettingsDto) => setLaunchAtLogin(app, prefs.launchAtLogin)
  // The window gets events in batches and statuses/counts as their latest value (window-pushes.ts).
  const unsubscribe = [
    forwardPushes(service, toWindow),
    service.on('feeds:status', (status) => {
      statuses[status.feedId] = status
      trayUpdates.add([null])
    }),
    service.on('feeds:changed', (next) => {
      feeds = next
      for (const feed of next) statuses[feed.id] = feed.status
      trayUpdates.add([null])
    }),
    service.on('settings:changed', (next) => {
      doNotDisturb = next.doNotDisturb
      const spoken = resolveLocale(next.language, app.getLocale())
      if (spoken !== locale) {
        locale = spoken
        installMenu()
      }
      applyLoginItem(next)
      trayUpdates.add([null])
    }),
  ]

  const unregisterIpc = registerElectronIpc({
    handlers: service.handlers,
    isTrustedSender: isOurPage,
  })
  const menuActions = { command: (command: Parameters<Pushes['app:command']>[0]) => toWindow('app:command', command), hideWindow: () => window?.hide(), quit }
  const installMenu = () => installAppMenu(menuActions, process.platform === 'darwin', !app.isPackaged, appMenuWords(locale))
  installMenu()
  const startup = settings.getApp()
  applyLoginItem(startup)
  window = createMainWindow({ paths, show: !startup.startHidden, isQuitting: () => quitting })
  window.on('closed', () => {
    window = null
  })

  const wake = createWakeSignal()
  wake.onWake((reason) => service.wake(reason))
  app.on('second-instance', show)
  app.on('activate', show)

  // Quit: stop the service first so everything received is stored, then let Electron quit.
  let stopping: Promise<void> | null = null
  app.on('before-quit', (event) => {
    quitting = true
    if (stopping === null) {
      stopping = (async () => {
        wake.dispose()
        clearInterval(trayClock)
        for (const off of unsubscribe) off()
        trayUpdates.close()
        unregisterIpc()
        try {
          await service.stop()
          await writer.close()
        } finally {
          history.close()
          tray.destroy()
        }
      })()
      event.preventDefault()
      stopping.then(
        () => app.quit(),
        (error: unknown) => {
          console.error(`tidings: stopping failed: ${String(error)}`)
          app.exit(1)
        },
      )
    }
  })

  feeds = await service.handlers['feeds:list']()
  for (const feed of feeds) statuses[feed.id] = feed.status
  await service.start()
  trayUpdates.add([null])
  probe?.record('ready', { userData })
}
