/**
 * The window's only door to the main process. `window.tidings` is built by the preload script
 * (contextBridge) in the app and by the browser tests' bridge; nothing else in the renderer may
 * touch it, so every call the UI makes is visible through this one typed object.
 */
import type { TidingsApi } from '../../preload/contract.ts'

declare global {
  interface Window {
    tidings?: TidingsApi
  }
}

/** The bridge, or null when the page runs without one (opened in a plain browser by mistake). */
export function getTidings(): TidingsApi | null {
  return window.tidings ?? null
}
