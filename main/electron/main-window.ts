/**
 * The one window: created hidden with the hardened options, loads the bundled renderer (or the
 * dev server), and hides to the tray on close unless the app is quitting.
 */
import { BrowserWindow } from 'electron'
import type { AppPaths } from './paths.ts'
import { newMainWindow } from './window-options.ts'

export interface MainWindowOptions {
  paths: AppPaths
  /** Show it once it has painted (false: start hidden in the tray). */
  show: boolean
  /** Whether a close is part of quitting (then the window really closes). */
  isQuitting(): boolean
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { paths } = options
  const win = newMainWindow(BrowserWindow, paths.preload)
  win.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    win.hide()
  })
  if (options.show) win.once('ready-to-show', () => win.show())
  const loading = paths.rendererUrl.startsWith('file:') ? win.loadFile(paths.rendererFile) : win.loadURL(paths.rendererUrl)
  loading.catch((error: unknown) => console.error(`tidings: the window failed to load: ${String(error)}`))
  return win
}

/** Brings the window to the front, restoring it from the tray or the taskbar. */
export function revealWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}
