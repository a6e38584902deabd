/**
 * WebSocket connections through a proxy: the one a `ProxyResolver` names (the OS's in the app,
 * system-proxy.ts), by default the one the environment names, as the core's fetch does for SSE
 * (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, lowercase first, as curl; loopback is not exempt unless
 * NO_PROXY says so). `ws` has no proxy support of its own: the connection is an HTTP
 * CONNECT tunnel through the proxy — for `ws:` too, since forward proxies often mangle an
 * upgrade they relay — and, for `wss:`, TLS to the server inside it (the feed's CA included).
 * A proxy that refuses reports PROXY_AUTH_REQUIRED (407) or PROXY_REFUSED as the error's code.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequestArgs } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import { connect as tlsConnect, rootCertificates } from 'node:tls'
import type { Duplex } from 'node:stream'
import type { ProxyResolver } from '../ports.ts'

/** The proxy for `target` (ws:, wss:, http:, https:), or null for a direct connection. */
export function proxyFor(target: URL, env: Record<string, string | undefined>): URL | null {
  const secure = target.protocol === 'wss:' || target.protocol === 'https:'
  const raw = secure ? (env['https_proxy'] ?? env['HTTPS_PROXY']) : (env['http_proxy'] ?? env['HTTP_PROXY'])
  if (!raw || raw.trim() === '') return null
  if (bypassed(target, env['no_proxy'] ?? env['NO_PROXY'] ?? '')) return null
  try {
    const url = new URL(raw.includes('://') ? raw.trim() : `http://${raw.trim()}`)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null
  } catch {
    return null
  }
}

/**
 * The default ProxyResolver (the CLI, tests): `proxyFor` over `env`, read at each connection
 * (process.env when absent).
 */
export function envProxyResolver(env?: Record<string, string | undefined>): ProxyResolver {
  return async (target) => proxyFor(target, env ?? process.env)
}

/** The resolver a transport uses: the one it was given, else the environment's. */
export function resolverOf(options: { proxy?: ProxyResolver; env?: Record<string, string | undefined> }): ProxyResolver {
  return options.proxy ?? envProxyResolver(options.env)
}

/** NO_PROXY: `*`, or entries `host`, `.host` (subdomains), `host:port`, separated by commas or spaces. */
export function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port || (target.protocol === 'wss:' || target.protocol === 'https:' ? '443' : '80')
  for (const entry of noProxy.split(/[\s,]+/).filter((e) => e !== '')) {
    if (entry === '*') return true
    const { name, entryPort } = splitEntry(entry.toLowerCase())
    if (entryPort !== undefined && entryPort !== port) continue
    if (host === name || host.endsWith(`.${name}`)) return true
  }
  return false
}

/** `host`, `host:port`, `[v6]:port` or a bare IPv6 address; a leading `*.` or `.` is dropped. */
function splitEntry(entry: string): { name: string; entryPort: string | undefined } {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return { name: bracketed[1]!, entryPort: bracketed[2] }
  const colons = entry.split(':').length - 1
  const [host, port] = colons === 1 ? entry.split(':') : [entry, undefined]
  return { name: host.replace(/^\*?\./, ''), entryPort: port }
}

/** What the tunnel needs to know about the server behind it. */
export interface TunnelTarget {
  host: string
  port: number
  secure: boolean
  /** Extra CA (PEM) trusted on top of the system's for the server's certificate. */
  ca?: string | null
}

type Oncreate = (error: Error | null, socket?: Duplex) => void

/**
 * A `createConnection` for `ws` (node:http's async form): CONNECT through `proxy`, then the
 * server's TLS inside the tunnel for wss.
 */
export function tunnelThrough(proxy: URL, target: TunnelTarget): (options: ClientRequestArgs, oncreate: Oncreate) => undefined {
  return (_options, oncreate) => {
    const authority = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`
    const headers: Record<string, string> = { host: authority }
    if (proxy.username !== '') {
      const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
      headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`
    }
    const request = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
    })
    request.once('connect', (response, socket: Socket, head: Buffer) => {
      if (response.statusCode !== 200) {
        socket.destroy()
        const status = response.statusCode ?? 0
        const error = Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { code: status === 407 ? 'PROXY_AUTH_REQUIRED' : 'PROXY_REFUSED' })
        return oncreate(error)
      }
      if (head.length > 0) socket.unshift(head)
      if (!target.secure) return oncreate(null, socket)
      const tls = tlsConnect({
        socket,
        // The name the certificate is checked against (without it Node checks "localhost").
        host: target.host,
        ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
        ...(target.ca ? { ca: [...rootCertificates, target.ca] } : {}),
      })
      oncreate(null, tls)
    })
    request.once('error', (error) => oncreate(error))
    request.end()
    return undefined
  }
}

/**
 * An http(s).Agent whose every connection is a tunnel through `proxy` to `target`: for clients
 * that take an agent rather than a connection function (socket.io-client: its polling requests
 * and its WebSocket alike).
 */
export function tunnelAgent(proxy: URL, target: TunnelTarget): HttpAgent {
  const agent = target.secure ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false })
  agent.createConnection = tunnelThrough(proxy, target)
  return agent
}
