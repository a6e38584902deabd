/**
 * A SettingsStore over any conf-like key/value store (electron-store or conf). Feeds are validated
 * by the feed model on read; entries that cannot be used are reported and written back untouched,
 * so a hand-edited mistake never loses a feed.
 */
import type { AppSettings, SettingsStore } from '../ports.ts'
import type { Feed } from '../types.ts'
import { normalizeStoredFeed } from '../feeds/feed.ts'
import { defaultAppSettings } from './schema.ts'

export interface KeyValueStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

export interface CheckedSettingsStore extends SettingsStore {
  /** Entries of the file that could not be used, in words. */
  problems(): string[]
}

function normalizeApp(raw: unknown): AppSettings {
  const base = defaultAppSettings()
  if (typeof raw !== 'object' || raw === null) return base
  const r = raw as Partial<AppSettings>
  const hhmm = (v: unknown, d: string) => (typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v) ? v : d)
  const q = (typeof r.quietHours === 'object' && r.quietHours !== null ? r.quietHours : base.quietHours) as Partial<AppSettings['quietHours']>
  const positive = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d)
  return {
    doNotDisturb: typeof r.doNotDisturb === 'boolean' ? r.doNotDisturb : base.doNotDisturb,
    quietHours: {
      enabled: typeof q.enabled === 'boolean' ? q.enabled : base.quietHours.enabled,
      start: hhmm(q.start, base.quietHours.start),
      end: hhmm(q.end, base.quietHours.end),
    },
    coalesceWindowMs: positive(r.coalesceWindowMs, base.coalesceWindowMs),
    coalesceMax: positive(r.coalesceMax, base.coalesceMax),
    launchAtLogin: typeof r.launchAtLogin === 'boolean' ? r.launchAtLogin : base.launchAtLogin,
    startHidden: typeof r.startHidden === 'boolean' ? r.startHidden : base.startHidden,
    theme: r.theme === 'light' || r.theme === 'dark' ? r.theme : 'system',
    language: r.language === 'en' || r.language === 'zh-CN' ? r.language : 'system',
  }
}

/** Checks app settings from outside (bridge, CLI); unknown values fall back to the current ones. */
export function mergeAppSettings(current: AppSettings, patch: Partial<AppSettings>): AppSettings {
  return normalizeApp({ ...current, ...patch, quietHours: { ...current.quietHours, ...patch.quietHours } })
}

export function createSettingsStore(store: KeyValueStore): CheckedSettingsStore {
  let unusable: unknown[] | null = null
  let problems: string[] = []
  const api: CheckedSettingsStore = {
    getFeeds(): Feed[] {
      const raw = store.get('feeds')
      const list = Array.isArray(raw) ? (raw as unknown[]) : []
      const feeds: Feed[] = []
      const bad: unknown[] = []
      problems = []
      list.forEach((entry, index) => {
        const feed = normalizeStoredFeed(entry, index)
        if (typeof feed === 'string') {
          bad.push(entry)
          problems.push(feed)
        } else feeds.push(feed)
      })
      unusable = bad
      return feeds.sort((a, b) => a.order - b.order)
    },
    setFeeds(feeds: Feed[]): void {
      if (unusable === null) api.getFeeds()
      store.set('feeds', [...feeds, ...(unusable ?? [])])
    },
    getApp: () => normalizeApp(store.get('app')),
    setApp(settings: AppSettings): void {
      store.set('app', normalizeApp(settings))
    },
    problems: () => [...problems],
  }
  return api
}
