/**
 * Feed URL rules: http and https (Server-Sent Events, Socket.IO, gotify) or ws and wss (WebSocket,
 * Socket.IO over WebSocket only, gotify), absolute, no credentials in the URL (they would end up in
 * the settings file in clear — use the auth setting instead). Which preset may use which scheme is
 * `checkScheme`'s (presets.ts).
 */

/** A bad feed definition, with a message a user can act on (and the FeedInput field, when one is to blame). */
export class FeedInputError extends Error {
  readonly kind = 'invalid' as const
  override name = 'FeedInputError'
  readonly field: string | undefined

  constructor(message: string, field?: string) {
    super(message)
    this.field = field
  }
}

/** The URL schemes a feed may have. */
export const FEED_SCHEMES: readonly string[] = ['http:', 'https:', 'ws:', 'wss:']

/** True for ws: and wss: URLs (a WebSocket endpoint). */
export function isWebSocketUrl(url: URL | string): boolean {
  const protocol = typeof url === 'string' ? /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase() : url.protocol
  return protocol === 'ws:' || protocol === 'wss:'
}

/** Parses and checks a feed URL; throws FeedInputError with a clear message. */
export function parseFeedUrl(input: string): URL {
  const text = input.trim()
  if (text === '') throw new FeedInputError('The feed URL is empty.')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new FeedInputError(`"${text}" is not a valid URL (expected something like https://example.com/events).`)
  }
  if (!FEED_SCHEMES.includes(url.protocol)) {
    throw new FeedInputError(`Only http and https feeds (or ws and wss for WebSocket feeds) are supported, not "${url.protocol.replace(/:$/, '')}" (${text}).`, 'url')
  }
  if (url.username !== '' || url.password !== '') {
    throw new FeedInputError('Put the user name and password in the feed\'s authentication settings, not in the URL.')
  }
  url.hash = ''
  return url
}
