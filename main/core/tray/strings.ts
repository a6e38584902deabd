/**
 * Every word the tray shows (tooltip, menu status lines), in one place so it can be localised later.
 * The window does its own i18n; the tray is drawn by the main process. Plain English for now.
 */
import type { StopReason } from '../types.ts'

export const APP_NAME = 'Tidings'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Tooltip pieces, joined by `tooltip()`. */
export const tooltipWords = {
  noFeeds: 'no feeds',
  allPaused: 'all feeds paused',
  offline: 'offline',
  open: (n: number) => `${plural(n, 'feed', 'feeds')} open`,
  retrying: (n: number) => `${n} retrying`,
  stopped: (n: number) => `${n} stopped`,
  paused: (n: number) => `${n} paused`,
  unread: (n: number) => `${n.toLocaleString('en-US')} unread`,
  doNotDisturb: 'Do Not Disturb',
}

/** "Tidings — 3 feeds open, 1 retrying · 12 unread · Do Not Disturb". */
export function tooltip(states: string[], extras: string[]): string {
  return [`${APP_NAME} — ${states.join(', ')}`, ...extras].join(' · ')
}

const stopReasonWords: Record<StopReason, string> = {
  auth: 'sign-in rejected',
  'not-found': 'not found',
  'no-content': 'server asked to stop',
  'content-type': 'not an event stream',
  invalid: 'invalid settings',
}

/** A short time span for "retrying in …": seconds under a minute, then minutes, then hours. */
export function duration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.ceil(minutes / 60)} h`
}

/** The state half of a menu line ("open", "retrying in 12 s", "stopped: sign-in rejected"). */
export const stateWords = {
  open: 'open',
  paused: 'paused',
  connecting: 'connecting…',
  retrying: 'retrying…',
  retryingIn: (ms: number) => `retrying in ${duration(ms)}`,
  offlineRetryingIn: (ms: number) => `offline, retrying in ${duration(ms)}`,
  stopped: 'stopped',
  stoppedBecause: (reason: StopReason) => `stopped: ${stopReasonWords[reason]}`,
}

/** "Alerts — open". */
export function feedLine(name: string, state: string): string {
  return `${name} — ${state}`
}
