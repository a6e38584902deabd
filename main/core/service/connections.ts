/**
 * One live subscription per unpaused feed while the service runs, wired to the event path:
 * stream → history (writer thread, event + cursor in one transaction) → unread badge,
 * 'events:new', alerts. A feed with a secret connects only once the secret can be read.
 */
import type { Alerts } from '../alerts/index.ts'
import { authorizationHeader } from '../feeds/headers.ts'
import { DEFAULT_WAL_AUTOCHECKPOINT } from '../history/index.ts'
import { subscriptionUrl } from '../feeds/presets.ts'
import type { Locale } from '../locale.ts'
import type { Clock, FetchLike } from '../ports.ts'
import { subscribe, type Subscription } from '../stream/index.ts'
import { wireOf } from '../stream/transports.ts'
import type { Feed, FeedStatus, StoredEvent } from '../types.ts'
import { secretKey, type TidingsDeps } from './deps.ts'
import { idleStatus, type FeedState } from './feed-state.ts'
import type { PushBus } from './push-bus.ts'

export interface Connections {
  /** Whether feeds connect (between start and stop). */
  started: boolean
  /**
   * Connects a feed unless it is paused, connected or waiting for its secret. `added`: the feed is
   * new (added or imported now), and a new feed often brings its server's backlog at once.
   */
  connect(feed: Feed, added?: boolean): void
  /** Closes a feed's connection; resolves when what it received is stored. */
  disconnect(feedId: string): Promise<void>
  /** Restart a feed's connection so a changed URL, header, secret or pause state takes effect. */
  reconnect(feedId: string): Promise<void>
  /** The live subscription of a feed, if any. */
  get(feedId: string): Subscription | undefined
  all(): Subscription[]
  closeAll(): Promise<void>
}

export interface ConnectionsDeps {
  deps: Pick<TidingsDeps, 'secrets' | 'history' | 'writer' | 'proxy'>
  clock: Clock
  fetch: FetchLike
  /** The language of text the core makes itself (the example feed's events). */
  locale: () => Locale
  state: FeedState
  bus: PushBus
  alerts: Alerts
}

export function createConnections({ deps, clock, fetch, locale, state, bus, alerts }: ConnectionsDeps): Connections {
  const { secrets, history } = deps
  const subscriptions = new Map<string, Subscription>()
  /**
   * Feeds whose connection waits for their secret (the OS keychain may be locked or slow at login):
   * one token per wait, so a pause, edit or removal in between cancels it.
   */
  const awaitingSecret = new Map<string, symbol>()

  function onStored(feed: Feed, stored: StoredEvent[]): void {
    if (stored.length === 0) return
    state.storedAt(feed.id, stored.at(-1)!.receivedAt)
    // Counted by the database (feed_stats, one cheap row per feed): an in-memory sum could count a
    // batch twice when the writer thread's commit and a recount cross.
    state.recount()
    bus.emit('events:new', stored)
    alerts.onStored(feed, stored)
  }

  function setStatus(feed: Feed, status: FeedStatus): void {
    state.rememberError(status)
    state.statuses.set(feed.id, status)
    bus.emit('feeds:status', status)
    alerts.onStatus(state.current(feed), status)
  }

  /**
   * Connects a feed once its secret can be read. A feed never connects without a secret it has
   * (that would end in "sign-in rejected"): while the keychain is not ready it shows
   * `waitingFor: 'keychain'`; a secret that can never be read stops it, asking for the secret again.
   */
  function connect(feed: Feed, added = false): void {
    if (feed.paused || subscriptions.has(feed.id) || awaitingSecret.has(feed.id)) return
    // Starting the writer thread now lets its start (~25 ms, more on a busy machine) pass while the
    // feed connects, instead of holding up the backlog's first batch.
    if (added) deps.writer?.warm()
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

  const canReplay = (feed: Feed) => {
    const wire = wireOf(feed)
    return wire !== 'websocket' && wire !== 'socketio'
  }

  function open(feed: Feed, secret: string | null): void {
    // A feed that resumes from a stored cursor (at start, on resume or after an edit) may replay at
    // once: its first batch need not wait for the thread to start. A feed without one does not
    // start it here (500 quiet feeds at the start of `tidings run` would hold a thread, ~18 MB the
    // process keeps even after it stops, that nothing needs yet) unless it was just added (see
    // connect), nor does each reconnect (a feed that keeps failing would keep a thread alive for
    // nothing); waking from sleep does (service.ts).
    const cursor = history.cursor(feed.id)
    if (cursor.lastEventId !== '' || cursor.since !== '') deps.writer?.warm()
    const subscription = subscribe(
      {
        feed: { ...feed, url: subscriptionUrl(feed.url, feed.preset) },
        authorization: authorizationHeader(feed.auth, secret),
        cursor,
        // A wire that cannot replay (plain WebSocket, Socket.IO) may have missed events since the
        // last one stored, in an earlier run too: its first open says so.
        missingSince: canReplay(feed) ? undefined : (state.withHistory(idleStatus(feed, clock.now())).lastEventAt ?? undefined),
        deliver(events, cursor, attempt) {
          // A writer thread that could not start or crashed is bypassed: the refused batches were not
          // acknowledged, so the reconnect stores them here, on this thread.
          if (deps.writer && !deps.writer.broken()) {
            return deps.writer.append(feed.id, attempt, events, cursor).then((stored) => onStored(state.current(feed), stored))
          }
          // This connection now takes the appends, and with them the checkpoints.
          history.setWalAutocheckpoint(DEFAULT_WAL_AUTOCHECKPOINT)
          onStored(state.current(feed), history.append(feed.id, events, cursor))
        },
        onStatus(live) {
          setStatus(feed, state.withHistory(live))
        },
        onGap(gap) {
          history.recordGap(gap)
        },
      },
      { fetch, clock, locale, ...(deps.proxy ? { proxy: deps.proxy } : {}) },
    )
    subscriptions.set(feed.id, subscription)
    state.statuses.set(feed.id, subscription.status())
  }

  async function disconnect(feedId: string): Promise<void> {
    awaitingSecret.delete(feedId)
    const subscription = subscriptions.get(feedId)
    if (!subscription) return
    subscriptions.delete(feedId)
    await subscription.close()
  }

  const connections: Connections = {
    started: false,
    connect,
    disconnect,
    async reconnect(feedId) {
      await disconnect(feedId)
      const feed = state.list().find((f) => f.id === feedId) // its definition now, if it still exists
      if (!feed) return
      bus.emit('feeds:status', state.idle(feed))
      if (connections.started) connect(feed)
    },
    get: (feedId) => subscriptions.get(feedId),
    all: () => [...subscriptions.values()],
    closeAll: async () => {
      await Promise.all([...subscriptions.keys()].map(disconnect))
    },
  }
  return connections
}
