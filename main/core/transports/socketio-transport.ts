/**
 * The Socket.IO transport (`--preset socketio`, an http(s) URL): one socket.io-client connection
 * (protocol v5; long-polling first, upgraded to WebSocket when the server offers it), every event
 * the server emits stored as one event (socketio-event.ts), failures and disconnects mapped by
 * socketio-close.ts. socket.io-client's own reconnection is off: the supervisor decides when.
 *
 * The URL's path is the Socket.IO namespace (`https://host/chat` → namespace `/chat`, as `io()`
 * reads it); the Engine.IO path is the default `/socket.io/`. The feed's headers and Authorization
 * go on every request (polling and the WebSocket upgrade); a bearer token is also offered as the
 * handshake's `auth.token`, where Socket.IO servers usually look for it.
 *
 * Socket.IO cannot replay (its connection-state recovery lives only in the server's memory): the
 * cursor passes through unchanged, as for a plain WebSocket.
 */
import { rootCertificates } from 'node:tls'
import { io, type Socket } from 'socket.io-client'
import type { ResumeCursor } from '../types.ts'
import { createBatcher, type Batcher } from './batcher.ts'
import { classifyConnectError, classifyDisconnect, type ConnectErrorFacts } from './socketio-close.ts'
import { mapSocketIoEvent } from './socketio-event.ts'
import type { ConnectRequest, Transport, TransportConnection, TransportEnd, TransportSink } from '../stream/transport.ts'
import { connectHeaders } from './ws-transport.ts'
import { wirePayloadLimit } from './ws-message.ts'
import { resolverOf, tunnelAgent } from './ws-proxy.ts'
import type { ProxyResolver } from '../ports.ts'

export interface SocketIoTransportOptions {
  now: () => number
  maxRetryAfterMs: number
  /** 'polling' first then upgrade (default), or one of them only. */
  transports?: ('polling' | 'websocket')[]
  /** Handshake timeout (socket.io-client's `timeout`). */
  connectTimeoutMs?: number
  /** The proxy to tunnel through (the OS's, in the app); when absent, HTTP(S)_PROXY / NO_PROXY from `env`. */
  proxy?: ProxyResolver
  /** Where HTTP(S)_PROXY / NO_PROXY are read without `proxy` (process.env when absent). */
  env?: Record<string, string | undefined>
}

/** The `ws` socket under an upgraded connection, when there is one (to pause reading). */
function flowOf(socket: Socket): { pause(): void; resume(): void } {
  const ws = () => (socket.io.engine as unknown as { transport?: { ws?: { pause?: () => void; resume?: () => void } } } | undefined)?.transport?.ws
  return { pause: () => ws()?.pause?.(), resume: () => ws()?.resume?.() }
}

/** A header of the refused polling request (xmlhttprequest-ssl), when it can be read. */
function responseHeader(context: { getResponseHeader?: (name: string) => string | null } | undefined, name: string): string | null {
  try {
    return context?.getResponseHeader?.(name) ?? null
  } catch {
    return null
  }
}

/** Creates the Socket.IO transport. */
export function createSocketIoTransport(options: SocketIoTransportOptions): Transport {
  function connect(request: ConnectRequest, sink: TransportSink): TransportConnection {
    const { feed } = request
    const cursor: ResumeCursor = { ...request.cursor }
    let done = false
    let opened = false
    const bearer = request.authorization !== null ? /^Bearer\s+(.+)$/i.exec(request.authorization)?.[1] : undefined

    const target = new URL(feed.url)
    /** The socket once the proxy is known (none before, nor when closed first). */
    let current: Socket | null = null
    let batcher: Batcher | null = null

    const finish = (end: TransportEnd): void => {
      if (done) return
      done = true
      batcher?.flush()
      teardown()
      sink.end(end)
    }
    const teardown = (): void => {
      batcher?.close()
      current?.removeAllListeners()
      current?.offAny()
      current?.disconnect()
    }

    // The proxy is asked at each connection; the socket connects on a later tick, never inside connect().
    Promise.resolve(target).then(resolverOf(options)).then(
      (proxy) => {
        if (!done) current = start(proxy)
      },
      (error: unknown) => {
        const message = `The proxy for ${target.origin} could not be resolved: ${error instanceof Error ? error.message : String(error)}`
        finish({ kind: 'retry', failure: { kind: 'network', message }, retryAfterMs: null })
      },
    )

    function start(proxy: URL | null): Socket {
      const secure = target.protocol === 'https:' || target.protocol === 'wss:'
      const host = target.hostname.replace(/^\[|\]$/g, '')
      const port = Number(target.port || (secure ? 443 : 80))
      const socket = io(feed.url, {
        forceNew: true,
        reconnection: false,
        autoConnect: false,
        transports: options.transports ?? ['polling', 'websocket'],
        extraHeaders: connectHeaders(request),
        ...(bearer ? { auth: { token: bearer } } : {}),
        timeout: options.connectTimeoutMs ?? 20_000,
        // WebSocket transport: messages past this are refused by ws (memory bounded); polling has no such knob.
        maxPayload: wirePayloadLimit(feed.maxEventBytes),
        // Both clients under socket.io-client hand `ca` to Node as is: keep the system's roots too.
        ...(feed.caCertificate ? { ca: [...rootCertificates, feed.caCertificate] } : {}),
        ...(proxy ? { agent: tunnelAgent(proxy, { host, port, secure, ca: feed.caCertificate }) } : {}),
      } as Parameters<typeof io>[1])
      const events = createBatcher(sink, flowOf(socket))
      batcher = events

      socket.io.on('open', () => {
        socket.io.engine.on('packet', (packet: { data?: unknown }) => {
          if (done) return
          const data = packet.data
          sink.activity(typeof data === 'string' ? Math.max(1, Buffer.byteLength(data)) : 1)
        })
      })
      socket.on('connect', () => {
        if (done) return
        opened = true
        sink.open({ replays: false })
      })
      socket.on('connect_error', (error: Error & Partial<ConnectErrorFacts> & { context?: { getResponseHeader?: (name: string) => string | null } }) => {
        if (done) return
        const retryAfter = responseHeader(error.context, 'retry-after')
        finish(classifyConnectError({ message: error.message, ...(error.type ? { type: error.type } : {}), description: error.description, data: error.data, retryAfter }, options.now(), options.maxRetryAfterMs))
      })
      socket.on('disconnect', (reason: string) => {
        if (done) return
        if (!opened) return finish(classifyConnectError({ message: reason, type: 'TransportError' }, options.now(), options.maxRetryAfterMs))
        finish(classifyDisconnect(reason))
      })
      socket.onAny((event: string, ...args: unknown[]) => {
        if (done) return
        const outcome = mapSocketIoEvent(event, args, feed.maxEventBytes)
        if (outcome.kind === 'event') return events.push({ id: '', newId: false, type: outcome.type, data: outcome.data }, cursor)
        if (outcome.reason === 'oversize') sink.oversize()
        sink.dropped?.(outcome.reason, outcome.bytes)
      })
      socket.connect()
      return socket
    }

    return {
      close() {
        if (done) return
        done = true
        teardown()
      },
    }
  }
  return { connect }
}
