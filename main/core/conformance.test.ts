/**
 * The SSE conformance vectors (web-platform-tests + the HTML standard's examples), through the
 * whole subscription path: each body is served over HTTP by a real server, stored by a real core
 * in SQLite, and the `Last-Event-ID` of the reconnect is read off the wire by the server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openEnvironment } from '../cli/environment.ts'
import { expectedLastEventIdHeader, loadVectors, vectorPieces, vectorsAvailable } from '../test-support/vectors.ts'
import { describeWithPeer } from '../test-support/peer-availability.ts'
import { waitFor } from '../test-support/wait.ts'

const vectors = loadVectors()

describeWithPeer(vectorsAvailable, '../shared (the conformance vectors)').concurrent('conformance vectors, stored and resumed', () => {
  it('has vectors to run', () => expect(vectors.length).toBeGreaterThan(20))

  for (const vector of vectors) {
    it(vector.name, async () => {
      const requests: { lastEventId: string | undefined; at: number }[] = []
      const server = createServer((req, res) => void (async () => {
        requests.push({ lastEventId: req.headers['last-event-id'] as string | undefined, at: Date.now() })
        if (requests.length > 1) {
          res.writeHead(204) // [spec] a 204 tells the client to stop reconnecting
          return void res.end()
        }
        res.writeHead(200, { 'content-type': vector.contentType ?? 'text/event-stream' })
        for (const piece of vectorPieces(vector)) {
          res.write(piece)
          await new Promise((r) => setImmediate(r))
        }
        res.end()
      })())
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      const dataDir = mkdtempSync(join(tmpdir(), 'tidings-vector-'))
      const env = await openEnvironment({ dataDir })
      try {
        await env.service.start()
        const feed = await env.service.handlers['feeds:add']({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, alerts: { enabled: false } })
        // The stream ends; the status shows the reconnect delay the body's `retry:` set.
        const backoff = await waitFor(async () => {
          const s = (await env.service.handlers['feeds:list']())[0]!.status
          return s.state === 'backoff' && s
        }, 'backoff after the body', 10_000)
        expect(backoff.nextRetryAt! - backoff.since).toBeGreaterThanOrEqual((vector.retry ?? 3000) - 50)
        expect(backoff.nextRetryAt! - backoff.since).toBeLessThanOrEqual((vector.retry ?? 3000) + 50)
        env.service.wake('online') // reconnect now rather than waiting out the delay
        await waitFor(() => requests.length >= 2, 'the reconnect', 10_000)

        const stored = env.history.query({ feedId: feed.id, order: 'oldest', limit: 1000 }).events
        expect(stored.map((e) => ({ type: e.type, data: e.data, lastEventId: e.id }))).toEqual(vector.events)
        expect(requests[1]!.lastEventId).toBe(expectedLastEventIdHeader(vector))
        expect(requests[0]!.lastEventId).toBeUndefined()
      } finally {
        await env.close()
        server.closeAllConnections()
        server.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }
})
