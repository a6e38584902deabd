/**
 * One word for the health of all feeds together, for the tray icon. The worst state wins:
 *
 *   stopped > waiting > offline > retrying > ok      (idle when there is nothing active to judge)
 *
 * - idle: no feeds, or every feed paused.
 * - stopped: at least one active feed is stopped and needs the user (auth, not found, …).
 * - waiting: some active feed waits for the OS keychain to unlock (its token or password cannot be
 *   read yet). Nothing failed and nothing is retried: it waits on the user, so it ranks with what
 *   needs the user, below a stopped feed (an error) and above what resolves by itself.
 * - offline: no feed is open and every feed that is trying to connect fails with a network error
 *   (the machine, not the servers, is the likely problem). Stopped feeds do not contradict that,
 *   but they still win, because they need the user.
 * - retrying: some active feed is connecting or backing off.
 * - ok: every active feed is open.
 */
import type { ConnectionState, Feed, FeedStatus } from '../types.ts'

export type Health = 'idle' | 'ok' | 'retrying' | 'waiting' | 'stopped' | 'offline'

/** A feed's state as the tray sees it: paused when the feed is, connecting before any status. */
export function effectiveState(feed: Feed, status: FeedStatus | undefined): ConnectionState {
  if (feed.paused) return 'paused'
  return status?.state ?? 'connecting'
}

/** Not connecting at all: its token or password waits for the OS keychain to unlock. */
export function waitingForKeychain(state: ConnectionState, status: FeedStatus | undefined): boolean {
  return state === 'connecting' && status?.waitingFor === 'keychain'
}

/** Connecting or backing off after a network error. */
export function failingOnNetwork(state: ConnectionState, status: FeedStatus | undefined): boolean {
  return (state === 'connecting' || state === 'backoff') && status?.lastError?.kind === 'network'
}

/** How many feeds are in each state, and whether every active one fails on the network. */
export interface HealthCounts {
  open: number
  /** Connecting or backing off (not waiting for the keychain). */
  retrying: number
  /** Waiting for the OS keychain to unlock. */
  waiting: number
  stopped: number
  paused: number
  /** Active (not paused) feeds. */
  active: number
  /** Active feeds connecting/backing off after a network error. */
  offline: number
}

export function countStates(feeds: readonly Feed[], statuses: Record<string, FeedStatus>): HealthCounts {
  const counts: HealthCounts = { open: 0, retrying: 0, waiting: 0, stopped: 0, paused: 0, active: 0, offline: 0 }
  for (const feed of feeds) {
    const status = statuses[feed.id]
    const state = effectiveState(feed, status)
    if (state === 'paused') {
      counts.paused++
      continue
    }
    counts.active++
    if (state === 'open') counts.open++
    else if (state === 'stopped') counts.stopped++
    else if (waitingForKeychain(state, status)) counts.waiting++
    else counts.retrying++
    if (failingOnNetwork(state, status)) counts.offline++
  }
  return counts
}

/** No feed is open, and every feed trying to connect fails on the network: the machine is offline. */
export function isOffline(counts: HealthCounts): boolean {
  return counts.open === 0 && counts.retrying > 0 && counts.offline === counts.retrying
}

/** The worst state wins (see the module comment for the precedence). */
export function healthOf(counts: HealthCounts): Health {
  if (counts.active === 0) return 'idle'
  if (counts.stopped > 0) return 'stopped'
  if (counts.waiting > 0) return 'waiting'
  if (isOffline(counts)) return 'offline'
  if (counts.retrying > 0) return 'retrying'
  return 'ok'
}
