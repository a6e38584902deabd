/**
 * The built-in example feed, as the window knows it: its one address (the core's
 * `EXAMPLE_FEED_URL`, main/core/feeds/url.ts — repeated here because the window imports only types
 * from the core; renderer/e2e/feed-form.test.ts checks the two agree) and how to recognise it.
 */

/** The example feed's address: events made inside Tidings, no server, no network. */
export const EXAMPLE_FEED_URL = 'tidings-example:clock'

/** True for an address with the example feed's scheme (the core says what is wrong with any other). */
export function isExampleUrl(url: string): boolean {
  return /^tidings-example:/i.test(url.trim())
}
