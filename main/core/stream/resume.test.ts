// Exactly-once delivery across broken connections: a server cuts the stream at random byte offsets
// (mid-event, mid-line, mid-character) and resumes after the Last-Event-ID it receives.
import { afterEach, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { MAX_IN_FLIGHT } from './delivery-window.ts'
import { subscribe, type Subscription } from './subscription.ts'
import { createDefaultFetch } from './default-fetch.ts'
import { systemClock } from '../ports.ts'
import { start, startServer, testFeed } from './test-support.ts'
import type { TestServer } from './test-support.ts'

const total = 1_000

let server: TestServer | null = null
let sub: Subscription | null = null

afterEach(async () => {
  await sub?.close()
  await server?.close()
  sub = null
  server = null
})

function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** Event `n` on the wire: some multi-line, some with a comment, all with non-ASCII data. */
function block(n: number): string {
  const comment = n % 7 === 0 ? ': keepalive\n' : ''
  const data = n % 5 === 0 ? `data: event ${n} — part one\ndata: part two é` : `data: event ${n} — ✓`
  return `${comment}id: ${n}\n${data}\n\n`
}

function expectedData(n: number): string {
  return n % 5 === 0 ? `event ${n} — part one\npart two é` : `event ${n} — ✓`
}

/**
 * Serves events after the Last-Event-ID it receives, cut after a random number of bytes below
 * `maxCut` (half the time the socket dies, half the time the response ends there), or whole when
 * the rest is shorter (and the stream stays open). Returns how many cuts it made so far.
 */
async function cuttingServer(random: () => number, maxCut: number): Promise<() => number> {
  let cuts = 0
  server = await startServer((req, res) => {
    const after = Number(req.headers['last-event-id'] ?? 0)
    let text = 'retry: 1\n\n'
    for (let n = after + 1; n <= total; n++) text += block(n)
    const bytes = Buffer.from(text, 'utf8')
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    const cut = 1 + Math.floor(random() * maxCut)
    if (cut >= bytes.length) return void res.write(bytes)
    cuts++
    if (random() < 0.5) res.write(bytes.subarray(0, cut), () => res.socket?.destroy())
    else res.end(bytes.subarray(0, cut))
  })
  return () => cuts
}

it('delivers ids 1..1000 exactly once, in order, through random cuts', async () => {
  const cutsMade = await cuttingServer(seeded(2024), 1_500)
  const started = start(testFeed(server!.url), { tuning: { backoff: { baseMs: 1, maxMs: 4 }, statusThrottleMs: 0 } })
  sub = started.sub
  const { port } = started
  await waitFor(() => port.events.length >= total || server!.requests.length > 2_000, 'all events', 20_000)

  const cuts = cutsMade()
  expect(cuts).toBeGreaterThan(10)
  expect(port.events.map((e) => e.id)).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)))
  expect(port.events.every((e, i) => e.data === expectedData(i + 1) && e.newId)).toBe(true)
  expect(port.cursor.lastEventId).toBe(String(total))
  // Every reconnect asked for exactly what had been stored before it.
  expect(server!.requests.length).toBe(cuts + 1)
})

it('stays exactly-once when storage answers later, sometimes refuses, and lags behind the network', async () => {
  const random = seeded(7)
  await cuttingServer(random, 6_000)
  // A store like the history writer: answers in order, later; once a batch of an attempt fails,
  // the rest of that attempt is refused (nothing is stored past a gap).
  const stored: { id: string; data: string }[] = []
  const failedAttempts = new Set<number>()
  let queue = Promise.resolve()
  let inFlight = 0
  let maxInFlight = 0
  let batches = 0
  sub = subscribe(
    {
      feed: testFeed(server!.url),
      authorization: null,
      cursor: { lastEventId: '', since: '' },
      deliver(events, _cursor, attempt) {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        const refuse = ++batches % 5 === 0
        const done = queue.then(async () => {
          await new Promise((r) => setTimeout(r, 2 + random() * 8)) // storage slower than the wire
          inFlight--
          if (failedAttempts.has(attempt) || refuse) {
            failedAttempts.add(attempt)
            throw new Error('disk full')
          }
          stored.push(...events.map((e) => ({ id: e.id, data: e.data })))
        })
        queue = done.catch(() => undefined)
        return done
      },
      onStatus: () => {},
      onGap: () => {},
      tuning: { backoff: { baseMs: 1, maxMs: 4 }, statusThrottleMs: 0 },
    },
    { fetch: createDefaultFetch(), clock: systemClock },
  )
  await waitFor(() => stored.length >= total || server!.requests.length > 3_000, 'all events', 30_000)
  expect(failedAttempts.size).toBeGreaterThan(0)
  expect(stored.map((e) => e.id)).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)))
  expect(stored.every((e, i) => e.data === expectedData(i + 1))).toBe(true)
  expect(maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT)
})

it('numbers connection attempts across subscriptions, so a refused attempt never shadows a later one', async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('id: 1\ndata: x\n\n')
  })
  const attempts: number[] = []
  const subs = [0, 1].map(() =>
    subscribe(
      {
        feed: testFeed(server!.url),
        authorization: null,
        cursor: { lastEventId: '', since: '' },
        deliver: (_events, _cursor, attempt) => void attempts.push(attempt),
        onStatus: () => {},
        onGap: () => {},
      },
      { fetch: createDefaultFetch(), clock: systemClock },
    ),
  )
  try {
    await waitFor(() => attempts.length >= 2, 'both delivered')
    expect(new Set(attempts).size).toBe(2)
  } finally {
    await Promise.all(subs.map((s) => s.close()))
  }
})
