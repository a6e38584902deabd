/**
 * Which transport carries a feed: the preset and the URL's scheme decide (types.ts `Preset`).
 * Every one sits behind the same interface (transport.ts), so the supervisor's rules — backoff
 * with jitter, wake-up, stall watchdog, status, acknowledgement after storage — stay written once.
 *
 * - `gotify`: the `/stream` WebSocket with the client token as `X-Gotify-Key`, and after every
 *   (re)connect the missed messages from `/message` by the stored message id, once, in order,
 *   before live ones.
 * - `socketio`: socket.io-client (protocol v5); an http(s) URL polls first and upgrades, a ws(s)
 *   URL speaks the WebSocket transport only.
 * - any other preset on a `ws:`/`wss:` URL: a plain WebSocket, one event per text message.
 * - `tidings-example:clock`: the built-in example feed, made inside Tidings (no network).
 * - else Server-Sent Events.
 */
import { isExampleUrl } from '../feeds/url.ts'
import { createExampleTransport } from '../transports/example-transport.ts'
import { createGotifyTransport } from '../transports/gotify-transport.ts'
import { createSocketIoTransport } from '../transports/socketio-transport.ts'
import { createWsTransport } from '../transports/ws-transport.ts'
import type { Feed } from '../types.ts'
import { createSseTransport } from './sse-transport.ts'
import type { StreamDeps } from './subscription-api.ts'
import type { Transport } from './transport.ts'
import type { StreamTuning } from './tuning.ts'

/** The wire a feed speaks (what selectTransport picks), for callers that word or test it. */
export type WireKind = 'sse' | 'websocket' | 'socketio' | 'gotify' | 'example'

/** Which wire `feed` speaks. */
export function wireOf(feed: Pick<Feed, 'url' | 'preset'>): WireKind {
  if (isExampleUrl(feed.url)) return 'example'
  if (feed.preset === 'gotify') return 'gotify'
  if (feed.preset === 'socketio') return 'socketio'
  return /^wss?:/i.test(feed.url.trim()) ? 'websocket' : 'sse'
}

/** The transport for `feed`, made for one subscription. */
export function selectTransport(feed: Feed, deps: StreamDeps, tuning: StreamTuning): Transport {
  const now = () => deps.clock.now()
  const { maxRetryAfterMs } = tuning
  const proxy = deps.proxy ? { proxy: deps.proxy } : {}
  switch (wireOf(feed)) {
    case 'gotify':
      return createGotifyTransport({ fetch: deps.fetch, now, maxRetryAfterMs, ...proxy })
    case 'socketio':
      return createSocketIoTransport({ now, maxRetryAfterMs, ...proxy, ...(/^wss?:/i.test(feed.url.trim()) ? { transports: ['websocket'] } : {}) })
    case 'websocket':
      return createWsTransport({ now, maxRetryAfterMs, ...proxy })
    case 'example':
      return createExampleTransport({ now, ...(deps.locale ? { locale: deps.locale } : {}) })
    case 'sse':
      return createSseTransport({
        fetch: deps.fetch,
        now,
        maxRetryAfterMs,
        ...(tuning.onBuffered ? { onBuffered: tuning.onBuffered } : {}),
      })
  }
}
