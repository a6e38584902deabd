/**
 * The main window's construction, hardened: the renderer is untrusted (DESIGN.md, "Security
 * stance"). The BrowserWindow class is passed in, so this file has no runtime electron import: a
 * Node test passes a recording class and checks the exact options main uses, and the options stay
 * a literal at the `new BrowserWindow(...)` site where electronegativity can read them.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

/** What `newMainWindow` needs of Electron's BrowserWindow: its constructor. */
export type WindowClass<W> = new (options: BrowserWindowConstructorOptions) => W

/** Creates the main window; `preload` is the absolute path of out/preload/index.cjs. */
export function newMainWindow<W>(BrowserWindow: WindowClass<W>, preload: string): W {
  return new BrowserWindow({
    title: 'Tidings',
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    // Shown on 'ready-to-show' (no white flash), or left hidden when the user starts in the tray.
    show: false,
    webPreferences: {
      // Reviewed: the preload only exposes the typed bridge (preload/index.ts), never ipcRenderer.
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links in a new window (new windows are denied anyway).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: true,
    },
  })
}

/** The exact options `newMainWindow` passes to BrowserWindow. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  let captured: BrowserWindowConstructorOptions | null = null
  newMainWindow(
    class {
      constructor(options: BrowserWindowConstructorOptions) {
        captured = options
      }
    },
    preload,
  )
  return captured!
}
