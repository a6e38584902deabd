/**
 * The WebSocket transport (`ws://`, `wss://` feeds): each text message is one event
 * (ws-message.ts), binary and oversize messages are dropped and reported, close codes and refused
 * upgrades follow the connection table (ws-close.ts). A plain WebSocket cannot replay: the cursor
 * passes through unchanged, and after a gap events sent meanwhile may be missing — the supervisor
 * says so in health (nothing here pretends otherwise).
 */
import type { ProxyResolver } from '../ports.ts'
import type { ResumeCursor } from '../types.ts'
import { createBatcher } from './batcher.ts'
import type { ConnectRequest, Transport, TransportConnection, TransportSink } from '../stream/transport.ts'
import { openWebSocket } from './ws-client.ts'
import { mapWsMessage, wirePayloadLimit } from './ws-message.ts'

export interface WsTransportOptions {
  now: () => number
  /** The longest Retry-After honoured on a refused upgrade. */
  maxRetryAfterMs: number
  /** Client pings for liveness (default 30 s): a dead TCP connection goes silent, the watchdog sees it. */
  pingIntervalMs?: number
  /** The proxy to tunnel through (the OS's, in the app); when absent, HTTP(S)_PROXY / NO_PROXY from `env`. */
  proxy?: ProxyResolver
  /** Where HTTP(S)_PROXY / NO_PROXY are read without `proxy` (process.env when absent). */
  env?: Record<string, string | undefined>
}

/** The request headers of a connection: the feed's own plus Authorization. */
export function connectHeaders(request: ConnectRequest): Record<string, string> {
  return { ...request.feed.headers, ...(request.authorization !== null ? { authorization: request.authorization } : {}) }
}

/** Creates the WebSocket transport. */
export function createWsTransport(options: WsTransportOptions): Transport {
  function connect(request: ConnectRequest, sink: TransportSink): TransportConnection {
    const { feed } = request
    // No replay: the stored cursor stays where it is.
    const cursor: ResumeCursor = { ...request.cursor }
    let closed = false
    const client = openWebSocket(
      {
        url: feed.url,
        headers: connectHeaders(request),
        maxPayload: wirePayloadLimit(feed.maxEventBytes),
        ca: feed.caCertificate,
        pingIntervalMs: options.pingIntervalMs ?? 30_000,
        ...(options.proxy ? { proxy: options.proxy } : {}),
        ...(options.env ? { env: options.env } : {}),
        now: options.now,
        maxRetryAfterMs: options.maxRetryAfterMs,
      },
      {
        open: () => sink.open({ replays: false }),
        activity: (bytes) => sink.activity(bytes),
        message(data, isBinary) {
          const outcome = mapWsMessage(isBinary ? { binary: true, bytes: data.length } : { binary: false, text: data.toString('utf8'), bytes: data.length }, feed.maxEventBytes)
          if (outcome.kind === 'event') {
            batcher.push({ id: '', newId: false, type: outcome.type, data: outcome.data }, cursor)
            return
          }
          if (outcome.reason === 'oversize') sink.oversize()
          sink.dropped?.(outcome.reason, outcome.bytes)
        },
        end(end, detail) {
          batcher.flush()
          batcher.close()
          if (detail.oversize) sink.oversize()
          if (!closed) sink.end(end)
        },
      },
    )
    const batcher = createBatcher(sink, client)
    return {
      close() {
        closed = true
        batcher.close()
        client.close()
      },
    }
  }
  return { connect }
}
