/**
 * The Tidings service: glues feeds, streams, history and alerts, and answers the bridge contract.
 * Hosts (Electron's IPC routes, the CLI, browser tests) build the ports and hand them in; this file
 * holds no OS knowledge. One event's path: stream → history.append (event + cursor, one
 * transaction) → alerts / unread badge / 'events:new'.
 */
import type { Pushes } from '../../preload/contract.ts'
import type { FeedDto, ImportResultDto, UnreadDto } from '../../preload/dto.ts'
import { createAlerts } from './alerts/index.ts'
import { applyFeedInput } from './feeds/feed.ts'
import { authorizationHeader } from './feeds/headers.ts'
import { subscriptionUrl, suggestPreset } from './feeds/presets.ts'
import { exportFeeds, parseFeedsExport, parseNtfySubscriptions, type ParsedImport } from './feeds/transfer.ts'
import { FeedInputError } from './feeds/url.ts'
import type { History } from './history/index.ts'
import type { HistoryWriter } from './history/writer.ts'
import type { Badge, Clock, FetchLike, Notifier, SecretStore, SettingsStore } from './ports.ts'
import { systemClock } from './ports.ts'
import { probeFeed } from './probe.ts'
import type { Handlers, TidingsService } from './service-api.ts'
import { mergeAppSettings } from './settings/store.ts'
import { resolveLocale } from './locale.ts'
import { createDefaultFetch, subscribe, type Subscription } from './stream/index.ts'
import type { Feed, FeedInput, FeedStatus, StoredEvent } from './types.ts'

export interface TidingsDeps {
  settings: SettingsStore
  secrets: SecretStore
  history: History
  /**
   * Appends on a worker thread (history/writer.ts), keeping storage off the thread that serves the
   * window. Without it, appends run on `history` synchronously.
   */
  writer?: HistoryWriter
  notifier: Notifier
  badge: Badge
  clock?: Clock
  fetch?: FetchLike
  info: { version: string; platform: string; locale: string }
  /** Opens an http(s) URL in the user's browser (the app); absent in the CLI. */
  openUrl?: (url: string) => void
}

const secretKey = (feedId: string) => `feed:${feedId}`

