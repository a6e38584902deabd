// The shared SSE conformance vectors (/work/shared/conformance), each served by a real node:http
// server: what Tidings stores, the Last-Event-ID it sends on the reconnect (exact bytes), and the
// reconnection time it applies. The whole subscription path is under test, not the parser alone.
import { afterEach, expect, it } from 'vitest'
import { expectedLastEventIdHeader, loadVectors, vectorPieces, vectorsAvailable, type Vector } from '../../test-support/vectors.ts'
import { describeWithPeer } from '../../test-support/peer-availability.ts'
import { waitFor } from '../../test-support/wait.ts'
import type { FetchLike } from '../ports.ts'
import { createDefaultFetch } from './default-fetch.ts'
import type { Subscription } from './subscription.ts'
import { start, startServer, testFeed } from './test-support.ts'
import type { TestServer } from './test-support.ts'

const vectors = loadVectors()

/** The base delay when the stream sets none: distinct from every `retry` in the vectors. */
const defaultBaseMs = 7_777

let server: TestServer | null = null
let sub: Subscription | null = null

afterEach(async () => {
  await sub?.close()
  sub = null
  await server?.close()
  server = null
})

/** The real default fetch, with each response body re-cut into `size`-byte chunks. */
function rechunking(size: number): FetchLike {
  const base = createDefaultFetch()
  return async (url, init) => {
    const response = await base(url, init)
    const source = response.body
    if (source === null) return response
    const reader = source.getReader()
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        for (let at = 0; at < value.length; at += size) controller.enqueue(value.subarray(at, at + size))
      },
      cancel: (reason) => reader.cancel(reason),
    })
    return { status: response.status, url: response.url, redirected: response.redirected, headers: response.headers, body }
  }
}

async function check(vector: Vector, fetch?: FetchLike): Promise<void> {
  server = await startServer((_req, res, index) => {
    if (index > 0) {
      res.writeHead(204)
      return void res.end()
    }
    res.writeHead(200, { 'content-type': vector.contentType ?? 'text/event-stream' })
    res.flushHeaders()
    const parts = vectorPieces(vector)
    const next = (i: number): void => {
      if (i === parts.length) return void res.end()
      res.write(parts[i])
      setImmediate(() => next(i + 1))
    }
    next(0)
  })
  const started = start(testFeed(server.url), {
    tuning: { backoff: { baseMs: defaultBaseMs, maxMs: 60_000 }, statusThrottleMs: 0 },
    ...(fetch ? { deps: { fetch } } : {}),
  })
  sub = started.sub
  const { port } = started
  await waitFor(() => sub!.status().state === 'backoff', `${vector.name}: backoff after the body ends`)

  expect(port.events.map((e) => ({ type: e.type, data: e.data, lastEventId: e.id }))).toEqual(vector.events)
  const waiting = sub.status()
  expect(waiting.nextRetryAt! - waiting.since).toBe(vector.retry ?? defaultBaseMs)

  sub.wake()
  await waitFor(() => server!.requests.length === 2, `${vector.name}: the reconnect`)
  expect(server.requests[1]!.lastEventId).toBe(expectedLastEventIdHeader(vector))
}

describeWithPeer(vectorsAvailable, '../shared (the conformance vectors)')('conformance vectors', () => {
  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThan(20)
  })

  for (const vector of vectors) {
    it(vector.name, async () => {
      await check(vector)
    })
  }
})

describeWithPeer(vectorsAvailable, '../shared (the conformance vectors)')('conformance vectors, one byte per chunk', () => {
  for (const vector of vectors) {
    it(vector.name, async () => {
      await check(vector, rechunking(1))
    })
  }
})
