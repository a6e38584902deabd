// The connection table of DESIGN.md, row by row, each against a real node:http server.
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { sse, start, streamTestScope, testFeed } from './test-support.ts'
import type { Handler, Started } from './test-support.ts'

const { subs, serve, closeAll } = streamTestScope()
afterEach(closeAll)

function track(started: Started): Started {
  subs.push(started.sub)
  return started
}

/** A server that answers every request with `status` (and headers) and a short body. */
function answer(status: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, headers)
    res.end(status === 204 ? undefined : 'nope')
  }
}

describe('200 + text/event-stream', () => {
  it('opens, delivers every event type with its id, and sends the request headers', async () => {
    const srv = await serve((_req, res) => {
      sse(res)
      res.write('id: 1\ndata: one\n\nevent: add\ndata: two\n\n')
    })
    const feed = testFeed(srv.url, { headers: { 'X-Extra': 'yes' } })
    const { sub, port } = track(start(feed, { authorization: 'Bearer t0ken' }))
    await waitFor(() => port.events.length === 2, 'two events')
    expect(sub.status().state).toBe('open')
    expect(port.events.map((e) => [e.type, e.data, e.id, e.newId])).toEqual([
      ['message', 'one', '1', true],
      ['add', 'two', '1', false],
    ])
    expect(port.cursor).toEqual({ lastEventId: '1', since: '' })
    const headers = srv.requests[0]!.headers
    expect(headers['accept']).toBe('text/event-stream')
    expect(headers['cache-control']).toBe('no-store')
    expect(headers['authorization']).toBe('Bearer t0ken')
    expect(headers['x-extra']).toBe('yes')
    expect(headers['last-event-id']).toBeUndefined()
    await waitFor(() => sub.status().counters.events === 2, 'event counter')
    expect(sub.status().lastEventAt).not.toBeNull()
    expect(sub.status().counters.bytes).toBeGreaterThan(0)
  })

  it('keeps only feed.eventTypes but still moves the cursor past the others', async () => {
    const srv = await serve((_req, res) => {
      sse(res)
      res.write('id: 1\nevent: add\ndata: a\n\n')
      setTimeout(() => res.write('id: 2\nevent: remove\ndata: b\n\n'), 20)
    })
    const { port } = track(start(testFeed(srv.url, { eventTypes: ['add'] })))
    await waitFor(() => port.cursor.lastEventId === '2', 'cursor past the filtered event')
    expect(port.events.map((e) => e.type)).toEqual(['add'])
  })

  it('sends the stored resume id on the first connection, as UTF-8 bytes', async () => {
    const srv = await serve((_req, res) => sse(res))
    const { sub } = track(start(testFeed(srv.url), { cursor: { lastEventId: 'ü-7', since: '' } }))
    await waitFor(() => sub.status().state === 'open', 'open')
    expect(srv.requests[0]!.lastEventId).toBe(Buffer.from('ü-7', 'utf8').toString('latin1'))
  })
})

