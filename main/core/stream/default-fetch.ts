/**
 * The production fetch outside Electron (`tidings`, tests): undici with
 * - no body timeout. Node's fetch gives up on a body that has been silent for 300 s, which would
 *   tear quiet but healthy feeds down; silence is the stall watchdog's call (stall.ts).
 * - the proxy the environment names, as curl reads it: `http_proxy`/`HTTP_PROXY`,
 *   `https_proxy`/`HTTPS_PROXY` (falling back to the http one, as undici does) and
 *   `no_proxy`/`NO_PROXY`; every host not in NO_PROXY goes through the proxy, loopback included.
 *   Plain http is forwarded (the proxy sees the request, as with curl); https is tunnelled (CONNECT).
 * - a feed's own CA certificates (`FetchInit.ca`, PEM) trusted on top of the default roots for that
 *   request — also through the proxy's tunnel. One dispatcher per distinct PEM, made on first use.
 * With no proxy in the environment, requests go straight to undici's dispatcher instead
 * (http-fetch.ts): an open stream costs a third of the memory it costs through fetch.
 */
import { getCACertificates, rootCertificates } from 'node:tls'
import { EnvHttpProxyAgent, fetch, Pool } from 'undici'
import type { Dispatcher } from 'undici'
import type { FetchLike, FetchResponse } from '../ports.ts'
import { createHttpFetch } from './http-fetch.ts'

/** Where the proxy settings come from (process.env when absent). */
export interface DefaultFetchOptions {
  env?: Readonly<Record<string, string | undefined>>
}

/** The proxy settings in `env`, or null when there is none. Lowercase names win, as in curl. */
export function proxyFromEnv(env: Readonly<Record<string, string | undefined>>): { httpProxy: string; httpsProxy: string; noProxy: string } | null {
  const pick = (name: string): string => (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '').trim()
  const httpProxy = pick('http_proxy')
  const httpsProxy = pick('https_proxy')
  if (httpProxy === '' && httpsProxy === '') return null
  return { httpProxy, httpsProxy, noProxy: pick('no_proxy') }
}

/** The roots every request trusts: Node's default set (bundled, plus NODE_EXTRA_CA_CERTS / system when enabled). */
function defaultRoots(): string[] {
  try {
    return getCACertificates('default')
  } catch {
    return [...rootCertificates]
  }
}

/** A FetchLike on its own connections; redirects are followed. */
export function createDefaultFetch(options: DefaultFetchOptions = {}): FetchLike {
  const proxy = proxyFromEnv(options.env ?? process.env)
  if (proxy === null) return createHttpFetch({ defaultRoots })
  const { httpProxy, httpsProxy, noProxy } = proxy
  const dispatchers = new Map<string, Dispatcher>()
  // Every pool, including the one Http1ProxyWrapper makes towards the proxy, has no body timeout.
  const factory = (origin: string | URL, opts: object): Dispatcher => new Pool(origin, { ...opts, bodyTimeout: 0 })

  function dispatcherFor(ca: string | undefined): Dispatcher {
    const key = ca ?? ''
    const known = dispatchers.get(key)
    if (known !== undefined) return known
    const tls = ca ? { ca: [...defaultRoots(), ca] } : undefined
    const base = { bodyTimeout: 0, factory, ...(tls ? { connect: tls } : {}) }
    const dispatcher: Dispatcher = new EnvHttpProxyAgent({
      ...base,
      ...(tls ? { requestTls: tls } : {}),
      // '' (not undefined) so undici never falls back to process.env behind our back.
      httpProxy,
      httpsProxy,
      noProxy,
      proxyTunnel: false,
    })
    dispatchers.set(key, dispatcher)
    return dispatcher
  }

  return async (url, init) => {
    const { ca, ...rest } = init
    const response = await fetch(url, { ...rest, dispatcher: dispatcherFor(ca) })
    return response as unknown as FetchResponse
  }
}
