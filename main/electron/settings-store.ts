/**
 * Settings in the app: electron-store 12 over the core's one schema (main/core/settings/), in the
 * user-data folder — the same config.json the CLI reads with `conf`.
 */
import Store from 'electron-store'
import { checkSettingsFile, createSettingsStore, settingsStoreOptions, type CheckedSettingsStore } from '../core/settings/index.ts'

/** Opens (creating or migrating) config.json in `userData`; throws if the file is unreadable. */
export function openElectronSettings(userData: string): CheckedSettingsStore {
  checkSettingsFile(userData) // a file electron-store would rewrite wrongly is refused untouched
  // electron-store names the file with `name` (it sets conf's `configName` from it).
  const { configName, projectName: _projectName, ...options } = settingsStoreOptions
  const store = new Store<Record<string, unknown>>({ ...options, name: configName, cwd: userData })
  return createSettingsStore({ get: (key) => store.get(key), set: (key, value) => store.set(key, value) })
}
