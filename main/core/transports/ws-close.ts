/**
 * DESIGN.md's connection table for WebSocket feeds, as data: what a refused upgrade (an HTTP
 * status instead of `101 Switching Protocols`) and what a close code (RFC 6455 §7.4) mean for the
 * feed. Upgrade statuses follow the SSE rows exactly (401/403 stop with `auth`, 404/410 not found,
 * 429/503 honour Retry-After, other statuses back off); a server that answers an upgrade with a
 * plain page is not a WebSocket endpoint and stops like a wrong content type; 204 stops as the
 * server asking to.
 *
 * Close codes: a normal close (1000, 1001, 1005) reconnects with the base delay — the supervisor
 * restarts its backoff series after a healthy connection — and everything else backs off. The
 * close code travels as `code: 'WS_CLOSE_<n>'` so the edges can name it.
 */
import { classifyResponse, httpMessage } from '../stream/response.ts'
import type { ErrorKind } from '../types.ts'
import type { TransportEnd } from '../stream/transport.ts'

/** The close code as FeedError.code. */
export function closeCodeTag(code: number): string {
  return `WS_CLOSE_${code}`
}

/** What an upgrade refused with `status` means (the response never became a WebSocket). */
export function classifyHandshake(status: number, headers: { get(name: string): string | null }, nowMs: number, maxRetryAfterMs: number): TransportEnd {
  if (status >= 200 && status < 300 && status !== 204) {
    const message = `${httpMessage(status)} without an upgrade: not a WebSocket endpoint.`
    return { kind: 'stop', reason: 'content-type', failure: { kind: 'content-type', message, status } }
  }
  const verdict = classifyResponse({ status, headers }, nowMs, maxRetryAfterMs)
  if (verdict.kind === 'stop') return { kind: 'stop', reason: verdict.reason, failure: { ...verdict.failure } }
  if (verdict.kind === 'retry') return { kind: 'retry', failure: { ...verdict.failure }, retryAfterMs: verdict.retryAfterMs }
  // classifyResponse opens only on 200, handled above.
  return { kind: 'retry', failure: { kind: 'http', message: httpMessage(status), status }, retryAfterMs: null }
}

/** One row of the close-code table. */
interface CloseRow {
  kind: ErrorKind
  /** 'base': reconnect after the base delay (a normal end); 'backoff': the series grows. */
  delay: 'base' | 'backoff'
  what: string
}

/** RFC 6455 §7.4.1 and the IANA registry; codes not listed fall into `rowFor`'s ranges. */
const CLOSE_TABLE: Readonly<Record<number, CloseRow>> = {
  1000: { kind: 'ended', delay: 'base', what: 'normal closure' },
  1001: { kind: 'ended', delay: 'base', what: 'going away' },
  1002: { kind: 'ended', delay: 'backoff', what: 'protocol error' },
  1003: { kind: 'ended', delay: 'backoff', what: 'unsupported data' },
  // [RFC 6455] 1005 is never sent: the close frame carried no code.
  1005: { kind: 'ended', delay: 'base', what: 'no status' },
  // [RFC 6455] 1006 is never sent: the connection dropped without a close frame.
  1006: { kind: 'network', delay: 'backoff', what: 'connection lost without a close frame' },
  1007: { kind: 'ended', delay: 'backoff', what: 'invalid payload data' },
  1008: { kind: 'ended', delay: 'backoff', what: 'policy violation' },
  1009: { kind: 'oversize', delay: 'backoff', what: 'message too big' },
  1010: { kind: 'ended', delay: 'backoff', what: 'mandatory extension' },
  1011: { kind: 'ended', delay: 'backoff', what: 'internal server error' },
  1012: { kind: 'ended', delay: 'backoff', what: 'service restart' },
  1013: { kind: 'rate-limited', delay: 'backoff', what: 'try again later' },
  1014: { kind: 'ended', delay: 'backoff', what: 'bad gateway' },
  1015: { kind: 'tls', delay: 'backoff', what: 'TLS handshake failure' },
}

function rowFor(code: number): CloseRow {
  const row = CLOSE_TABLE[code]
  if (row) return row
  if (code >= 4000 && code <= 4999) return { kind: 'ended', delay: 'backoff', what: 'application-defined' }
  return { kind: 'ended', delay: 'backoff', what: 'unknown code' }
}

/** Whether a close code is a normal end of the connection (reconnect with the base delay). */
export function isNormalClose(code: number): boolean {
  return rowFor(code).delay === 'base'
}

/**
 * What a close after the connection opened means: always a retry (no close code stops a feed —
 * a server that wants a client gone refuses the next upgrade with 401/403/404/410). `reason` is
 * the server's close reason text, kept in the technical message.
 */
export function classifyClose(code: number, reason: string): TransportEnd {
  const row = rowFor(code)
  const said = reason.trim() === '' ? '' : `: ${reason.trim().slice(0, 200)}`
  const message = `The server closed the WebSocket (${code} ${row.what})${said}.`
  return { kind: 'retry', failure: { kind: row.kind, message, code: closeCodeTag(code) }, retryAfterMs: null }
}
