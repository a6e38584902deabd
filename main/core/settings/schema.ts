/**
 * The settings file — one schema, defaults and migrations for both hosts: electron-store in the
 * app and `conf` (its base) in the CLI read and write the same `config.json` in the data folder.
 */
import type { AppSettings } from '../ports.ts'

/** Bumped when the file's shape changes; each step of `migrations` lifts a file by one version. */
export const SETTINGS_VERSION = '1.0.0'

export function defaultAppSettings(): AppSettings {
  return {
    doNotDisturb: false,
    quietHours: { enabled: false, start: '22:00', end: '07:00' },
    coalesceWindowMs: 10_000,
    coalesceMax: 3,
    launchAtLogin: false,
    startHidden: false,
    theme: 'system',
    language: 'system',
  }
}

/** What the file holds. Feeds are kept loosely typed here: each is checked by the feed model. */
export interface SettingsFile {
  feeds: unknown[]
  app: AppSettings
}

/** JSON schema for the top level only: a hand-edited feed must not make the whole file unreadable. */
export const settingsSchema = {
  feeds: { type: 'array', default: [] },
  app: { type: 'object', default: defaultAppSettings() },
} as const

interface Migratable {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/** Migrations by version (conf's format); each fills what an older file lacks, never drops data. */
export const migrations: Record<string, (store: Migratable) => void> = {
  '1.0.0': (store) => {
    const feeds = store.get('feeds')
    // Something that is not a list is a user's data we do not understand: refuse, never replace it.
    if (feeds !== undefined && !Array.isArray(feeds)) throw new Error('"feeds" is not a list')
    if (feeds === undefined) store.set('feeds', [])
    const app = store.get('app')
    store.set('app', { ...defaultAppSettings(), ...(typeof app === 'object' && app !== null ? app : {}) })
  },
}

/**
 * Options both `new Store(options)` (electron-store) and `new Conf(options)` accept; the host adds
 * `cwd`. `clearInvalidConfig: false`: a corrupt file is reported, never silently replaced.
 */
export const settingsStoreOptions = {
  configName: 'config',
  projectName: 'tidings',
  projectVersion: SETTINGS_VERSION,
  schema: settingsSchema,
  defaults: { feeds: [], app: defaultAppSettings() } satisfies SettingsFile,
  migrations,
  clearInvalidConfig: false,
  accessPropertiesByDotNotation: false,
}
