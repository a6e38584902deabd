/**
 * The Tidings service: glues feeds, streams, history and alerts, and answers the bridge contract.
 * Hosts (Electron's IPC routes, the CLI, browser tests) build the ports and hand them in; this file
 * holds no OS knowledge. One event's path: stream → history.append (event + cursor, one
 * transaction) → alerts / unread badge / 'events:new'. The parts live in service/: what is known
 * of the feeds (feed-state), their connections, the routes, the push bus, the reload of a list
 * another process wrote, the prune timer.
 */
import { createAlerts } from './alerts/index.ts'
import { resolveLocale } from './locale.ts'
import { systemClock } from './ports.ts'
import type { TidingsService } from './service-api.ts'
import { createConnections } from './service/connections.ts'
import { applyRetention, type ServiceContext } from './service/context.ts'
import type { TidingsDeps } from './service/deps.ts'
import { createFeedState } from './service/feed-state.ts'
import { startPruneTimer } from './service/prune-timer.ts'
import { createPushBus } from './service/push-bus.ts'
import { reloadFeeds } from './service/reload.ts'
import { createRoutes } from './service/routes.ts'
import { createSerial } from './service/serial.ts'
import { createDefaultFetch } from './stream/index.ts'

export type { TidingsDeps }

export function createTidings(deps: TidingsDeps): TidingsService {
  const clock = deps.clock ?? systemClock
  const fetch = deps.fetch ?? createDefaultFetch()
  const bus = createPushBus()
  let appSettings = deps.settings.getApp()
  const locale = () => resolveLocale(appSettings.language, deps.info.locale)
  const alerts = createAlerts({ notifier: deps.notifier, clock, settings: () => appSettings, locale })
  const state = createFeedState({ settings: deps.settings, secrets: deps.secrets, history: deps.history, badge: deps.badge, clock, bus })
  const connections = createConnections({ deps, clock, fetch, locale, state, bus, alerts })
  const ctx: ServiceContext = {
    deps, clock, fetch, locale, bus, alerts, state, connections,
    serial: createSerial(),
    app: { get: () => appSettings, set: (next) => (appSettings = next) },
  }
  const handlers = createRoutes(ctx)
  let stopPruning: (() => void) | undefined

  return {
    handlers,
    on: bus.on,
    async start() {
      if (connections.started) return
      connections.started = true
      stopPruning = startPruneTimer(deps.history, () => state.recount())
      for (const feed of state.list()) {
        applyRetention(ctx, feed.id, feed.retention)
        connections.connect(feed)
      }
      state.recount()
      state.pushList()
    },
    reloadFeeds: () => reloadFeeds(ctx),
    wake(_reason) {
      const live = connections.all()
      // Feeds that slept through events replay them now: the writer thread (stopped after 30 s
      // idle) starts while they reconnect, not after their first batch.
      if (live.length > 0) deps.writer?.warm()
      for (const subscription of live) subscription.wake()
    },
    async setAllPaused(paused) {
      for (const feed of state.list()) {
        if (feed.paused !== paused) await handlers[paused ? 'feeds:pause' : 'feeds:resume'](feed.id)
      }
    },
    async stop() {
      connections.started = false
      stopPruning?.()
      await connections.closeAll()
      alerts.dispose()
    },
  }
}
