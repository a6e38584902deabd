/**
 * The OS's proxy for WebSocket, Socket.IO and gotify stream connections in the app, so they go
 * where the user's SSE feeds (Chromium's `net.fetch`) and browser go. Chromium answers "which proxy
 * for this URL" (Electron `session.resolveProxy`, from the system settings or PAC script) as a PAC
 * result string: entries in order of preference, separated by `;`, each `DIRECT` or a scheme and
 * `host[:port]` — `PROXY h:p` (HTTP), `HTTPS h:p`, `SOCKS h:p` / `SOCKS4` / `SOCKS5`, `QUIC h:p`.
 *
 * Our tunnel (ws-proxy.ts) speaks HTTP CONNECT to an http or https proxy only. So the first entry
 * we can use wins; SOCKS, QUIC and unreadable entries are skipped, and when none is usable the
 * connection goes direct. Skipping is never silent: the resolver warns (the app's log), once per
 * distinct answer so reconnects do not flood it.
 */
import type { ProxyResolver } from '../ports.ts'

/** What a PAC result string says for our tunnel. */
export interface PacChoice {
  /** The proxy to tunnel through; null = connect directly. */
  proxy: URL | null
  /** Entries passed over before the choice (SOCKS, QUIC, unreadable), as written. */
  skipped: string[]
  /** True when no entry was usable (not even DIRECT) and the choice fell back to direct. */
  fellBack: boolean
}

/** The scheme of a proxy URL for each PAC entry type our tunnel can use. */
const USABLE: Record<string, 'http:' | 'https:'> = { PROXY: 'http:', HTTP: 'http:', HTTPS: 'https:' }

/** The first usable entry of `pac` (e.g. `"PROXY proxy.corp:3128;DIRECT"`). */
export function parsePacResult(pac: string): PacChoice {
  const skipped: string[] = []
  for (const entry of pac.split(';').map((e) => e.trim()).filter((e) => e !== '')) {
    const [type = '', address, ...rest] = entry.split(/\s+/)
    const kind = type.toUpperCase()
    if (kind === 'DIRECT' && address === undefined) return { proxy: null, skipped, fellBack: false }
    const scheme = USABLE[kind]
    const proxy = scheme && address !== undefined && rest.length === 0 ? proxyUrl(scheme, address) : null
    if (proxy) return { proxy, skipped, fellBack: false }
    skipped.push(entry)
  }
  // [Chromium] An empty list means DIRECT; a list of nothing we can use falls back to it too.
  return { proxy: null, skipped, fellBack: skipped.length > 0 }
}

/** `host`, `host:port` or `[v6]:port`, nothing else (no credentials, path or spaces). */
const HOST_PORT = /^(?:\[[0-9a-f:.]+\]|[^\s/@:[\]?#]+)(?::\d{1,5})?$/i

/** The address as a proxy URL; null when it is not one. */
function proxyUrl(scheme: 'http:' | 'https:', address: string): URL | null {
  if (!HOST_PORT.test(address)) return null
  try {
    return new URL(`${scheme}//${address}`)
  } catch {
    return null
  }
}

/**
 * The URL Chromium resolves for a connection to `target`: a WebSocket's proxy is its http(s)
 * form's (`ws:` → `http:`, `wss:` → `https:`, as Chromium's own WebSockets resolve), without
 * credentials or fragment.
 */
export function lookupUrl(target: URL): string {
  const url = new URL(target.href)
  if (url.protocol === 'ws:') url.protocol = 'http:'
  else if (url.protocol === 'wss:') url.protocol = 'https:'
  url.username = ''
  url.password = ''
  url.hash = ''
  return url.href
}

export interface SystemProxyOptions {
  /** The OS's answer for an http(s) URL, as a PAC result string (Electron: `session.resolveProxy`). */
  resolve(url: string): Promise<string>
  /** Told when an answer had entries we cannot use, or could not be had (the app's log). */
  warn(message: string, detail: Record<string, unknown>): void
}

/** A ProxyResolver over the OS's answers; a failed lookup goes direct, with a warning. */
export function createSystemProxyResolver(options: SystemProxyOptions): ProxyResolver {
  const warned = new Set<string>()
  const warnOnce = (key: string, message: string, detail: Record<string, unknown>): void => {
    if (warned.has(key)) return
    // Bounded: a PAC script that answers per host cannot grow this without limit.
    if (warned.size >= 100) warned.clear()
    warned.add(key)
    options.warn(message, detail)
  }
  return async (target) => {
    const url = lookupUrl(target)
    let pac: string
    try {
      pac = await options.resolve(url)
    } catch (error) {
      warnOnce(`error:${target.host}`, 'the system proxy could not be resolved; connecting directly', { url: target.origin, error: error instanceof Error ? error.message : String(error) })
      return null
    }
    const choice = parsePacResult(pac)
    if (choice.skipped.length > 0) {
      const using = choice.proxy ? choice.proxy.origin : 'direct'
      const message = choice.fellBack
        ? 'the system proxy has no entry a WebSocket can use (SOCKS is not supported); connecting directly'
        : `the system proxy's first entries cannot carry a WebSocket (SOCKS is not supported); using ${using}`
      warnOnce(`pac:${pac}`, message, { url: target.origin, proxy: pac, skipped: choice.skipped, using })
    }
    return choice.proxy
  }
}
