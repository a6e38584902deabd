/**
 * The tray as data: health, icon, badge, tooltip and the per-feed menu lines. Pure: the Electron
 * adapter only renders a `TrayModel` (icon file, tooltip, menu items) and never decides anything,
 * so everything a user sees in the tray is testable in Node.
 */
import type { ConnectionState, Feed, FeedStatus } from '../types.ts'
import { badgeText } from './badge.ts'
import { countStates, effectiveState, failingOnNetwork, healthOf, isOffline, type Health } from './health.ts'
import { trayIcon } from './icons.ts'
import type { Locale } from '../locale.ts'
import { clockTime, feedLine, tooltip, trayWords, type TrayWords } from './strings.ts'

export type { Health } from './health.ts'

export interface TrayModel {
  /** Worst state wins: stopped > waiting (keychain) > offline > retrying > ok; idle when nothing is active (see health.ts). */
  health: Health
  unread: number
  /** '' when 0, '1'..'99', '99+'. */
  badgeText: string
  /** Icon file stem: `tray-<health>` plus `-dot` when unread > 0 (see icons.ts, `TRAY_ICONS`). */
  icon: string
  /**
   * "Tidings — 3 feeds open, 1 waiting for the keychain, 1 retrying · 12 unread · Do Not Disturb";
   * at most 127 characters.
   */
  tooltip: string
  /** One menu line per feed, in sidebar order: "Alerts — open", "Builds — retrying in 12 s". */
  feeds: { id: string; label: string; state: ConnectionState }[]
  doNotDisturb: boolean
  /** There are feeds and every one is paused (the menu offers "Resume all"). */
  allPaused: boolean
  /** Labels of the fixed menu items, in the model's language. */
  menu: TrayWords['menu']
}

export interface TrayInput {
  feeds: Feed[]
  statuses: Record<string, FeedStatus>
  unread: number
  doNotDisturb: boolean
  now: number
  /** The language of every word in the model (default English). */
  locale?: Locale
}

/** `FeedError.code` values the menu lines word (main/core/stream/error-codes.ts, the service's keychain wait). */
const SERVER_PAUSE = 'SERVER_PAUSE'
const SECRET_UNREADABLE = 'secret-unreadable'

/** Windows cuts tray tooltips at 127 characters; cut them ourselves, visibly. */
const TOOLTIP_MAX = 127
/** Longest feed name in a menu line, in code points. */
const NAME_MAX = 48

function clipLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const line = text.replace(/[\s]+/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim()
  const points = Array.from(line)
  return points.length > max ? `${points.slice(0, max - 1).join('').trimEnd()}…` : line
}

function stateLine(words: TrayWords, state: ConnectionState, status: FeedStatus | undefined, now: number, locale: Locale): string {
  const stateWords = words.state
  const error = status?.lastError ?? null
  switch (state) {
    case 'open':
      return stateWords.open
    case 'paused':
      return stateWords.paused
    case 'connecting':
      return status?.waitingFor === 'keychain' ? stateWords.waitingForKeychain : stateWords.connecting
    case 'stopped':
      if (error?.kind === 'auth' && error.code === SECRET_UNREADABLE) return stateWords.secretUnreadable
      return status?.stopReason ? stateWords.stoppedBecause(status.stopReason) : stateWords.stopped
    case 'backoff': {
      const retryAt = status?.nextRetryAt ?? null
      const wait = retryAt === null ? 0 : retryAt - now
      if (retryAt === null || wait <= 0) return stateWords.retrying
      // A time, not a countdown: the line stays the same until the pause ends (no menu rebuilds).
      if (error?.kind === 'ended' && error.code === SERVER_PAUSE) return stateWords.pausedByServerUntil(clockTime(retryAt, locale))
      const cause = error ? words.cause(error) : ''
      if (cause === '' && failingOnNetwork(state, status)) return stateWords.offlineRetryingIn(wait)
      return cause === '' ? stateWords.retryingIn(wait) : stateWords.causeRetryingIn(cause, wait)
    }
  }
}

/** Build the tray model from the feeds, their live statuses and the unread total. */
export function trayModel(input: TrayInput): TrayModel {
  const { feeds, statuses, doNotDisturb, now } = input
  const locale = input.locale ?? 'en'
  const words = trayWords(locale)
  const tooltipWords = words.tooltip
  const unread = Number.isFinite(input.unread) && input.unread > 0 ? Math.floor(input.unread) : 0
  const counts = countStates(feeds, statuses)
  const health = healthOf(counts)
  const allPaused = feeds.length > 0 && counts.paused === feeds.length

  const states: string[] = []
  if (feeds.length === 0) states.push(tooltipWords.noFeeds)
  else if (allPaused) states.push(tooltipWords.allPaused)
  else {
    // Offline is said even when a feed waiting for the keychain (or a stopped one) picks the icon.
    if (isOffline(counts)) states.push(tooltipWords.offline)
    else states.push(tooltipWords.open(counts.open))
    if (counts.waiting > 0) states.push(tooltipWords.waitingForKeychain(counts.waiting))
    if (counts.retrying > 0) states.push(tooltipWords.retrying(counts.retrying))
    if (counts.stopped > 0) states.push(tooltipWords.stopped(counts.stopped))
    if (counts.paused > 0) states.push(tooltipWords.paused(counts.paused))
  }
  const extras: string[] = []
  if (unread > 0) extras.push(tooltipWords.unread(unread))
  if (doNotDisturb) extras.push(tooltipWords.doNotDisturb)

  const ordered = [...feeds].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
  return {
    health,
    unread,
    badgeText: badgeText(unread),
    icon: trayIcon(health, unread),
    tooltip: clipLine(tooltip(states, extras, locale), TOOLTIP_MAX),
    feeds: ordered.map((feed) => {
      const status = statuses[feed.id]
      const state = effectiveState(feed, status)
      return { id: feed.id, label: feedLine(clipLine(feed.name, NAME_MAX), stateLine(words, state, status, now, locale)), state }
    }),
    doNotDisturb,
    allPaused,
    menu: words.menu,
  }
}
