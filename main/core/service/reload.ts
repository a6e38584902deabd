/**
 * A feed list another process wrote (the app, `tidings feeds add` in another terminal), applied to
 * a running service: added feeds connect, removed ones close, edited ones reconnect when their
 * connection changed. The settings store is read as it is now; equal lists change nothing.
 */
import { applyRetention, type ServiceContext } from './context.ts'
import { diffFeeds } from './feed-changes.ts'

export async function reloadFeeds(ctx: ServiceContext): Promise<void> {
  const { state, connections, serial, alerts } = ctx
  const next = [...ctx.deps.settings.getFeeds()].sort((a, b) => a.order - b.order)
  if (JSON.stringify(next) === JSON.stringify(state.list())) return
  const changes = diffFeeds(state.list(), next)
  state.adopt(next)
  const steps: Promise<unknown>[] = changes.removed.map((id) => serial(id, async () => {
    await connections.disconnect(id)
    alerts.forget(id)
    state.statuses.delete(id)
    state.hasSecret.delete(id)
    state.forgetFeed(id)
  }))
  for (const feed of [...changes.added, ...changes.changed]) state.refreshSecret(feed)
  for (const feed of [...changes.added, ...changes.retention]) applyRetention(ctx, feed.id, feed.retention)
  for (const feed of changes.added) {
    state.idle(feed)
    if (connections.started) connections.connect(feed, true)
  }
  for (const feed of changes.reconnect) steps.push(serial(feed.id, () => connections.reconnect(feed.id)))
  await Promise.all(steps)
  state.recount() // the other process may have removed a feed's history
  state.pushList()
}
