/**
 * "Test connection": opens the feed's stream once, without storing anything, and reports the
 * first events or the exact error. Uses the same stream code as a real subscription, so what the
 * test says is what the subscription will meet.
 */
import type { TestResultDto } from '../../preload/dto.ts'
import type { Locale } from './locale.ts'
import type { Clock, FetchLike, ProxyResolver } from './ports.ts'
import { subscribe } from './stream/index.ts'
import { wireOf } from './stream/transports.ts'
import type { Feed, FeedEvent, FeedStatus } from './types.ts'

export interface ProbeOptions {
  fetch: FetchLike
  clock: Clock
  /** The proxy of WebSocket and Socket.IO feeds (as for a subscription); the environment's when absent. */
  proxy?: ProxyResolver
  /** The language of events Tidings makes itself (the example feed). */
  locale?: () => Locale
  /** Give up waiting for the connection after this long. */
  connectTimeoutMs?: number
  /** Once open, wait this long for first events. */
  listenMs?: number
  maxEvents?: number
}

export async function probeFeed(feed: Feed, authorization: string | null, options: ProbeOptions): Promise<Omit<TestResultDto, 'suggestedPreset'>> {
  const { connectTimeoutMs = 10_000, listenMs = 3_000, maxEvents = 5 } = options
  const events: FeedEvent[] = []
  let finish: (status: FeedStatus | null) => void = () => {}
  const done = new Promise<FeedStatus | null>((resolve) => (finish = resolve))
  let openTimer: ReturnType<typeof setTimeout> | undefined
  const subscription = subscribe(
    {
      feed: { ...feed, paused: false },
      authorization,
      cursor: { lastEventId: '', since: '' },
      deliver(batch) {
        events.push(...batch)
        if (events.length >= maxEvents) finish(subscription.status())
      },
      onStatus(status) {
        if (status.state === 'open' && openTimer === undefined) openTimer = setTimeout(() => finish(status), listenMs)
        if ((status.state === 'backoff' || status.state === 'stopped') && status.lastError) finish(status)
      },
      onGap() {},
    },
    { fetch: options.fetch, clock: options.clock, ...(options.proxy ? { proxy: options.proxy } : {}), ...(options.locale ? { locale: options.locale } : {}) },
  )
  const overall = setTimeout(() => finish(null), connectTimeoutMs + listenMs)
  const status = await done
  clearTimeout(overall)
  clearTimeout(openTimer)
  await subscription.close()
  // A server that sends a few events and closes is fine for a test: the subscription reconnects.
  const ended = status?.lastError?.kind === 'ended' && events.length > 0
  const error = status?.lastError && status.state !== 'open' && !ended ? status.lastError : null
  if (!status) {
    return {
      ok: false,
      status: null,
      contentType: null,
      events,
      error: { kind: 'network', code: 'ETIMEDOUT', message: `No answer within ${Math.round(connectTimeoutMs / 1000)} seconds.`, at: options.clock.now() },
    }
  }
  return {
    ok: error === null,
    // The example feed is made inside Tidings: there is no HTTP answer to show.
    status: error ? (error.status ?? null) : wireOf(feed) === 'example' ? null : 200,
    // Only an SSE feed has an event-stream response; WebSocket, Socket.IO, gotify and example feeds have none.
    contentType: error || wireOf(feed) !== 'sse' ? null : 'text/event-stream',
    events: events.slice(0, maxEvents),
    error,
  }
}
