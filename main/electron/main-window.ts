/**
 * The one window: created hidden with the hardened options, loads the page (app://, or the dev
 * server), hides to the tray on close unless the app is quitting. What goes wrong is reported, not
 * lost: a page that fails to load and a renderer process that dies reach the callbacks (main logs
 * them; a dead renderer is reloaded when the reload policy allows); right-click opens the context
 * menu built by context-menu.ts.
 */
import { BrowserWindow, Menu } from 'electron'
import type { ContextMenuParams, MenuItemConstructorOptions, RenderProcessGoneDetails } from 'electron'
import type { AppPaths } from './paths.ts'
import { newMainWindow } from './window-options.ts'

export interface MainWindowOptions {
  paths: AppPaths
  /** Show it once it has painted (false: start hidden in the tray). */
  show: boolean
  /** Whether a close is part of quitting (then the window really closes). */
  isQuitting(): boolean
  onLoadFailed(error: unknown): void
  /** The renderer died; return true to reload the page. */
  onRendererGone(details: RenderProcessGoneDetails): boolean
  /** The right-click menu's items (empty: no menu). */
  contextMenu(params: ContextMenuParams, replace: (word: string) => void, addWord: (word: string) => void): MenuItemConstructorOptions[]
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
  const contents = win.webContents
  const load = () => contents.loadURL(paths.rendererUrl).catch((error: unknown) => options.onLoadFailed(error))
  contents.on('render-process-gone', (_event, details) => {
    if (options.onRendererGone(details)) void load()
  })
  contents.on('context-menu', (_event, params) => {
    const items = options.contextMenu(
      params,
      (word) => contents.replaceMisspelling(word),
      (word) => contents.session.addWordToSpellCheckerDictionary(word),
    )
    if (items.length > 0) Menu.buildFromTemplate(items).popup({ window: win })
  })
  void load()
  return win
}

/** Brings the window to the front, restoring it from the tray or the taskbar. */
export function revealWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}
