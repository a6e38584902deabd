export { settingsStoreOptions, defaultAppSettings, SETTINGS_VERSION, type SettingsFile } from './schema.ts'
export { createSettingsStore, mergeAppSettings, type CheckedSettingsStore, type KeyValueStore } from './store.ts'
