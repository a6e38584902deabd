/**
 * What the service knows about its feeds, in memory: the definitions (saved to the settings file
 * on change), each feed's last status, when it last stored an event (across restarts), whether a
 * secret is stored, and the unread counts — and the view of a feed the window and CLI receive.
 * Every change that the window shows is pushed on the bus.
 */
import type { FeedDto, UnreadDto } from '../../../preload/dto.ts'
import type { Badge, Clock, SecretStore, SettingsStore } from '../ports.ts'
import type { History } from '../history/index.ts'
import { FeedInputError } from '../feeds/url.ts'
import type { Feed, FeedStatus } from '../types.ts'
import { secretKey } from './deps.ts'
import type { PushBus } from './push-bus.ts'

/** A status for a feed that has no live connection (paused, or not started yet). */
export function idleStatus(feed: Feed, now: number): FeedStatus {
  return {
    feedId: feed.id,
    state: feed.paused ? 'paused' : 'connecting',
    since: now,
    stopReason: null,
    lastEventAt: null,
    lastError: null,
    nextRetryAt: null,
    stallLimitMs: 0,
    counters: { events: 0, reconnects: 0, bytes: 0, dropped: 0 },
    lastGap: null,
  }
}

export interface FeedState {
  list(): Feed[]
  /** The feed, or FeedInputError naming the id. */
  require(id: string): Feed
  /** The feed's current definition (it may have been renamed since a connection started). */
  current(feed: Feed): Feed
  /** Saves a new list to the settings file and pushes it. */
  save(next: Feed[]): void
  /** Takes a list another process saved (no write). */
  adopt(next: Feed[]): void
  view(feed: Feed): FeedDto
  pushList(): void
  /**
   * Last known status (live, or idle), with what a restart would otherwise forget filled in from
   * history: the last stored event's time and the last connection error.
   */
  withHistory(status: FeedStatus): FeedStatus
  /** Keeps a status's new connection error in history, so "last error" survives a restart. */
  rememberError(status: FeedStatus): void
  statuses: Map<string, FeedStatus>
  /** Records an idle status for a feed without a connection (and returns it). */
  idle(feed: Feed): FeedStatus
  storedAt(feedId: string, at: number): void
  /** Forgets what was known of a feed's events (history cleared or removed). */
  forgetHistory(feedId: string): void
  /** Forgets everything known of a removed feed. */
  forgetFeed(feedId: string): void
  hasSecret: Set<string>
  /** Re-reads whether a feed has a secret stored (after another process changed it). */
  refreshSecret(feed: Feed): void
  unread(): UnreadDto
  /** Recounts unread events (the database's count), sets the badge and pushes it. */
  recount(): void
}

export function createFeedState(deps: { settings: SettingsStore; secrets: SecretStore; history: History; badge: Badge; clock: Clock; bus: PushBus }): FeedState {
  const { settings, secrets, history, badge, clock, bus } = deps
  let feeds: Feed[] = settings.getFeeds()
  let unread: UnreadDto = history.unread()
  const statuses = new Map<string, FeedStatus>()
  /**
   * Which feeds have a secret stored. Kept here because asking the store may decrypt (the OS
   * keychain in the app), and the feed list is sent to the window on every change.
   */
  const hasSecret = new Set(feeds.filter((f) => f.auth.kind !== 'none' && secrets.has(secretKey(f.id))).map((f) => f.id))

  /** When each feed last stored an event, across restarts (a live status starts knowing nothing). */
  const lastStoredAt = new Map<string, number | null>()
  const lastEventOf = (feedId: string): number | null => {
    if (!lastStoredAt.has(feedId)) lastStoredAt.set(feedId, history.query({ feedId, limit: 1 }).events[0]?.receivedAt ?? null)
    return lastStoredAt.get(feedId) ?? null
  }
  /** Each feed's last connection error as stored (read once; kept current by rememberError). */
  const lastErrors = new Map(Object.entries(history.feedErrors()))
  const withHistory = (status: FeedStatus): FeedStatus => {
    const lastEventAt = status.lastEventAt ?? lastEventOf(status.feedId)
    const lastError = status.lastError ?? lastErrors.get(status.feedId) ?? null
    return lastEventAt === status.lastEventAt && lastError === status.lastError ? status : { ...status, lastEventAt, lastError }
  }
  function rememberError(status: FeedStatus): void {
    const error = status.lastError
    const known = lastErrors.get(status.feedId)
    if (error === null || (known !== undefined && known.at === error.at && known.kind === error.kind)) return
    lastErrors.set(status.feedId, error)
    try {
      history.recordFeedError(status.feedId, error)
    } catch {
      // A busy or full disk: the error is still shown now, only a restart would forget it.
    }
  }
  const statusOf = (feed: Feed): FeedStatus => withHistory(statuses.get(feed.id) ?? idleStatus(feed, clock.now()))
  const view = (feed: Feed): FeedDto => ({ ...feed, status: statusOf(feed), unread: unread.byFeed[feed.id] ?? 0, hasSecret: hasSecret.has(feed.id) })
  const sorted = (list: Feed[]) => [...list].sort((a, b) => a.order - b.order)

  const state: FeedState = {
    list: () => feeds,
    require(id) {
      const feed = feeds.find((f) => f.id === id)
      if (!feed) throw new FeedInputError(`There is no feed with id "${id}".`)
      return feed
    },
    current: (feed) => feeds.find((f) => f.id === feed.id) ?? feed,
    save(next) {
      feeds = sorted(next)
      settings.setFeeds(feeds)
      state.pushList()
    },
    adopt(next) {
      feeds = sorted(next)
    },
    view,
    pushList: () => bus.emit('feeds:changed', feeds.map(view)),
    withHistory,
    rememberError,
    statuses,
    idle(feed) {
      const status = idleStatus(feed, clock.now())
      statuses.set(feed.id, status)
      return status
    },
    storedAt: (feedId, at) => lastStoredAt.set(feedId, at),
    forgetHistory: (feedId) => lastStoredAt.delete(feedId),
    forgetFeed(feedId) {
      lastStoredAt.delete(feedId)
      lastErrors.delete(feedId)
    },
    hasSecret,
    refreshSecret(feed) {
      if (feed.auth.kind !== 'none' && secrets.has(secretKey(feed.id))) hasSecret.add(feed.id)
      else hasSecret.delete(feed.id)
    },
    unread: () => unread,
    recount() {
      unread = history.unread()
      badge.set(unread.total)
      bus.emit('unread:changed', unread)
    },
  }
  return state
}