describe('resume and reconnect', () => {
  it('sends the last stored id as Last-Event-ID on the next connection and keeps ids across it', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index === 0) res.end('id: 41\ndata: a\n\nid: 42\ndata: b\n\n')
      else res.write('data: inherits\n\nid: 43\ndata: c\n\n')
    })
    const { port } = track(start(testFeed(srv.url)))
    await waitFor(() => port.events.length === 4, 'four events')
    expect(srv.requests[1]!.lastEventId).toBe('42')
    // [spec] an event without id: inherits the last event ID, also across a reconnection.
    expect(port.events.map((e) => [e.data, e.id, e.newId])).toEqual([
      ['a', '41', true],
      ['b', '42', true],
      ['inherits', '42', false],
      ['c', '43', true],
    ])
  })

  it('stores an id-only block as a cursor move and resumes from it', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index === 0) res.end('id: 5\ndata: x\n\nid: 6\n\n')
      else res.write(': hi\n\n')
    })
    const { port } = track(start(testFeed(srv.url)))
    await waitFor(() => srv.requests.length === 2, 'reconnect')
    expect(srv.requests[1]!.lastEventId).toBe('6')
    expect(port.events).toHaveLength(1)
  })

  it('uses retry: N as the base delay', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index === 0) res.end('retry: 150\ndata: x\n\n')
      else res.write(': ok\n\n')
    })
    const { sub } = track(start(testFeed(srv.url)))
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    const s = sub.status()
    expect(s.nextRetryAt! - s.since).toBe(150)
    expect(s.lastError?.kind).toBe('ended')
    await waitFor(() => srv.requests.length === 2, 'reconnect')
    expect(srv.requests[1]!.at - srv.requests[0]!.at).toBeGreaterThanOrEqual(140)
  })

  it('backs off exponentially when a stream ends at once, and resets after a stable stream', async () => {
    // Generous against a loaded machine: the four short streams live far less than stableAfterMs,
    // and the fifth is ended only once the client has seen it open for twice that long.
    const stableAfterMs = 1_000
    let fifth: ServerResponse | null = null
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index < 4) return void res.end('data: x\n\n')
      if (index === 4) fifth = res
    })
    const { sub, port } = track(
      start(testFeed(srv.url), { tuning: { backoff: { baseMs: 10, maxMs: 1000 }, stableAfterMs, statusThrottleMs: 0 }, deps: { random: () => 1 } }),
    )
    const opened = await waitFor(() => (srv.requests.length === 5 && sub.status().state === 'open' ? performance.now() : 0), 'the fifth stream open')
    await waitFor(() => performance.now() - opened >= 2 * stableAfterMs, 'the fifth stream up for twice stableAfterMs', 2 * stableAfterMs + 10_000)
    fifth!.end()
    await waitFor(() => srv.requests.length === 6, 'six connections')
    const delays = port.statuses.filter((s) => s.state === 'backoff').map((s) => s.nextRetryAt! - s.since)
    // random() = 1 gives the full delay: 10, 20, 40, 80; then the stable stream resets it to 10.
    expect(delays.slice(0, 5)).toEqual([10, 20, 40, 80, 10])
    expect(sub.status().counters.reconnects).toBeGreaterThanOrEqual(5)
  })

  it('treats a refused connection as a network error and backs off', async () => {
    const srv = await serve(answer(200))
    const url = srv.url
    await srv.close()
    const { sub } = track(start(testFeed(url)))
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().lastError).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' })
    // One clean detail, not the code said twice around it.
    expect(sub.status().lastError!.message.match(/ECONNREFUSED/g)).toHaveLength(1)
  })

  it('a connection that breaks mid-stream is a network error carrying the code, not an orderly end', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index === 0) res.write('data: a\n\n', () => res.socket?.destroy())
    })
    const { port } = track(start(testFeed(srv.url)))
    await waitFor(() => port.statuses.some((s) => s.state === 'backoff'), 'backoff')
    const broke = port.statuses.find((s) => s.state === 'backoff')!
    expect(broke.lastError).toMatchObject({ kind: 'network', code: expect.stringMatching(/^(E|UND_ERR)/) as unknown })
  })

  it('wake() during backoff reconnects at once', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index === 0) res.end('retry: 60000\ndata: x\n\n')
    })
    const { sub } = track(start(testFeed(srv.url)))
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().nextRetryAt! - sub.status().since).toBe(60_000)
    sub.wake()
    await waitFor(() => srv.requests.length === 2, 'immediate reconnect', 1_000)
    await waitFor(() => sub.status().state === 'open', 'open again')
  })

  it('does not acknowledge events whose storage failed, and resumes from the stored cursor', async () => {
    const srv = await serve((req, res) => {
      sse(res)
      const after = Number(req.headers['last-event-id'] ?? 0)
      for (let id = after + 1; id <= 3; id++) res.write(`id: ${id}\ndata: e${id}\n\n`)
    })
    const { sub, port } = track(start(testFeed(srv.url)))
    port.failNext(1)
    await waitFor(() => port.events.length === 3, 'all three events stored')
    expect(port.events.map((e) => e.id)).toEqual(['1', '2', '3'])
    expect(srv.requests[1]!.lastEventId).toBeUndefined() // nothing had been acknowledged
    expect(sub.status().lastError).toMatchObject({ kind: 'storage', message: 'disk full' })
  })
})

