/**
 * "2 stopped, 1 waiting for the keychain, 1 retrying, 3 connected": the health of all feeds in one
 * line, worst first, for the All feeds header and its sidebar row. Paused feeds count as paused
 * whatever their last status. A feed whose token or password waits for the OS keychain to unlock
 * (`waitingFor: 'keychain'`) is not connecting: it waits on the user, so it is counted apart and
 * ranks with what needs the user, as in the tray (main/core/tray/health.ts).
 */
import type { FeedDto } from '../../../preload/contract.ts'
import type { Translate } from '../i18n/translate.ts'

export interface StateCounts {
  stopped: number
  /** Waiting for the OS keychain to unlock (not connecting). */
  waiting: number
  retrying: number
  connecting: number
  connected: number
  paused: number
}

/** How many feeds are in each state. */
export function countStates(feeds: readonly FeedDto[]): StateCounts {
  const counts: StateCounts = { stopped: 0, waiting: 0, retrying: 0, connecting: 0, connected: 0, paused: 0 }
  for (const feed of feeds) {
    const state = feed.paused ? 'paused' : feed.status.state
    if (state === 'paused') counts.paused++
    else if (state === 'stopped') counts.stopped++
    else if (state === 'connecting' && feed.status.waitingFor === 'keychain') counts.waiting++
    else if (state === 'backoff') counts.retrying++
    else if (state === 'connecting') counts.connecting++
    else counts.connected++
  }
  return counts
}

/** The line; '' without feeds. */
export function summarizeStates(counts: StateCounts, t: Translate, format: (n: number) => string): string {
  const parts: string[] = []
  if (counts.stopped > 0) parts.push(t('summary.stopped', { count: format(counts.stopped) }))
  if (counts.waiting > 0) parts.push(t('summary.waitingForKeychain', { count: format(counts.waiting) }))
  if (counts.retrying > 0) parts.push(t('summary.retrying', { count: format(counts.retrying) }))
  if (counts.connecting > 0) parts.push(t('summary.connecting', { count: format(counts.connecting) }))
  if (counts.connected > 0) parts.push(t('summary.connected', { count: format(counts.connected) }))
  if (counts.paused > 0) parts.push(t('summary.paused', { count: format(counts.paused) }))
  return parts.join(t('common.listSeparator'))
}
