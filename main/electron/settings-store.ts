/**
 * Settings in the app: `conf` over the core's one schema (main/core/settings/), in the user-data
 * folder — the same config.json, opened the same way, as the CLI (main/cli/environment.ts).
 * Not electron-store: it registers its own ipcMain listener that any page could call unchecked.
 */
import { openSettings } from '../cli/environment.ts'
import type { CheckedSettingsStore } from '../core/settings/index.ts'

/** Opens (creating or migrating) config.json in `userData`; throws if the file is unreadable. */
export function openElectronSettings(userData: string): CheckedSettingsStore {
  return openSettings(userData)
}