/** A status for a feed that has no live connection (paused, or not started yet). */
function idleStatus(feed: Feed, now: number): FeedStatus {
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

function unknownFeed(id: string): Error {
  return new FeedInputError(`There is no feed with id "${id}".`)
}

export function createTidings(deps: TidingsDeps): TidingsService {
  const { settings, secrets, history, notifier, badge, info } = deps
  const clock = deps.clock ?? systemClock
  const fetch = deps.fetch ?? createDefaultFetch()
  const listeners = new Map<keyof Pushes, Set<(...args: never[]) => void>>()
  const subscriptions = new Map<string, Subscription>()
  const statuses = new Map<string, FeedStatus>()
  let feeds: Feed[] = settings.getFeeds()
  let unread: UnreadDto = history.unread()
  /** App settings live in memory: alerts read them per stored batch, the file is written on change. */
  let appSettings = settings.getApp()
  let started = false
  /** Age retention also reaches quiet feeds: a bounded prune step every minute. */
  let pruneTimer: ReturnType<typeof setInterval> | undefined
  const alerts = createAlerts({ notifier, clock, settings: () => appSettings, locale: () => resolveLocale(appSettings.language, info.locale) })

  function emit<C extends keyof Pushes>(channel: C, ...args: Parameters<Pushes[C]>): void {
    for (const listener of listeners.get(channel) ?? []) {
      try {
        ;(listener as unknown as (...a: Parameters<Pushes[C]>) => void)(...args)
      } catch {
        // A failing listener (a closed window) must not break the event path.
      }
    }
  }

  /** Both connections keep retention: the writer's appends apply it, `history` prunes by age. */
  function applyRetention(feedId: string, policy: Feed['retention']): void {
    history.setRetention(feedId, policy)
    deps.writer?.setRetention(feedId, policy).catch(() => {
      // The writer reports a broken thread through append(); retention is retried at next start.
    })
  }

  /**
   * Which feeds have a secret stored. Kept here because asking the store decrypts (the OS keychain
   * in the app), and the feed list is sent to the window on every change.
   */
  const withSecret = new Set(feeds.filter((f) => f.auth.kind !== 'none' && secrets.has(secretKey(f.id))).map((f) => f.id))
  const dropSecret = async (feedId: string) => {
    withSecret.delete(feedId)
    await secrets.delete(secretKey(feedId))
  }
  /**
   * Feeds whose connection waits for their secret (the OS keychain may be locked or slow at login):
   * one token per wait, so a pause, edit or removal in between cancels it.
   */
  const awaitingSecret = new Map<string, symbol>()

  const findFeed = (id: string): Feed => {
    const feed = feeds.find((f) => f.id === id)
    if (!feed) throw unknownFeed(id)
    return feed
  }

  /** When each feed last stored an event, across restarts (a live status starts knowing nothing). */
  const lastStoredAt = new Map<string, number | null>()
  const lastEventOf = (feedId: string): number | null => {
    if (!lastStoredAt.has(feedId)) lastStoredAt.set(feedId, history.query({ feedId, limit: 1 }).events[0]?.receivedAt ?? null)
    return lastStoredAt.get(feedId) ?? null
  }
  const withHistory = (status: FeedStatus): FeedStatus =>
    status.lastEventAt === null && lastEventOf(status.feedId) !== null ? { ...status, lastEventAt: lastEventOf(status.feedId) } : status

  const statusOf = (feed: Feed): FeedStatus => withHistory(statuses.get(feed.id) ?? idleStatus(feed, clock.now()))

  function view(feed: Feed): FeedDto {
    return { ...feed, status: statusOf(feed), unread: unread.byFeed[feed.id] ?? 0, hasSecret: withSecret.has(feed.id) }
  }

  function saveFeeds(next: Feed[]): void {
    feeds = [...next].sort((a, b) => a.order - b.order)
    settings.setFeeds(feeds)
    emit('feeds:changed', feeds.map(view))
  }

  function setUnread(next: UnreadDto): void {
    unread = next
    badge.set(unread.total)
    emit('unread:changed', unread)
  }

  function onStored(feed: Feed, stored: StoredEvent[]): void {
    if (stored.length === 0) return
    lastStoredAt.set(feed.id, stored.at(-1)!.receivedAt)
    // Counted by the database (feed_stats, one cheap row per feed): an in-memory sum could count a
    // batch twice when the writer thread's commit and a recount cross.
    setUnread(history.unread())
    emit('events:new', stored)
    alerts.onStored(feed, stored)
  }

  function setStatus(feed: Feed, status: FeedStatus): void {
    statuses.set(feed.id, status)
    emit('feeds:status', status)
    alerts.onStatus(findFeedOr(feed), status)
  }

  /**
   * Connects a feed once its secret can be read. A feed never connects without a secret it has
   * (that would end in "sign-in rejected"): while the keychain is not ready it shows
   * `waitingFor: 'keychain'`; a secret that can never be read stops it, asking for the secret again.
   */
  function connect(feed: Feed): void {
    if (feed.paused || subscriptions.has(feed.id) || awaitingSecret.has(feed.id)) return
    if (feed.auth.kind === 'none') return open(feed, null)
    const token = Symbol(feed.id)
    awaitingSecret.set(feed.id, token)
    let settled = false
    const current = () => awaitingSecret.get(feed.id) === token
    secrets.get(secretKey(feed.id)).then(
      (secret) => {
        settled = true
        if (!current()) return
        awaitingSecret.delete(feed.id)
        open(feed, secret)
      },
      (error: unknown) => {
        settled = true
        if (!current()) return
        awaitingSecret.delete(feed.id)
        const now = clock.now()
        const message = error instanceof Error ? error.message : String(error)
        setStatus(feed, { ...idleStatus(feed, now), state: 'stopped', stopReason: 'auth', lastError: { kind: 'auth', code: 'secret-unreadable', message, at: now } })
      },
    )
    // A store that answers at once (the CLI's file) never shows the waiting state.
    setImmediate(() => {
      if (!settled && current()) setStatus(feed, { ...idleStatus(feed, clock.now()), waitingFor: 'keychain' })
    })
  }

  function open(feed: Feed, secret: string | null): void {
    const subscription = subscribe(
      {
        feed: { ...feed, url: subscriptionUrl(feed.url, feed.preset) },
        authorization: authorizationHeader(feed.auth, secret),
        cursor: history.cursor(feed.id),
        deliver(events, cursor, attempt) {
          // A writer thread that could not start or crashed is bypassed: the refused batches were not
          // acknowledged, so the reconnect stores them here, on this thread.
          if (deps.writer && !deps.writer.broken()) {
            return deps.writer.append(feed.id, attempt, events, cursor).then((stored) => onStored(findFeedOr(feed), stored))
          }
          onStored(findFeedOr(feed), history.append(feed.id, events, cursor))
        },
        onStatus(live) {
          setStatus(feed, withHistory(live))
        },
        onGap(gap) {
          history.recordGap(gap)
        },
      },
      { fetch, clock },
    )
    subscriptions.set(feed.id, subscription)
    statuses.set(feed.id, subscription.status())
  }

  /** The feed's current definition (it may have been renamed since the connection started). */
  const findFeedOr = (feed: Feed): Feed => feeds.find((f) => f.id === feed.id) ?? feed

  async function disconnect(feedId: string): Promise<void> {
    awaitingSecret.delete(feedId)
    const subscription = subscriptions.get(feedId)
    if (!subscription) return
    subscriptions.delete(feedId)
    await subscription.close()
  }

  /**
   * Runs one feed's lifecycle steps (pause, resume, edit, remove) one after another: closing a
   * connection waits for its events to be stored, and a step that overlapped it would resume from
   * a stale point or revive a removed feed.
   */
  const lifecycle = new Map<string, Promise<unknown>>()
  function serial<T>(feedId: string, step: () => Promise<T>): Promise<T> {
    const next = (lifecycle.get(feedId) ?? Promise.resolve()).then(step, step)
    const tail = next.catch(() => undefined)
    lifecycle.set(feedId, tail)
    void tail.then(() => {
      if (lifecycle.get(feedId) === tail) lifecycle.delete(feedId)
    })
    return next
  }

  /** Restart a feed's connection so a changed URL, header, secret or pause state takes effect. */
  async function reconnect(feedId: string): Promise<void> {
    await disconnect(feedId)
    const feed = feeds.find((f) => f.id === feedId) // its definition now, if it still exists
    if (!feed) return
    statuses.set(feed.id, idleStatus(feed, clock.now()))
    emit('feeds:status', statuses.get(feed.id)!)
    if (started) connect(feed)
  }

  async function storeSecret(feedId: string, input: FeedInput, feed: Feed): Promise<void> {
    if (feed.auth.kind === 'none') await dropSecret(feedId)
    else if (input.secret !== undefined && input.secret !== '') {
      await secrets.set(secretKey(feedId), input.secret)
      withSecret.add(feedId)
    }
  }

  async function addFeed(input: FeedInput): Promise<FeedDto> {
    const order = feeds.reduce((max, f) => Math.max(max, f.order), -1) + 1
    const feed = applyFeedInput(input, null, { now: clock.now(), order })
    await storeSecret(feed.id, input, feed)
    try {
      saveFeeds([...feeds, feed])
    } catch (error) {
      await dropSecret(feed.id) // no secret without its feed
      throw error
    }
    applyRetention(feed.id, feed.retention)
    statuses.set(feed.id, idleStatus(feed, clock.now()))
    if (started) connect(feed)
    return view(feed)
  }

  async function importInputs(parsed: ParsedImport): Promise<ImportResultDto> {
    const result: ImportResultDto = { added: 0, skipped: 0, errors: [...parsed.errors] }
    for (const input of parsed.inputs) {
      if (feeds.some((f) => f.url === input.url || f.url === safeUrl(input.url))) {
        result.skipped += 1
        continue
      }
      try {
        await addFeed(input)
        result.added += 1
      } catch (error) {
        result.errors.push(`${input.url}: ${(error as Error).message}`)
      }
    }
    return result
  }

  /** Fields whose change needs a new connection. */
  const connectionFields = ['url', 'preset', 'headers', 'auth', 'eventTypes', 'paused', 'stallTimeoutSec', 'maxEventBytes', 'caCertificate'] as const
  const differs = <K extends keyof Feed>(a: Feed, b: Feed, keys: readonly K[]) => keys.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))

  /** The feed list as another process left it in the settings file (see TidingsService.reloadFeeds). */
  async function reloadFeeds(): Promise<void> {
    const next = [...settings.getFeeds()].sort((a, b) => a.order - b.order)
    if (JSON.stringify(next) === JSON.stringify(feeds)) return
    const before = new Map(feeds.map((f) => [f.id, f]))
    const after = new Map(next.map((f) => [f.id, f]))
    feeds = next
    const steps: Promise<unknown>[] = []
    for (const [id] of before) {
      if (after.has(id)) continue
      steps.push(serial(id, async () => {
        await disconnect(id)
        alerts.forget(id)
        statuses.delete(id)
        withSecret.delete(id)
        lastStoredAt.delete(id)
      }))
    }
    for (const feed of next) {
      const old = before.get(feed.id)
      if (old && !differs(old, feed, connectionFields) && JSON.stringify(old.retention) === JSON.stringify(feed.retention)) continue
      if (feed.auth.kind !== 'none' && secrets.has(secretKey(feed.id))) withSecret.add(feed.id)
      else withSecret.delete(feed.id)
      if (!old || JSON.stringify(old.retention) !== JSON.stringify(feed.retention)) applyRetention(feed.id, feed.retention)
      if (!old) {
        statuses.set(feed.id, idleStatus(feed, clock.now()))
        if (started) connect(feed)
      } else if (differs(old, feed, connectionFields)) steps.push(serial(feed.id, () => reconnect(feed.id)))
    }
    await Promise.all(steps)
    setUnread(history.unread()) // the other process may have removed a feed's history
    emit('feeds:changed', feeds.map(view))
  }

  const handlers: Handlers = {
    'feeds:list': async () => feeds.map(view),
    'feeds:add': addFeed,
    'feeds:update': (id, input) => serial(id, async () => {
      const base = findFeed(id)
      const feed = applyFeedInput({ ...input, url: input.url || base.url }, base, { now: clock.now(), order: base.order })
      await storeSecret(id, input, feed)
      if (JSON.stringify(base.retention) !== JSON.stringify(feed.retention)) applyRetention(id, feed.retention)
      saveFeeds(feeds.map((f) => (f.id === id ? feed : f)))
      if (input.secret || differs(base, feed, connectionFields)) await reconnect(id)
      return view(feeds.find((f) => f.id === id) ?? feed)
    }),
    'feeds:remove': (id) => serial(id, async () => {
      findFeed(id)
      // The settings file first: if it cannot be written, nothing else is lost.
      saveFeeds(feeds.filter((f) => f.id !== id))
      await disconnect(id)
      alerts.forget(id)
      statuses.delete(id)
      await dropSecret(id)
      history.deleteFeed(id)
      lastStoredAt.delete(id)
      setUnread(history.unread())
    }),
    'feeds:pause': (id) => serial(id, async () => {
      const feed = { ...findFeed(id), paused: true }
      saveFeeds(feeds.map((f) => (f.id === id ? feed : f)))
      await reconnect(id)
    }),
    'feeds:resume': (id) => serial(id, async () => {
      const feed = { ...findFeed(id), paused: false }
      saveFeeds(feeds.map((f) => (f.id === id ? feed : f)))
      const live = subscriptions.get(id)
      if (live) live.resume()
      else await reconnect(id)
    }),
    'feeds:reorder': async (ids) => {
      const position = new Map(ids.map((id, i) => [id, i]))
      saveFeeds(feeds.map((f) => ({ ...f, order: position.get(f.id) ?? ids.length + f.order })))
    },
    'feeds:test': async (input) => {
      const feed = applyFeedInput(input, null, { now: clock.now(), order: 0 })
      const secret = input.secret || null
      const target = { ...feed, url: subscriptionUrl(feed.url, feed.preset) }
      return { ...(await probeFeed(target, authorizationHeader(feed.auth, secret), { fetch, clock })), suggestedPreset: suggestPreset(feed.url) }
    },
    'feeds:export': async (includeSecrets) => {
      if (!includeSecrets) return exportFeeds(feeds, clock.now())
      const known = new Map<string, string | null>()
      for (const feed of feeds) if (withSecret.has(feed.id)) known.set(feed.id, await secrets.get(secretKey(feed.id)))
      return exportFeeds(feeds, clock.now(), (id) => known.get(id) ?? null)
    },
    'feeds:import': async (json) => importInputs(parseFeedsExport(json)),
    'feeds:import-ntfy': async (json) => importInputs(parseNtfySubscriptions(json)),
    'history:query': async (query) => history.query(query),
    'history:get': async (seq) => history.get(seq),
    'history:types': async (feedId) => history.types(feedId),
    'history:mark-read': async (target) => {
      history.markRead(target)
      setUnread(history.unread())
    },
    'history:clear': async (feedId) => {
      findFeed(feedId)
      history.clearFeed(feedId)
      lastStoredAt.delete(feedId)
      setUnread(history.unread())
    },
    'history:gaps': async (feedId) => history.gaps(feedId),
    'settings:get': async () => appSettings,
    'settings:set': async (patch) => {
      const next = mergeAppSettings(appSettings, patch)
      settings.setApp(next)
      appSettings = next
      emit('settings:changed', next)
      return next
    },
    'app:unread': async () => unread,
    'app:info': async () => ({ ...info, fts: history.fts }),
    'app:open-url': async (url) => {
      const parsed = new URL(url)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('Only http and https links open.')
      deps.openUrl?.(parsed.toString())
    },
  }

  return {
    handlers,
    on(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    async start() {
      if (started) return
      started = true
      pruneTimer = setInterval(() => {
        try {
          if (history.prune() > 0) setUnread(history.unread())
        } catch {
          // A busy or failing disk is retried next minute; appends report their own errors.
        }
      }, 60_000)
      pruneTimer.unref?.()
      for (const feed of feeds) {
        applyRetention(feed.id, feed.retention)
        connect(feed)
      }
      setUnread(history.unread())
      emit('feeds:changed', feeds.map(view))
    },
    reloadFeeds,
    wake(_reason) {
      for (const subscription of subscriptions.values()) subscription.wake()
    },
    async setAllPaused(paused) {
      for (const feed of feeds) {
        if (feed.paused !== paused) await handlers[paused ? 'feeds:pause' : 'feeds:resume'](feed.id)
      }
    },
    async stop() {
      started = false
      clearInterval(pruneTimer)
      await Promise.all([...subscriptions.keys()].map(disconnect))
      alerts.dispose()
    },
  }
}

function safeUrl(url: string): string {
  try {
    return new URL(url).toString()
  } catch {
    return url
  }
}
