/**
 * The production fetch: undici with no body timeout. Node's fetch gives up on a body that has been
 * silent for 300 s, which would tear quiet but healthy feeds down; silence is the stall watchdog's
 * call (stall.ts), made per feed from the keepalive cadence it has seen.
 */
import { Agent, fetch } from 'undici'
import type { FetchLike, FetchResponse } from '../ports.ts'

/** A FetchLike on its own connection pool; redirects are followed. */
export function createDefaultFetch(): FetchLike {
  const dispatcher = new Agent({ bodyTimeout: 0 })
  return async (url, init) => {
    const response = await fetch(url, { ...init, dispatcher })
    return response as unknown as FetchResponse
  }
}
