/**
 * Test support: a server speaking gotify's client API as gotify/server does (api/message.go,
 * api/stream, auth/authentication.go, model/paging.go), in Node (node:http + a `ws` server):
 *
 * - `GET /stream`: WebSocket; every new message is sent as JSON text `{id, appid, message, title,
 *   priority, extras?, date}`; the server pings every `pingIntervalMs`.
 * - `GET /message?limit=N&since=ID`: newest first; `since` = ids *below* ID (0 = no bound);
 *   limit 1..200, default 100, else 400; `paging.since` is the page's smallest id when there is a
 *   next page (then `paging.next` is its URL), else 0.
 * - `POST /message` with an application token: creates a message (what a sender does).
 * - Tokens from `?token=`, `X-Gotify-Key` or `Authorization: Bearer`; a missing or unknown
 *   client token gets 401 with gotify's JSON error, before any upgrade.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

/** A message as gotify stores it. */
export interface GotifyPeerMessage {
  id: number
  appid: number
  message: string
  title: string
  priority: number
  extras?: Record<string, unknown>
  date: string
}

export interface GotifyPeerOptions {
  /** Port to listen on (0 = a free one; pass the old port to restart in place). */
  port?: number
  clientToken?: string
  appToken?: string
  /** Messages already stored (a restart keeps the database). */
  messages?: GotifyPeerMessage[]
  pingIntervalMs?: number
  /** Called before a `/message` page is answered (e.g. to post a message at that very moment). */
  beforePage?: (query: URLSearchParams) => void
}

export interface GotifyPeer {
  /** ws://127.0.0.1:port/stream */
  streamUrl: string
  /** http://127.0.0.1:port */
  baseUrl: string
  port: number
  clientToken: string
  appToken: string
  /** The database; survives a restart when passed back in `options.messages`. */
  messages: GotifyPeerMessage[]
  /** Every request: method, path with query, headers. */
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[]
  /** Live `/stream` clients. */
  streams(): number
  /** Creates a message (as POST /message does) and pushes it to every stream; returns it. */
  push(input: { title?: string; message: string; priority?: number; extras?: Record<string, unknown>; appid?: number }): GotifyPeerMessage
  /** Holds stream messages back (they queue) until `releaseStream()`: a slow stream. */
  holdStream(): void
  releaseStream(): void
  /** Cuts every stream's TCP connection. */
  dropStreams(): void
  stop(): Promise<void>
}

const UNAUTHORIZED = { error: 'Unauthorized', errorCode: 401, errorDescription: 'you need to provide a valid access token or user credentials to access this api' }

function tokenOf(req: IncomingMessage, url: URL): string {
  const query = url.searchParams.get('token')
  if (query) return query
  const header = req.headers['x-gotify-key']
  if (typeof header === 'string' && header !== '') return header
  const auth = req.headers.authorization ?? ''
  return /^bearer /i.test(auth) ? auth.slice(7) : ''
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** gotify's JSON field order (Go struct order), `extras` omitted when empty. */
function external(m: GotifyPeerMessage): GotifyPeerMessage {
  const { id, appid, message, title, priority, extras, date } = m
  return extras && Object.keys(extras).length > 0 ? { id, appid, message, title, priority, extras, date } : { id, appid, message, title, priority, date }
}

/** Starts the peer on 127.0.0.1. */
export async function startGotifyPeer(options: GotifyPeerOptions = {}): Promise<GotifyPeer> {
  const clientToken = options.clientToken ?? 'Cclient-token'
  const appToken = options.appToken ?? 'Aapp-token'
  const messages: GotifyPeerMessage[] = options.messages ?? []
  const requests: GotifyPeer['requests'] = []
  const sockets = new Set<Socket>()
  const wss = new WebSocketServer({ noServer: true })
  let port = 0
  let held: string[] | null = null

  function create(input: Parameters<GotifyPeer['push']>[0]): GotifyPeerMessage {
    const id = (messages.at(-1)?.id ?? 0) + 1
    const message: GotifyPeerMessage = {
      id,
      appid: input.appid ?? 1,
      message: input.message,
      title: input.title ?? 'app',
      priority: input.priority ?? 0,
      ...(input.extras ? { extras: input.extras } : {}),
      date: new Date().toISOString(),
    }
    messages.push(message)
    const text = JSON.stringify(external(message))
    if (held !== null) held.push(text)
    else for (const client of wss.clients) client.send(text)
    return message
  }

  function page(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const limitText = url.searchParams.get('limit')
    const sinceText = url.searchParams.get('since')
    const limit = limitText === null ? 100 : Number(limitText)
    const since = sinceText === null ? 0 : Number(sinceText)
    if (!Number.isInteger(limit) || limit < 1 || limit > 200 || !Number.isInteger(since) || since < 0) {
      return json(res, 400, { error: 'Bad Request', errorCode: 400, errorDescription: 'invalid paging parameters' })
    }
    options.beforePage?.(url.searchParams)
    // GetMessagesByUserSince: id < since (when since > 0), newest first, limit+1 to see if more.
    const rows = messages.filter((m) => since === 0 || m.id < since).sort((a, b) => b.id - a.id).slice(0, limit + 1)
    const used = rows.length > limit ? rows.slice(0, limit) : rows
    const paging: Record<string, unknown> = { size: used.length, limit, since: 0 }
    if (rows.length > limit) {
      const next = used.at(-1)!.id
      paging['since'] = next
      const nextUrl = new URL(`http://127.0.0.1:${port}${url.pathname}`)
      nextUrl.searchParams.set('limit', String(limit))
      nextUrl.searchParams.set('since', String(next))
      paging['next'] = nextUrl.href
    }
    json(res, 200, { paging, messages: used.map(external) })
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    if (url.pathname === '/message' && req.method === 'GET') {
      if (tokenOf(req, url) !== clientToken) return json(res, 401, UNAUTHORIZED)
      return page(req, res, url)
    }
    if (url.pathname === '/message' && req.method === 'POST') {
      if (tokenOf(req, url) !== appToken) return json(res, 401, UNAUTHORIZED)
      let body = ''
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => {
        const input = JSON.parse(body) as Parameters<GotifyPeer['push']>[0]
        json(res, 200, external(create(input)))
      })
      return
    }
    json(res, 404, { error: 'Not Found', errorCode: 404, errorDescription: 'page not found' })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push({ method: 'UPGRADE', url: req.url ?? '', headers: req.headers })
    const refuse = (status: number, body: unknown) => {
      const text = JSON.stringify(body)
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`)
    }
    if (url.pathname !== '/stream') return refuse(404, { error: 'Not Found', errorCode: 404, errorDescription: 'page not found' })
    if (tokenOf(req, url) !== clientToken) return refuse(401, UNAUTHORIZED)
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (options.pingIntervalMs) {
        const timer = setInterval(() => ws.ping(), options.pingIntervalMs)
        ws.on('close', () => clearInterval(timer))
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    streamUrl: `ws://127.0.0.1:${port}/stream`,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    clientToken,
    appToken,
    messages,
    requests,
    streams: () => wss.clients.size,
    push: create,
    holdStream() {
      held ??= []
    },
    releaseStream() {
      const texts = held ?? []
      held = null
      for (const text of texts) for (const client of wss.clients) client.send(text)
    },
    dropStreams() {
      for (const client of wss.clients) client.terminate()
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        for (const socket of sockets) socket.destroy()
        wss.close()
        server.close(() => resolve())
      }),
  }
}
