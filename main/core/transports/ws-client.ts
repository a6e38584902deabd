/**
 * One WebSocket connection over `ws`, reduced to what a transport needs: the feed's headers and
 * CA, the proxy the resolver names, a payload cap that keeps memory bounded, client pings for liveness (every pong, ping and
 * message counts as activity for the stall watchdog), pause/resume for backpressure, and one
 * `end` with the connection table's verdict (ws-close.ts) — a refused upgrade, a network error or
 * a close code.
 */
import { rootCertificates } from 'node:tls'
import WebSocket, { type ClientOptions } from 'ws'
import { classifyFetchError } from '../stream/fetch-error.ts'
import { classifyClose, classifyHandshake } from './ws-close.ts'
import { resolverOf, tunnelThrough } from './ws-proxy.ts'
import type { ProxyResolver } from '../ports.ts'
import type { Failure } from '../stream/response.ts'
import type { TransportEnd } from '../stream/transport.ts'

export interface WsClientOptions {
  /** ws: or wss: */
  url: string
  headers: Record<string, string>
  /** The largest message read into memory; a bigger one closes the connection (1009). */
  maxPayload: number
  /** Extra CA certificates (PEM) trusted on top of the system's, for this connection only. */
  ca?: string | null
  /** How often the client pings; 0 = never (the server's pings still count as activity). */
  pingIntervalMs: number
  /** The proxy to tunnel through (the OS's, in the app); when absent, HTTP(S)_PROXY / NO_PROXY from `env`. */
  proxy?: ProxyResolver
  /** Where HTTP(S)_PROXY / NO_PROXY are read without `proxy` (process.env when absent), at each connection. */
  env?: Record<string, string | undefined>
  /** For Retry-After on a refused upgrade. */
  now: () => number
  maxRetryAfterMs: number
}

export interface WsClientHandlers {
  /** The upgrade succeeded. */
  open(): void
  /** One whole message (text as UTF-8 bytes). */
  message(data: Buffer, isBinary: boolean): void
  /** Bytes from the server: messages, pings, pongs. */
  activity(byteLength: number): void
  /** The connection is over (called once; nothing is called after it). */
  end(end: TransportEnd, detail: { oversize: boolean }): void
}

export interface WsClient {
  /** Stops reading from the socket (TCP backpressure reaches the server). */
  pause(): void
  resume(): void
  /** Closes (1000 when open, aborts a pending upgrade); no handler is called afterwards. */
  close(): void
}

/** Opens one connection; handlers are called on later ticks only. */
export function openWebSocket(options: WsClientOptions, handlers: WsClientHandlers): WsClient {
  let ended = false
  let opened = false
  let oversize = false
  let pinger: ReturnType<typeof setInterval> | null = null
  let closeTimer: ReturnType<typeof setTimeout> | null = null

  const finish = (end: TransportEnd): void => {
    if (ended) return
    ended = true
    stopPinging()
    handlers.end(end, { oversize })
  }
  const stopPinging = (): void => {
    if (pinger !== null) clearInterval(pinger)
    pinger = null
  }

  let ws: WebSocket | null = null
  let target: URL
  try {
    target = new URL(options.url)
  } catch (error) {
    invalid(error)
    return { pause() {}, resume() {}, close: () => { ended = true } }
  }
  // The proxy is asked at each connection (the OS's settings or PAC may have changed meanwhile).
  Promise.resolve(target).then(resolverOf(options)).then(
    (proxy) => {
      if (!ended) ws = connect(target, proxy)
    },
    (error: unknown) => {
      const message = `The proxy for ${target.origin} could not be resolved: ${error instanceof Error ? error.message : String(error)}`
      finish({ kind: 'retry', failure: { kind: 'network', message }, retryAfterMs: null })
    },
  )

  function invalid(error: unknown): void {
    // A malformed URL or header: the feed's configuration, not the network.
    const failure: Failure = { kind: 'invalid', message: error instanceof Error ? error.message : String(error) }
    queueMicrotask(() => finish({ kind: 'stop', reason: 'invalid', failure }))
  }

  /** The `ws` client, tunnelled through `proxy` when there is one; null when ws refused the options. */
  function connect(target: URL, proxy: URL | null): WebSocket | null {
    let socket: WebSocket
    try {
      const secure = target.protocol === 'wss:'
      const tunnel = proxy
        ? {
            // node:http takes createConnection's (options, oncreate) form too; ws's types name only the net one.
            createConnection: tunnelThrough(proxy, { host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || (secure ? 443 : 80)), secure, ca: options.ca ?? null }) as unknown as ClientOptions['createConnection'],
          }
        : {}
      socket = new WebSocket(options.url, {
        ...tunnel,
        headers: options.headers,
        maxPayload: options.maxPayload,
        perMessageDeflate: false,
        followRedirects: false,
        ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
      })
    } catch (error) {
      invalid(error)
      return null
    }
    listen(socket)
    return socket
  }

  function listen(ws: WebSocket): void {
    ws.on('unexpected-response', (request, response) => {
      const headers = { get: (name: string) => {
        const value = response.headers[name.toLowerCase()]
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
      } }
      finish(classifyHandshake(response.statusCode ?? 0, headers, options.now(), options.maxRetryAfterMs))
      response.resume()
      request.destroy()
    })
    ws.on('open', () => {
      if (ended) return
      opened = true
      handlers.open()
      if (options.pingIntervalMs > 0) {
        pinger = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.ping()
        }, options.pingIntervalMs)
        pinger.unref()
      }
    })
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (ended) return
      handlers.activity(Math.max(1, data.length))
      handlers.message(data, isBinary)
    })
    ws.on('ping', (data: Buffer) => {
      if (!ended) handlers.activity(Math.max(1, data.length))
    })
    ws.on('pong', (data: Buffer) => {
      if (!ended) handlers.activity(Math.max(1, data.length))
    })
    ws.on('error', (error: Error & { code?: string }) => {
      if (ended) return
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // Over maxPayload: ws closes with 1009; say why rather than "the server closed".
        oversize = true
        return
      }
      if (opened) return // the 'close' that follows says how it ended
      const failure = classifyFetchError(error)
      const code = typeof error.code === 'string' ? error.code : undefined
      finish({ kind: 'retry', failure: code ? { ...failure, code } : failure, retryAfterMs: null })
    })
    ws.on('close', (code: number, reason: Buffer) => {
      if (closeTimer !== null) clearTimeout(closeTimer)
      if (oversize) {
        const message = `A message exceeded ${options.maxPayload} bytes; the connection was closed to keep memory bounded.`
        return finish({ kind: 'retry', failure: { kind: 'oversize', message, code: 'WS_CLOSE_1009' }, retryAfterMs: null })
      }
      finish(classifyClose(code, reason.toString('utf8')))
    })
  }

  return {
    pause: () => ws?.pause(),
    resume: () => ws?.resume(),
    close() {
      ended = true
      stopPinging()
      if (ws === null) return
      const socket = ws
      if (socket.readyState === WebSocket.OPEN) {
        socket.close(1000)
        // A server that never answers the close frame is cut after a moment.
        closeTimer = setTimeout(() => socket.terminate(), 2_000)
        closeTimer.unref()
      } else if (socket.readyState === WebSocket.CONNECTING) {
        socket.terminate()
      }
    },
  }
}