describe('stall watchdog', () => {
  it('reconnects when keepalives stop, with a limit learned from their cadence', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      let sent = 0
      const timer = setInterval(() => {
        res.write(': keepalive\n\n')
        // The first stream goes silent after four keepalives (socket left open); the next keeps on.
        if (index === 0 && ++sent === 4) clearInterval(timer)
      }, 20)
      res.on('close', () => clearInterval(timer))
    })
    const { sub, port } = track(
      start(testFeed(srv.url), {
        tuning: { ...fastStall, backoff: { baseMs: 10, maxMs: 50 } },
      }),
    )
    await waitFor(() => srv.requests.length === 2, 'reconnect after the stall')
    const stalledAt = port.statuses.findIndex((s) => s.lastError?.kind === 'stalled')
    const stalled = port.statuses[stalledAt]!
    const learned = port.statuses.slice(0, stalledAt).filter((s) => s.state === 'open' && s.stallLimitMs < fastStall.stall.defaultMs)
    expect(learned.length).toBeGreaterThan(0)
    expect(stalled.lastError).toMatchObject({ code: 'SILENT', message: expect.stringMatching(/^No data for/) as unknown })
    // The silence that tripped the watchdog counts as a gap: a merely quiet stream gets more time.
    expect(stalled.stallLimitMs).toBeGreaterThan(learned.at(-1)!.stallLimitMs)
    expect(sub.status().counters.reconnects).toBe(1)
  })

  it('gives up on a server that accepts the connection but never answers', async () => {
    const srv = await serve((_req, res, index) => {
      if (index > 0) sse(res) // the first request gets no response at all
    })
    const { sub, port } = track(start(testFeed(srv.url, { stallTimeoutSec: 0.1 })))
    await waitFor(() => sub.status().state === 'open', 'open on the second try')
    const stalled = port.statuses.find((s) => s.lastError?.kind === 'stalled')!
    expect(stalled.lastError).toMatchObject({ code: 'NO_RESPONSE', message: expect.stringMatching(/^No response within/) as unknown })
    expect(srv.requests).toHaveLength(2)
  })

  it('uses feed.stallTimeoutSec as a fixed limit', async () => {
    const srv = await serve((_req, res) => sse(res))
    const { sub, port } = track(start(testFeed(srv.url, { stallTimeoutSec: 0.1 })))
    await waitFor(() => sub.status().state === 'open', 'open')
    expect(sub.status().stallLimitMs).toBe(100)
    await waitFor(() => port.statuses.some((s) => s.lastError?.kind === 'stalled'), 'stall')
    const opened = port.statuses.find((s) => s.state === 'open')!
    const stalled = port.statuses.find((s) => s.lastError?.kind === 'stalled')!
    expect(stalled.lastError!.at - opened.since).toBeGreaterThanOrEqual(95)
  })

  it('uses a generous default before any cadence is seen', async () => {
    const srv = await serve((_req, res) => {
      sse(res)
      res.write('data: one burst\n\n')
    })
    const { sub } = track(start(testFeed(srv.url)))
    await waitFor(() => sub.status().state === 'open', 'open')
    expect(sub.status().stallLimitMs).toBe(10 * 60_000)
  })
})

/**
 * Small adaptive limits: any gap counts, two gaps make a cadence, 3× + 10 ms, at least 400 ms (so
 * a loaded machine's late timer is not mistaken for a dead stream).
 */
const fastStall = { stall: { minMs: 400, maxMs: 5_000, minGapMs: 0, minSamples: 2, factor: 3, marginMs: 10, defaultMs: 5_000 }, statusThrottleMs: 0 }

