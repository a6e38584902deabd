/**
 * The gotify catch-up: walks `GET /message` pages backwards from the newest until it reaches the
 * stored resume id (gotify-catch-up.ts has the rules), over the core's fetch port (proxy, CA,
 * no body timeout). Each page body is read with a byte bound, so a hostile or broken server
 * cannot make us hold more than `maxPageBytes`; the walk stops after `maxMessages` and says so.
 */
import type { FetchLike } from '../ports.ts'
import { classifyFetchError } from '../stream/fetch-error.ts'
import { classifyResponse, httpMessage } from '../stream/response.ts'
import { nextPage, type GotifyPage } from './gotify-catch-up.ts'
import { readGotifyMessage, type GotifyMessage } from './gotify-message.ts'
import { pageUrl } from './gotify-urls.ts'
import type { TransportEnd } from '../stream/transport.ts'

export interface CatchUpRequest {
  fetch: FetchLike
  /** The `/message` URL (gotify-urls.ts). */
  messagesUrl: string
  headers: Record<string, string>
  ca?: string | null
  signal: AbortSignal
  /** The stored resume id; null = none (only the newest id is learnt, nothing is fetched). */
  cursorId: number | null
  /** Messages per page (gotify allows 1..200). */
  pageLimit: number
  /** The walk stops after this many messages (the older ones are reported as a gap). */
  maxMessages: number
  maxPageBytes: number
  now: () => number
  maxRetryAfterMs: number
  /** Bytes received (for the stall watchdog). */
  activity?: (bytes: number) => void
}

export type CatchUpResult =
  /**
   * `messages` newer than the cursor, newest first, as fetched (merge them with gotify-catch-up.ts);
   * `newestId` the newest id on the server (0 = none); `truncated`: the walk stopped at
   * `maxMessages` before the cursor, older missed messages were not fetched.
   */
  | { ok: true; messages: GotifyMessage[]; newestId: number; truncated: boolean }
  | { ok: false; end: TransportEnd }

/** Reads a body as UTF-8 text, failing past `maxBytes` without holding more than that. */
async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number, activity?: (bytes: number) => void): Promise<string | null> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    activity?.(value.byteLength)
    if (total > maxBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads a `PagedMessages` body; null when it is not one. */
export function readPage(text: string): GotifyPage | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { paging, messages } = value as { paging?: unknown; messages?: unknown }
  if (!Array.isArray(messages) || typeof paging !== 'object' || paging === null) return null
  const since = (paging as { since?: unknown }).since
  const read: GotifyMessage[] = []
  for (const item of messages as unknown[]) {
    const message = readGotifyMessage(item, JSON.stringify(item))
    if (message) read.push(message)
  }
  return { messages: read, nextSince: typeof since === 'number' && since > 0 ? since : 0 }
}

async function fetchPage(request: CatchUpRequest, limit: number, since: number): Promise<{ ok: true; page: GotifyPage } | { ok: false; end: TransportEnd }> {
  const url = pageUrl(request.messagesUrl, limit, since)
  let response: Awaited<ReturnType<FetchLike>>
  try {
    response = await request.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...request.headers },
      signal: request.signal,
      redirect: 'follow',
      cache: 'no-store',
      ...(request.ca ? { ca: request.ca } : {}),
    })
  } catch (error) {
    const failure = classifyFetchError(error)
    return { ok: false, end: { kind: 'retry', failure: { ...failure, message: `Catching up from ${url}: ${failure.message}` }, retryAfterMs: null } }
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined)
    const verdict = classifyResponse(response, request.now(), request.maxRetryAfterMs)
    if (verdict.kind === 'stop') return { ok: false, end: { kind: 'stop', reason: verdict.reason, failure: { ...verdict.failure } } }
    if (verdict.kind === 'retry') return { ok: false, end: { kind: 'retry', failure: { ...verdict.failure }, retryAfterMs: verdict.retryAfterMs } }
  }
  const text = response.body ? await readBounded(response.body, request.maxPageBytes, request.activity) : ''
  const page = text === null ? null : readPage(text)
  if (page === null) {
    const why = text === null ? `larger than ${request.maxPageBytes} bytes` : 'not gotify messages'
    // A server that answers /message with something else is not a gotify server (or a proxy's page).
    return { ok: false, end: { kind: 'stop', reason: 'content-type', failure: { kind: 'content-type', message: `${httpMessage(response.status)} from ${url}: ${why}.`, status: response.status } } }
  }
  return { ok: true, page }
}

/** Fetches what was missed since `cursorId` (see CatchUpResult). */
export async function fetchMissed(request: CatchUpRequest): Promise<CatchUpResult> {
  const cursorId = request.cursorId
  if (cursorId === null) {
    // A feed's first connection starts from now: learn where "now" is, fetch nothing.
    const first = await fetchPage(request, 1, 0)
    if (!first.ok) return first
    return { ok: true, messages: [], newestId: first.page.messages[0]?.id ?? 0, truncated: false }
  }
  const messages: GotifyMessage[] = []
  let newestId = 0
  let since = 0
  for (;;) {
    const result = await fetchPage(request, request.pageLimit, since)
    if (!result.ok) return result
    const { page } = result
    for (const message of page.messages) {
      newestId = Math.max(newestId, message.id)
      if (message.id > cursorId) messages.push(message)
    }
    const step = nextPage(page, cursorId)
    if (step.kind === 'done') return { ok: true, messages, newestId, truncated: false }
    if (messages.length >= request.maxMessages) return { ok: true, messages, newestId, truncated: true }
    // gotify's ids below `since` only ever shrink: a server that repeats itself cannot loop us.
    if (since !== 0 && step.since >= since) return { ok: true, messages, newestId, truncated: true }
    since = step.since
  }
}
