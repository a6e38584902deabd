/**
 * The core's fetch port on Chromium's network stack (`net.fetch`), so feeds reach their servers the
 * way the user's browser does: the system proxy and PAC script, and the OS certificate store (a
 * company's own CA installed in the OS just works). The body is Chromium's stream, read as it
 * arrives; the abort signal closes the request.
 *
 * One exception: a feed with its own CA certificates (`init.ca`, `Feed.caCertificate`) goes through
 * the core's default fetch (undici), because Chromium cannot trust a certificate for one request
 * only. Such a feed honours HTTP(S)_PROXY/NO_PROXY from the environment, not the system proxy.
 */
import type { net } from 'electron'
import type { FetchLike, FetchResponse } from '../core/ports.ts'

export interface NetFetchOptions {
  /** Electron's `net.fetch`. */
  netFetch: typeof net.fetch
  /** The fetch used when a request carries its own CA (`createDefaultFetch()` of the core). */
  withOwnCa: FetchLike
}

/** A FetchLike over `net.fetch`, with the per-feed-CA exception described above. */
export function createNetFetch(options: NetFetchOptions): FetchLike {
  return async (url, init) => {
    if (init.ca) return options.withOwnCa(url, init)
    const { ca: _ca, ...rest } = init
    const response: FetchResponse = await options.netFetch(url, rest)
    return response
  }
}