describe('HTTP status rows', () => {
  const stops: [number, string, string][] = [
    [204, 'no-content', 'no-content'],
    [401, 'auth', 'auth'],
    [403, 'auth', 'auth'],
    [404, 'not-found', 'not-found'],
    [410, 'not-found', 'not-found'],
  ]
  for (const [status, reason, kind] of stops) {
    it(`${status} stops with reason ${reason} and does not retry`, async () => {
      const srv = await serve(answer(status))
      const { sub } = track(start(testFeed(srv.url)))
      await waitFor(() => sub.status().state === 'stopped', 'stopped')
      expect(sub.status().stopReason).toBe(reason)
      expect(sub.status().lastError).toMatchObject({ kind, status })
      sub.wake() // not in backoff: nothing happens (a reconnect would enter 'connecting' at once)
      expect(sub.status()).toMatchObject({ state: 'stopped', nextRetryAt: null })
      expect(srv.requests).toHaveLength(1)
    })
  }

  it('resume() leaves stopped and connects now', async () => {
    const srv = await serve((_req, res, index) => (index === 0 ? answer(401)(_req, res, index) : sse(res)))
    const { sub } = track(start(testFeed(srv.url)))
    await waitFor(() => sub.status().state === 'stopped', 'stopped')
    sub.resume()
    await waitFor(() => sub.status().state === 'open', 'open after resume')
    expect(sub.status().stopReason).toBeNull()
  })

  it('stops with content-type for a non event-stream 200, ignoring parameters for a real one', async () => {
    const srv = await serve(answer(200, { 'content-type': 'text/html; charset=utf-8' }))
    const { sub } = track(start(testFeed(srv.url)))
    await waitFor(() => sub.status().state === 'stopped', 'stopped')
    expect(sub.status().stopReason).toBe('content-type')
    expect(sub.status().lastError?.message).toContain('text/html')
  })

  it('stops with invalid for a non-http URL', async () => {
    const { sub } = track(start(testFeed('ftp://example.com/feed')))
    await waitFor(() => sub.status().state === 'stopped', 'stopped')
    expect(sub.status().stopReason).toBe('invalid')
    expect(sub.status().lastError?.kind).toBe('invalid')
  })

  for (const status of [429, 503]) {
    it(`${status} with Retry-After waits exactly that long (seconds and HTTP date)`, async () => {
      const srv = await serve((req, res, index) => {
        if (index === 0) return answer(status, { 'retry-after': '1' })(req, res, index)
        if (index === 1) return answer(status, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() })(req, res, index)
        sse(res)
      })
      const { sub, port } = track(start(testFeed(srv.url)))
      await waitFor(() => srv.requests.length === 2, 'retry after one second', 3_000)
      const first = port.statuses.find((s) => s.state === 'backoff')!
      expect(first.nextRetryAt! - first.since).toBe(1000)
      expect(first.lastError).toMatchObject({ kind: 'rate-limited', status })
      expect(srv.requests[1]!.at - srv.requests[0]!.at).toBeGreaterThanOrEqual(990)
      await waitFor(() => sub.status().state === 'backoff', 'second wait')
      const wait = sub.status().nextRetryAt! - sub.status().since
      expect(wait).toBeGreaterThan(110_000)
      expect(wait).toBeLessThanOrEqual(120_000)
      // wake() does not cut a wait the server asked for (a reconnect would leave 'backoff' at once).
      const before = sub.status().nextRetryAt
      sub.wake()
      expect(sub.status()).toMatchObject({ state: 'backoff', nextRetryAt: before })
      expect(srv.requests).toHaveLength(2)
    })
  }

  it('a server that keeps answering 503 with Retry-After: 0 (or a past date) still backs off', async () => {
    const srv = await serve((req, res, index) =>
      answer(503, { 'retry-after': index % 2 === 0 ? '0' : 'Thu, 01 Jan 1970 00:00:00 GMT' })(req, res, index),
    )
    const { port } = track(start(testFeed(srv.url), { tuning: { backoff: { baseMs: 10, maxMs: 1000 }, statusThrottleMs: 0 }, deps: { random: () => 1 } }))
    await waitFor(() => port.statuses.filter((s) => s.state === 'backoff').length >= 5, 'five waits')
    const waits = port.statuses.filter((s) => s.state === 'backoff').map((s) => s.nextRetryAt! - s.since)
    // The first Retry-After is honoured as asked (0); then the exponential series takes over.
    expect(waits.slice(0, 5)).toEqual([0, 20, 40, 80, 160])
  })

  it('503 without Retry-After and 500 back off like other server errors', async () => {
    const srv = await serve((req, res, index) => {
      if (index === 0) return answer(503)(req, res, index)
      if (index === 1) return answer(500)(req, res, index)
      sse(res)
    })
    const { sub, port } = track(start(testFeed(srv.url), { deps: { random: () => 1 } }))
    await waitFor(() => sub.status().state === 'open', 'open after two failures')
    const errors = port.statuses.filter((s) => s.state === 'backoff').map((s) => [s.lastError?.kind, s.lastError?.message, s.nextRetryAt! - s.since])
    expect(errors).toEqual([
      ['http', 'HTTP 503 Service Unavailable', 20],
      ['http', 'HTTP 500 Internal Server Error', 40],
    ])
  })
})

