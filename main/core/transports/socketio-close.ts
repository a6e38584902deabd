/**
 * What the ways a Socket.IO connection fails or ends mean for the feed, as data (the connection
 * table of DESIGN.md, seen through socket.io-client): an HTTP status on the handshake follows the
 * SSE rows (401/403 stop with `auth`, 404/410 not found, 429/503 Retry-After, others back off); a
 * server whose connect handler refuses (a CONNECT_ERROR packet: in practice its auth check)
 * stops with `auth` once rather than knocking again; every disconnect after the connection was
 * up is a retry. Codes travel as `SOCKETIO_*` in FeedError.code.
 */
import { classifyResponse, httpMessage } from '../stream/response.ts'
import type { ErrorKind } from '../types.ts'
import type { TransportEnd } from '../stream/transport.ts'

/** The facts of a `connect_error` (socket.io-client's Error, or engine.io-client's TransportError). */
export interface ConnectErrorFacts {
  message: string
  /** 'TransportError' for transport failures. */
  type?: string
  /** Polling: the HTTP status (0 = no response); WebSocket: the `ws` error event. */
  description?: unknown
  /** Present when the server's connect handler refused (CONNECT_ERROR packet). */
  data?: unknown
  /** A Retry-After header of the refused request, when it could be read. */
  retryAfter?: string | null
}

/** The HTTP status inside a transport error, or null (no response at all). */
export function transportStatus(facts: ConnectErrorFacts): number | null {
  if (typeof facts.description === 'number') return facts.description >= 100 ? facts.description : null
  const described = facts.description as { message?: unknown; error?: { message?: unknown } } | undefined
  const text = [described?.message, described?.error?.message, facts.message].find((m) => typeof m === 'string' && /Unexpected server response: \d{3}/.test(m))
  const match = typeof text === 'string' ? /Unexpected server response: (\d{3})/.exec(text) : null
  return match ? Number(match[1]) : null
}

/** A connection that never came up: refused, unreachable, or timed out. */
export function classifyConnectError(facts: ConnectErrorFacts, nowMs: number, maxRetryAfterMs: number): TransportEnd {
  if (facts.type !== 'TransportError' && facts.message !== 'timeout' && facts.message !== 'xhr poll error') {
    // The server answered at the Socket.IO level: its connect handler (middleware) said no.
    const message = `The Socket.IO server refused the connection: ${facts.message.slice(0, 200)}.`
    return { kind: 'stop', reason: 'auth', failure: { kind: 'auth', message, code: 'SOCKETIO_CONNECT_REFUSED' } }
  }
  const status = transportStatus(facts)
  if (status !== null) {
    const headers = { get: (name: string) => (name.toLowerCase() === 'retry-after' ? (facts.retryAfter ?? null) : null) }
    if (status >= 200 && status < 300) {
      return { kind: 'stop', reason: 'content-type', failure: { kind: 'content-type', message: `${httpMessage(status)}: not a Socket.IO endpoint.`, status } }
    }
    const verdict = classifyResponse({ status, headers }, nowMs, maxRetryAfterMs)
    if (verdict.kind === 'stop') return { kind: 'stop', reason: verdict.reason, failure: { ...verdict.failure } }
    if (verdict.kind === 'retry') return { kind: 'retry', failure: { ...verdict.failure }, retryAfterMs: verdict.retryAfterMs }
  }
  if (facts.message === 'timeout') return { kind: 'retry', failure: { kind: 'network', message: 'The Socket.IO handshake timed out.', code: 'SOCKETIO_TIMEOUT' }, retryAfterMs: null }
  const inner = facts.description as { message?: unknown; code?: unknown } | undefined
  const detail = typeof inner?.message === 'string' ? inner.message : facts.message
  const code = typeof inner?.code === 'string' ? inner.code : undefined
  return { kind: 'retry', failure: { kind: 'network', message: `Could not connect: ${detail}.`, ...(code ? { code } : {}) }, retryAfterMs: null }
}

const DISCONNECT: Readonly<Record<string, ErrorKind>> = {
  'io server disconnect': 'ended',
  'transport close': 'ended',
  'transport error': 'network',
  'ping timeout': 'stalled',
  'parse error': 'ended',
}

/** A disconnect after the connection was up (socket.io-client's reason): always a retry. */
export function classifyDisconnect(reason: string): TransportEnd {
  const kind = DISCONNECT[reason] ?? 'ended'
  const code = `SOCKETIO_${reason.toUpperCase().replace(/[^A-Z]+/g, '_')}`
  return { kind: 'retry', failure: { kind, message: `The Socket.IO connection ended (${reason}).`, code }, retryAfterMs: null }
}
