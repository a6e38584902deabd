/**
 * What the desktop shell shows outside the window — feeds, their statuses, the unread total, Do Not
 * Disturb, the language, launch at login — kept from the service's pushes in one small model, so
 * main/index.ts is wiring only. Listeners hear *what* changed (tray, language, login item) and only
 * when it did, so the tray menu is rebuilt and the login item written only on a real change.
 * Plain data and an emitter: no electron, no timers; Node tests drive it.
 */
import type { FeedDto } from '../../preload/dto.ts'
import { resolveLocale, type Locale } from './locale.ts'
import type { AppSettings } from './ports.ts'
import { trayModel, type TrayModel } from './tray/index.ts'
import type { FeedStatus } from './types.ts'

/** What changed in one update. */
export interface AppChange {
  /** The tray (icon, tooltip, menu) or badge may show something else. */
  tray: boolean
  /** The language changed: menus are rebuilt in it. */
  locale: boolean
  /** The launch-at-login setting changed: write the login item. */
  launchAtLogin: boolean
}

export interface AppState {
  readonly locale: Locale
  readonly doNotDisturb: boolean
  readonly launchAtLogin: boolean
  setFeeds(feeds: readonly FeedDto[]): void
  setStatus(status: FeedStatus): void
  setUnread(total: number): void
  setSettings(settings: AppSettings): void
  /** The tray as data. Menu lines say a state ("retrying…"), never a countdown: see `trayChanges`. */
  tray(now: number): TrayModel
  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: (change: AppChange) => void): () => void
}

export interface AppStateOptions {
  settings: AppSettings
  /** The OS language (`app.getLocale()`), used while the setting says "system". */
  systemLocale: string
}

const NONE: AppChange = { tray: false, locale: false, launchAtLogin: false }

/** Creates the model from the settings at start. */
export function createAppState(options: AppStateOptions): AppState {
  const { systemLocale } = options
  let feeds: readonly FeedDto[] = []
  const statuses: Record<string, FeedStatus> = {}
  let unread = 0
  let doNotDisturb = options.settings.doNotDisturb
  let launchAtLogin = options.settings.launchAtLogin
  let locale = resolveLocale(options.settings.language, systemLocale)
  const listeners = new Set<(change: AppChange) => void>()

  const emit = (change: Partial<AppChange>) => {
    const full = { ...NONE, ...change }
    if (!full.tray && !full.locale && !full.launchAtLogin) return
    for (const listener of listeners) listener(full)
  }

  return {
    get locale() {
      return locale
    },
    get doNotDisturb() {
      return doNotDisturb
    },
    get launchAtLogin() {
      return launchAtLogin
    },
    setFeeds(next) {
      feeds = next
      for (const feed of next) statuses[feed.id] = feed.status
      for (const id of Object.keys(statuses)) if (!next.some((f) => f.id === id)) delete statuses[id]
      emit({ tray: true })
    },
    setStatus(status) {
      if (!feeds.some((f) => f.id === status.feedId)) return
      statuses[status.feedId] = status
      emit({ tray: true })
    },
    setUnread(total) {
      if (total === unread) return
      unread = total
      emit({ tray: true })
    },
    setSettings(settings) {
      const spoken = resolveLocale(settings.language, systemLocale)
      const change: Partial<AppChange> = {
        locale: spoken !== locale,
        launchAtLogin: settings.launchAtLogin !== launchAtLogin,
        tray: spoken !== locale || settings.doNotDisturb !== doNotDisturb,
      }
      locale = spoken
      launchAtLogin = settings.launchAtLogin
      doNotDisturb = settings.doNotDisturb
      emit(change)
    },
    tray(now) {
      // A countdown in a menu line would have to be redrawn every few seconds, and redrawing a tray
      // menu closes it under the user's pointer (Windows, Linux): the menu says "retrying…".
      const steady = Object.fromEntries(Object.entries(statuses).map(([id, s]) => [id, { ...s, nextRetryAt: null }]))
      return trayModel({ feeds: [...feeds], statuses: steady, unread, doNotDisturb, now, locale })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The parts of a tray that changed between two models; null parts stay as they are. */
export interface TrayChanges {
  icon: string | null
  tooltip: string | null
  /** The model to build the menu from, only when a menu item would read or act differently. */
  menu: TrayModel | null
  /** The unread count for the app badge, only when it changed. */
  unread: number | null
}

const menuKey = (model: TrayModel) => JSON.stringify([model.feeds, model.doNotDisturb, model.allPaused, model.menu])

/**
 * What the tray adapter must redo to go from `before` (null: nothing drawn yet) to `after`. A tray
 * menu is rebuilt only when its items changed: rebuilding closes an open menu.
 */
export function trayChanges(before: TrayModel | null, after: TrayModel): TrayChanges {
  return {
    icon: before?.icon === after.icon ? null : after.icon,
    tooltip: before?.tooltip === after.tooltip ? null : after.tooltip,
    menu: before !== null && menuKey(before) === menuKey(after) ? null : after,
    unread: before?.unread === after.unread ? null : after.unread,
  }
}
