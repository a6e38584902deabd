/**
 * The bridge contract's invoke channels, answered: feed CRUD (each feed's steps in order), import
 * and export, "Test connection", history, settings, app info. Input is checked by the feed model;
 * a bad value is a FeedInputError with words for the user, and changes nothing.
 */
import type { FeedDto, ImportResultDto } from '../../../preload/dto.ts'
import { applyFeedInput } from '../feeds/feed.ts'
import { authorizationHeader } from '../feeds/headers.ts'
import { subscriptionUrl, suggestPreset } from '../feeds/presets.ts'
import { exportFeeds, parseFeedsExport, parseNtfySubscriptions, type ParsedImport } from '../feeds/transfer.ts'
import { probeFeed } from '../probe.ts'
import type { Handlers } from '../service-api.ts'
import { mergeAppSettings } from '../settings/store.ts'
import type { Feed, FeedInput } from '../types.ts'
import { applyRetention, dropSecret, type ServiceContext } from './context.ts'
import { secretKey } from './deps.ts'
import { connectionChanged, retentionChanged } from './feed-changes.ts'

function safeUrl(url: string): string {
  try {
    return new URL(url).toString()
  } catch {
    return url
  }
}

export function createRoutes(ctx: ServiceContext): Handlers {
  const { deps, clock, fetch, locale, state, connections, serial, bus, alerts } = ctx
  const { history, secrets } = deps

  async function storeSecret(feedId: string, input: FeedInput, feed: Feed): Promise<void> {
    if (feed.auth.kind === 'none') await dropSecret(ctx, feedId)
    else if (input.secret !== undefined && input.secret !== '') {
      await secrets.set(secretKey(feedId), input.secret)
      state.hasSecret.add(feedId)
    }
  }

  async function addFeed(input: FeedInput): Promise<FeedDto> {
    const feeds = state.list()
    const order = feeds.reduce((max, f) => Math.max(max, f.order), -1) + 1
    const feed = applyFeedInput(input, null, { now: clock.now(), order })
    await storeSecret(feed.id, input, feed)
    try {
      state.save([...state.list(), feed])
    } catch (error) {
      await dropSecret(ctx, feed.id) // no secret without its feed
      throw error
    }
    applyRetention(ctx, feed.id, feed.retention)
    state.idle(feed)
    if (connections.started) connections.connect(feed, true)
    return state.view(feed)
  }

  async function importInputs(parsed: ParsedImport): Promise<ImportResultDto> {
    const result: ImportResultDto = { added: 0, skipped: 0, errors: [...parsed.errors] }
    for (const input of parsed.inputs) {
      if (state.list().some((f) => f.url === input.url || f.url === safeUrl(input.url))) {
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

  const replace = (id: string, feed: Feed) => state.save(state.list().map((f) => (f.id === id ? feed : f)))

  return {
    'feeds:list': async () => state.list().map((f) => state.view(f)),
    'feeds:add': addFeed,
    'feeds:update': (id, input) => serial(id, async () => {
      const base = state.require(id)
      const feed = applyFeedInput({ ...input, url: input.url || base.url }, base, { now: clock.now(), order: base.order })
      await storeSecret(id, input, feed)
      if (retentionChanged(base, feed)) applyRetention(ctx, id, feed.retention)
      replace(id, feed)
      if (input.secret || connectionChanged(base, feed)) await connections.reconnect(id)
      return state.view(state.list().find((f) => f.id === id) ?? feed)
    }),
    'feeds:remove': (id) => serial(id, async () => {
      state.require(id)
      // The settings file first: if it cannot be written, nothing else is lost.
      state.save(state.list().filter((f) => f.id !== id))
      await connections.disconnect(id)
      alerts.forget(id)
      state.statuses.delete(id)
      await dropSecret(ctx, id)
      history.deleteFeed(id)
      state.forgetFeed(id)
      state.recount()
    }),
    'feeds:pause': (id) => serial(id, async () => {
      replace(id, { ...state.require(id), paused: true })
      await connections.reconnect(id)
    }),
    'feeds:resume': (id) => serial(id, async () => {
      replace(id, { ...state.require(id), paused: false })
      const live = connections.get(id)
      if (live) live.resume()
      else await connections.reconnect(id)
    }),
    'feeds:reorder': async (ids) => {
      const position = new Map(ids.map((id, i) => [id, i]))
      state.save(state.list().map((f) => ({ ...f, order: position.get(f.id) ?? ids.length + f.order })))
    },
    'feeds:test': async (input) => {
      const feed = applyFeedInput(input, null, { now: clock.now(), order: 0 })
      const secret = input.secret || null
      const target = { ...feed, url: subscriptionUrl(feed.url, feed.preset) }
      return { ...(await probeFeed(target, authorizationHeader(feed.auth, secret), { fetch, clock, locale, ...(deps.proxy ? { proxy: deps.proxy } : {}) })), suggestedPreset: suggestPreset(feed.url) }
    },
    'feeds:export': async (includeSecrets) => {
      const feeds = state.list()
      if (!includeSecrets) return exportFeeds(feeds, clock.now())
      const known = new Map<string, string | null>()
      for (const feed of feeds) if (state.hasSecret.has(feed.id)) known.set(feed.id, await secrets.get(secretKey(feed.id)))
      return exportFeeds(feeds, clock.now(), (id) => known.get(id) ?? null)
    },
    'feeds:import': async (json) => importInputs(parseFeedsExport(json)),
    'feeds:import-ntfy': async (json) => importInputs(parseNtfySubscriptions(json)),
    'history:query': async (query) => history.query(query),
    'history:get': async (seq) => history.get(seq),
    'history:types': async (feedId) => history.types(feedId),
    'history:mark-read': async (target) => {
      // During a burst the writer thread holds the write lock: let it mark them, after the batches
      // before, rather than sleep here for the lock. Marking twice is harmless, so a thread that
      // failed to is simply done over on this connection.
      const onThread = deps.writer?.markRead(target) ?? null
      if (onThread === null || !(await onThread.then(() => true, () => false))) history.markRead(target)
      state.recount()
    },
    'history:clear': async (feedId) => {
      state.require(feedId)
      history.clearFeed(feedId)
      state.forgetHistory(feedId)
      state.recount()
    },
    'history:gaps': async (feedId) => history.gaps(feedId),
    'settings:get': async () => ctx.app.get(),
    'settings:set': async (patch) => {
      const next = mergeAppSettings(ctx.app.get(), patch)
      deps.settings.setApp(next)
      ctx.app.set(next)
      bus.emit('settings:changed', next)
      return next
    },
    'app:unread': async () => state.unread(),
    'app:info': async () => ({ ...deps.info, fts: history.fts }),
    'app:open-url': async (url) => {
      const parsed = new URL(url)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('Only http and https links open.')
      deps.openUrl?.(parsed.toString())
    },
  }
}
