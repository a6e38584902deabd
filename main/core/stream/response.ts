/**
 * What a response means for the feed (DESIGN.md, "Connection behaviour"): open the stream, stop
 * until the user resumes, or retry — after the server's `Retry-After` when it gave one.
 */
import { STATUS_CODES } from 'node:http'
import type { ErrorKind, StopReason } from '../types.ts'
import { parseRetryAfter } from './backoff.ts'

/** A failure as the supervisor records it (`at` is added when it happens). */
export interface Failure {
  kind: ErrorKind
  message: string
  status?: number
  /** The system's or TLS library's error code (FeedError.code). */
  code?: string
}

export type Verdict =
  | { kind: 'open' }
  | { kind: 'stop'; reason: StopReason; failure: Failure }
  | { kind: 'retry'; failure: Failure; retryAfterMs: number | null }

/** The response facts the verdict depends on. */
export interface ResponseFacts {
  status: number
  headers: { get(name: string): string | null }
}

/**
 * Same test as eventsource applies, so the two never disagree about whether a stream opened.
 * [spec] …or if res's `Content-Type` is not `text/event-stream`, then fail the connection.
 * (Parameters such as `charset` are ignored: the stream is always UTF-8.)
 */
export function isEventStream(contentType: string | null): boolean {
  return /^[\t\n\r ]*text\/event-stream[\t\n\r ]*(?:;|$)/i.test(contentType ?? '')
}

/** "HTTP 503 Service Unavailable". */
export function httpMessage(status: number): string {
  const reason = STATUS_CODES[status]
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`
}

/** Decides what a response means; `maxRetryAfterMs` bounds what a server may ask us to wait. */
export function classifyResponse(response: ResponseFacts, nowMs: number, maxRetryAfterMs: number): Verdict {
  const { status, headers } = response
  const http = httpMessage(status)
  if (status === 200) {
    const contentType = headers.get('content-type')
    if (isEventStream(contentType)) return { kind: 'open' }
    return stop('content-type', 'content-type', `Content-Type: ${contentType ?? '(none)'}`, status)
  }
  // [spec] Clients will reconnect if the connection is closed; a client can be told to stop
  // reconnecting using the HTTP 204 No Content response code.
  if (status === 204) return stop('no-content', 'no-content', http, status)
  if (status === 401 || status === 403) return stop('auth', 'auth', http, status)
  if (status === 404 || status === 410) return stop('not-found', 'not-found', http, status)
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs, maxRetryAfterMs)
    // The wait itself is data: FeedStatus.nextRetryAt.
    if (retryAfterMs !== null) return { kind: 'retry', failure: { kind: 'rate-limited', message: `${http}, Retry-After: ${headers.get('retry-after')}`, status }, retryAfterMs }
    if (status === 429) return { kind: 'retry', failure: { kind: 'rate-limited', message: http, status }, retryAfterMs: null }
  }
  // Other 5xx and any other status: back off and try again.
  return { kind: 'retry', failure: { kind: 'http', message: http, status }, retryAfterMs: null }
}

function stop(reason: StopReason, kind: ErrorKind, message: string, status: number): Verdict {
  return { kind: 'stop', reason, failure: { kind, message, status } }
}
