/**
 * Extra request headers and authentication. Header names and values are checked the way fetch
 * would reject them, so a bad header is a clear message at input time, not a failed connection.
 */
import type { FeedAuth } from '../types.ts'
import { FeedInputError } from './url.ts'

// RFC 9110 token characters.
const tokenPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
// Headers the stream sets itself or that the user must not override through "extra headers".
const reserved = new Set(['accept', 'last-event-id', 'authorization', 'host', 'content-length', 'connection', 'cache-control', 'upgrade'])

/** Checks and normalises extra headers; throws FeedInputError naming the bad header. */
export function validateHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.trim()
    if (!tokenPattern.test(name)) throw new FeedInputError(`"${rawName}" is not a valid header name.`)
    if (reserved.has(name.toLowerCase()) || /^sec-websocket-/i.test(name)) {
      throw new FeedInputError(`The ${name} header is set by Tidings itself${name.toLowerCase() === 'authorization' ? '; use the authentication setting' : ''}.`)
    }
    if (typeof rawValue !== 'string' || /[\r\n\0]/.test(rawValue)) {
      throw new FeedInputError(`The value of header ${name} must be one line of text.`)
    }
    out[name] = rawValue.trim()
  }
  return out
}

/** Parses `--header "K: V"` style lines. */
export function parseHeaderLine(line: string): [string, string] {
  const colon = line.indexOf(':')
  if (colon <= 0) throw new FeedInputError(`"${line}" is not a header; write it as "Name: value".`)
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()]
}

/** The Authorization header value for a feed, or null (no auth, or no secret stored). */
export function authorizationHeader(auth: FeedAuth, secret: string | null): string | null {
  if (auth.kind === 'none' || secret === null) return null
  if (auth.kind === 'bearer') return `Bearer ${secret}`
  return `Basic ${Buffer.from(`${auth.username}:${secret}`, 'utf8').toString('base64')}`
}
