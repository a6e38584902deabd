/**
 * The main window's constructor options, hardened: the renderer is untrusted (DESIGN.md, "Security
 * stance"). A function without side effects, so a Node test checks the exact object main passes.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

/** Options for `new BrowserWindow(...)`; `preload` is the absolute path of out/preload/index.cjs. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    title: 'Tidings',
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    // Shown on 'ready-to-show' (no white flash), or left hidden when the user starts in the tray.
    show: false,
    webPreferences: {
      preload,
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
      safeDialogs: true,
      spellcheck: true,
    },
  }
}
