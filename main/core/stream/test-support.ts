/**
 * Shared by the stream tests (not shipped): a real node:http server on 127.0.0.1, an in-memory
 * stand-in for history's deliver port and a feed with test defaults.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { testFeed as sharedTestFeed, type FeedOverrides } from '../../test-support/fixtures.ts'
import { systemClock } from '../ports.ts'
import type { Feed, FeedEvent, FeedStatus, ReplayGap, ResumeCursor } from '../types.ts'
import { createDefaultFetch } from './default-fetch.ts'
import { subscribe } from './subscription.ts'
import type { StreamDeps, Subscription } from './subscription.ts'
import type { TuningInput } from './tuning.ts'

/** One request as the server saw it. */
export interface SeenRequest {
  url: string
  /** Raw header value as bytes-in-latin1 (what Node hands out), or undefined. */
  lastEventId: string | undefined
  headers: IncomingMessage['headers']
  at: number
}

export interface TestServer {
  url: string
  requests: SeenRequest[]
  close(): Promise<void>
}

export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void

/** Starts a server on 127.0.0.1, port 0; `handler` gets the 0-based request number. */
export async function startServer(handler: Handler, path = '/events'): Promise<TestServer> {
  const requests: SeenRequest[] = []
  const server: Server = createServer((req, res) => {
    const index = requests.length
    const raw = req.headers['last-event-id']
    requests.push({ url: req.url ?? '', lastEventId: Array.isArray(raw) ? raw[0] : raw, headers: req.headers, at: performance.now() })
    handler(req, res, index)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Starts an SSE response (200, text/event-stream) and flushes the headers. */
export function sse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...headers })
  res.flushHeaders()
}

/** A feed on `url` with the shared test defaults (id `feed-1`). */
export function testFeed(url: string, patch: FeedOverrides = {}): Feed {
  return sharedTestFeed({ id: 'feed-1', name: 'Test feed', url, createdAt: new Date(0).toISOString(), ...patch })
}

/** What the in-memory port has recorded. */
export interface Port {
  events: FeedEvent[]
  cursor: ResumeCursor
  deliveries: number
  statuses: FeedStatus[]
  gaps: ReplayGap[]
  /** Make the next `n` deliver() calls throw, like a full disk. */
  failNext(n: number): void
}

export interface Started {
  sub: Subscription
  port: Port
}

export interface StartOptions {
  cursor?: ResumeCursor
  authorization?: string | null
  tuning?: TuningInput
  deps?: Partial<StreamDeps>
  /** SubscribeOptions.missingSince. */
  missingSince?: number
}

/** Fast defaults: 20 ms base delay, 200 ms cap, no status throttling. */
export const fastTuning: TuningInput = {
  backoff: { baseMs: 20, maxMs: 200 },
  statusThrottleMs: 0,
}

/** Subscribes `feed` with an in-memory deliver port (this is the port; history is tested elsewhere). */
export function start(feed: Feed, options: StartOptions = {}): Started {
  let failures = 0
  const port: Port = {
    events: [],
    cursor: options.cursor ?? { lastEventId: '', since: '' },
    deliveries: 0,
    statuses: [],
    gaps: [],
    failNext(n) {
      failures = n
    },
  }
  const sub = subscribe(
    {
      feed,
      authorization: options.authorization ?? null,
      cursor: port.cursor,
      deliver(events, cursor) {
        if (failures > 0) {
          failures--
          throw new Error('disk full')
        }
        port.events.push(...events)
        port.cursor = cursor
        port.deliveries++
      },
      onStatus: (status) => port.statuses.push(status),
      onGap: (gap) => port.gaps.push(gap),
      tuning: { ...fastTuning, ...options.tuning },
      ...(options.missingSince !== undefined ? { missingSince: options.missingSince } : {}),
    },
    { fetch: createDefaultFetch(), clock: systemClock, ...options.deps },
  )
  return { sub, port }
}

/** What a stream test file keeps between a test and its afterEach. */
export interface StreamTestScope {
  /** Subscriptions to close after the test; push each one started. */
  subs: Subscription[]
  /** Starts a server (as startServer) that `closeAll` closes. */
  serve(handler: Handler): Promise<TestServer>
  /** For afterEach: closes the subscriptions, then the servers. */
  closeAll(): Promise<void>
}

/** One scope per test file; pass `closeAll` to afterEach. */
export function streamTestScope(): StreamTestScope {
  const subs: Subscription[] = []
  const servers: TestServer[] = []
  return {
    subs,
    async serve(handler) {
      const server = await startServer(handler)
      servers.push(server)
      return server
    },
    async closeAll() {
      await Promise.all(subs.splice(0).map((s) => s.close()))
      await Promise.all(servers.splice(0).map((s) => s.close()))
    },
  }
}
