export { settingsStoreOptions, defaultAppSettings, SETTINGS_VERSION, type SettingsFile } from './schema.ts'
export { checkSettingsFile, SETTINGS_FILE } from './check.ts'
export { createSettingsStore, mergeAppSettings, type CheckedSettingsStore, type KeyValueStore } from './store.ts'
