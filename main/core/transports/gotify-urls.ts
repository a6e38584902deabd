/**
 * Where a gotify feed's two endpoints are: the feed URL is the stream (`wss://host[/prefix]/stream`,
 * as gotify documents it; an http(s) URL or one without `/stream` is read as the server's base),
 * and the catch-up pages are `/message` next to it. A `?token=` in the feed URL goes to both.
 * The client token normally comes from the feed's bearer secret and is sent as `X-Gotify-Key`.
 */

export interface GotifyUrls {
  /** ws: or wss: */
  stream: string
  /** http: or https:, without paging parameters. */
  messages: string
}

/** The endpoints, or null when the URL is not one a gotify feed can use. */
export function gotifyUrls(feedUrl: string): GotifyUrls | null {
  let url: URL
  try {
    url = new URL(feedUrl)
  } catch {
    return null
  }
  const secure = url.protocol === 'wss:' || url.protocol === 'https:'
  if (!secure && url.protocol !== 'ws:' && url.protocol !== 'http:') return null
  const base = url.pathname.replace(/\/stream\/?$/, '').replace(/\/+$/, '')
  const token = url.searchParams.get('token')
  const query = token !== null ? `?${new URLSearchParams({ token }).toString()}` : ''
  const host = url.host
  return {
    stream: `${secure ? 'wss' : 'ws'}://${host}${base}/stream${query}`,
    messages: `${secure ? 'https' : 'http'}://${host}${base}/message${query}`,
  }
}

/** The headers both endpoints get: the feed's own, and the client token as `X-Gotify-Key`. */
export function gotifyHeaders(feedHeaders: Record<string, string>, authorization: string | null): Record<string, string> {
  const headers = { ...feedHeaders }
  const bearer = authorization !== null ? /^Bearer\s+(.+)$/i.exec(authorization) : null
  if (bearer) headers['X-Gotify-Key'] = bearer[1]!.trim()
  else if (authorization !== null) headers['authorization'] = authorization
  return headers
}

/** A page URL: `limit` and, when > 0, `since` (ids below it). */
export function pageUrl(messagesUrl: string, limit: number, since: number): string {
  const url = new URL(messagesUrl)
  url.searchParams.set('limit', String(limit))
  if (since > 0) url.searchParams.set('since', String(since))
  return url.href
}
