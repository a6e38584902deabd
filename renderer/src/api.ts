/**
 * The window's only door to the main process. `window.tidings` is built by the preload script
 * (contextBridge) in the app and by the browser tests' bridge; nothing else in the renderer may
 * touch it, so every call the UI makes is visible through this one typed object.
 */
import type { TidingsApi, TidingsShellApi } from '../../preload/contract.ts'

declare global {
  interface Window {
    tidings?: TidingsApi & Partial<TidingsShellApi>
  }
}

/** The bridge, or null when the page runs without one (opened in a plain browser by mistake). */
export function getTidings(): TidingsApi | null {
  return window.tidings ?? null
}

/**
 * The desktop shell's methods (save dialog, log folder, keychain) when the bridge has them: the
 * app's preload does; a bridge without a shell (a plain browser, an older test bridge) does not,
 * and the window then offers only what the core answers.
 */
export function shellOf(api: TidingsApi): TidingsShellApi | null {
  const candidate = api as TidingsApi & Partial<TidingsShellApi>
  const { exportFeedsToFile, openLogFolder, keychain } = candidate
  if (typeof exportFeedsToFile !== 'function' || typeof openLogFolder !== 'function' || typeof keychain !== 'function') return null
  return { exportFeedsToFile, openLogFolder, keychain }
}
