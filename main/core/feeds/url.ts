/**
 * Feed URL rules: http and https (Server-Sent Events, Socket.IO, gotify) or ws and wss (WebSocket,
 * Socket.IO over WebSocket only, gotify), absolute, no credentials in the URL (they would end up in
 * the settings file in clear — use the auth setting instead) — or exactly `tidings-example:clock`,
 * the built-in example feed whose events Tidings makes itself (transports/example-transport.ts).
 * Which preset may use which scheme is `checkScheme`'s (presets.ts).
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

/** The scheme of the built-in example feed: no network, no server (transports/example-transport.ts). */
export const EXAMPLE_SCHEME = 'tidings-example:'

/** The one address of the built-in example feed. */
export const EXAMPLE_FEED_URL = 'tidings-example:clock'

/** The URL schemes a feed may have. */
export const FEED_SCHEMES: readonly string[] = ['http:', 'https:', 'ws:', 'wss:', EXAMPLE_SCHEME]

/** The scheme of `url`, lower case with its colon ('' when it has none). */
function schemeOf(url: URL | string): string {
  return typeof url === 'string' ? (/^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase() ?? '') : url.protocol
}

/** True for ws: and wss: URLs (a WebSocket endpoint). */
export function isWebSocketUrl(url: URL | string): boolean {
  const protocol = schemeOf(url)
  return protocol === 'ws:' || protocol === 'wss:'
}

/** True for the built-in example feed's scheme (`tidings-example:`), whatever follows it. */
export function isExampleUrl(url: URL | string): boolean {
  return schemeOf(url) === EXAMPLE_SCHEME
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
  if (isExampleUrl(url) && url.href !== EXAMPLE_FEED_URL) {
    throw new FeedInputError(`The built-in example feed's address is ${EXAMPLE_FEED_URL}, not ${text}.`, 'url')
  }
  return url
}
