/** The parts of a running service that its routes and its reload share (built by createTidings). */
import type { Alerts } from '../alerts/index.ts'
import type { Locale } from '../locale.ts'
import type { AppSettings, Clock, FetchLike } from '../ports.ts'
import type { Connections } from './connections.ts'
import type { RetentionPolicy } from '../types.ts'
import { secretKey, type TidingsDeps } from './deps.ts'
import type { FeedState } from './feed-state.ts'
import type { PushBus } from './push-bus.ts'
import type { Serial } from './serial.ts'

export interface ServiceContext {
  deps: TidingsDeps
  clock: Clock
  fetch: FetchLike
  /** The language the service speaks now (the setting, else the system's). */
  locale: () => Locale
  bus: PushBus
  alerts: Alerts
  state: FeedState
  connections: Connections
  serial: Serial
  /** App settings live in memory: alerts read them per stored batch, the file is written on change. */
  app: { get(): AppSettings; set(next: AppSettings): void }
}

/** Both connections keep retention: the writer's appends apply it, `history` prunes by age. */
export function applyRetention(ctx: ServiceContext, feedId: string, policy: RetentionPolicy): void {
  ctx.deps.history.setRetention(feedId, policy)
  ctx.deps.writer?.setRetention(feedId, policy).catch(() => {
    // The writer reports a broken thread through append(); retention is retried at next start.
  })
}

/** Forgets a feed's secret (also when the store cannot delete it, the feed no longer claims one). */
export async function dropSecret(ctx: ServiceContext, feedId: string): Promise<void> {
  ctx.state.hasSecret.delete(feedId)
  await ctx.deps.secrets.delete(secretKey(feedId))
}
