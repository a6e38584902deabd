/**
 * What one connection attempt sends: the URL (with ntfy's `since=`) and the headers (the feed's
 * extras, Authorization, Accept, Cache-Control and the resume id as `Last-Event-ID`).
 */
import type { Feed, ResumeCursor } from '../types.ts'

/** Header names the stream sets itself; a feed's extra headers never override them. */
const ownHeaders = new Set(['accept', 'cache-control', 'authorization', 'last-event-id'])

/** The URL to connect to, or a message saying why the feed's URL cannot be used. */
export type RequestUrl = { ok: true; url: string } | { ok: false; message: string }

/** Parses the feed URL (http(s) only) and adds the preset's resume parameter. */
export function requestUrl(feed: Pick<Feed, 'url' | 'preset'>, cursor: ResumeCursor): RequestUrl {
  let url: URL
  try {
    url = new URL(feed.url)
  } catch {
    return { ok: false, message: `"${feed.url}" is not a valid URL.` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `Only http and https feeds are supported, not "${url.protocol.replace(/:$/, '')}".` }
  }
  // ntfy resumes with `?since=<last message id>`; it sends no `id:` fields.
  if (feed.preset === 'ntfy' && cursor.since !== '') url.searchParams.set('since', cursor.since)
  return { ok: true, url: url.toString() }
}

/**
 * The request headers of one attempt. `lastEventId` is the stored resume id ('' = none); it is sent
 * on every connection, including the first one after a restart.
 */
export function requestHeaders(
  feed: Pick<Feed, 'headers' | 'preset'>,
  authorization: string | null,
  lastEventId: string,
): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(feed.headers)) {
    if (!ownHeaders.has(name.toLowerCase())) headers[name] = value
  }
  // nchan (and others) answer 403 without it.
  headers['Accept'] = 'text/event-stream'
  // [spec] Set request's cache mode to "no-store".
  headers['Cache-Control'] = 'no-store'
  if (authorization !== null && authorization !== '') headers['Authorization'] = authorization
  // [spec] If the last event ID string is not the empty string, set `Last-Event-ID` to the last
  // event ID string, encoded as UTF-8.
  if (feed.preset !== 'ntfy' && lastEventId !== '') headers['Last-Event-ID'] = toByteString(lastEventId)
  return headers
}

/**
 * A header value is a byte string: fetch sends each character below U+0100 as one byte and throws on
 * anything above. Passing the UTF-8 bytes one per character puts exactly those bytes on the wire.
 */
export function toByteString(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1')
}

/** The reverse of toByteString, for header values a server sent; latin1 text if not UTF-8. */
export function fromByteString(value: string): string {
  const bytes = Buffer.from(value, 'latin1')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return value
  }
}