describe('memory bounds', () => {
  it('drops an oversize event, records why, and the next event still arrives', async () => {
    const srv = await serve((_req, res) => {
      sse(res)
      res.write(`data: ${'x'.repeat(5_000)}\n\n`)
      res.write('data: small\n\n')
    })
    const { sub, port } = track(start(testFeed(srv.url, { maxEventBytes: 1_000 })))
    await waitFor(() => port.events.length === 1, 'the small event')
    expect(port.events[0]!.data).toBe('small')
    const s = sub.status()
    expect(s.counters.dropped).toBe(1)
    expect(s.lastError?.kind).toBe('oversize')
    expect(s.lastError?.message).toContain('1000')
    expect(s.state).toBe('open')
  })

  it('survives an endless line (50 MB without a newline) with bounded memory', async () => {
    const limit = 64 * 1024
    const srv = await serve((_req, res) => {
      sse(res)
      const piece = Buffer.alloc(1024 * 1024, 0x61)
      let written = 0
      const pump = (): void => {
        while (written < 50) {
          written++
          if (!res.write(piece)) return void res.once('drain', pump)
        }
        res.write('\n\ndata: after\n\n')
      }
      res.write('data: ')
      pump()
    })
    let held = 0
    const { sub, port } = track(start(testFeed(srv.url, { maxEventBytes: limit }), { tuning: { statusThrottleMs: 0, onBuffered: (n) => (held = n) } }))
    await waitFor(() => port.events.length === 1, 'the event after the endless line', 20_000)
    expect(port.events[0]!.data).toBe('after')
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThanOrEqual(limit)
    expect(sub.status().counters.dropped).toBe(1)
    expect(sub.status().counters.bytes).toBeGreaterThan(50 * 1024 * 1024)
  })
})

describe('close()', () => {
  it('aborts the connection, clears timers and delivers nothing afterwards', async () => {
    let open = 0
    const srv = await serve((_req, res) => {
      sse(res)
      open++
      const timer = setInterval(() => res.write('data: tick\n\n'), 5)
      res.on('close', () => {
        open--
        clearInterval(timer)
      })
    })
    const { sub, port } = track(start(testFeed(srv.url)))
    await waitFor(() => port.events.length > 2, 'some ticks')
    await sub.close()
    const count = port.events.length
    // Once the server has seen the connection closed, no byte of it can still arrive.
    await waitFor(() => open === 0, 'server sees the connection closed')
    expect(port.events).toHaveLength(count)
  })
})

describe('paused feeds', () => {
  it('start paused, report it, and connect on resume()', async () => {
    const srv = await serve((_req, res) => sse(res))
    const { sub, port } = track(start(testFeed(srv.url, { paused: true })))
    await waitFor(() => port.statuses.length === 1, 'the paused status')
    expect(port.statuses[0]!.state).toBe('paused')
    expect(srv.requests).toHaveLength(0)
    sub.wake() // not in backoff: nothing happens
    sub.resume()
    await waitFor(() => sub.status().state === 'open', 'open after resume')
    expect(srv.requests).toHaveLength(1)
  })
})
