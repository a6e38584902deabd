/**
 * Feed URL rules: only http and https, absolute, no credentials in the URL (they would end up in the
 * settings file in clear — use the auth setting instead).
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FeedInputError(`Only http and https feeds are supported, not "${url.protocol.replace(/:$/, '')}" (${text}).`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new FeedInputError('Put the user name and password in the feed\'s authentication settings, not in the URL.')
  }
  url.hash = ''
  return url
}
