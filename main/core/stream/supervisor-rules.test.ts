// The supervisor's timing rules end to end, against real node:http servers: each test here fails
// when the rule it names is broken (decisions.test.ts has the same rules as tables). Bounds come
// from the tuning values with generous slack; nothing asserts speed.
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { systemClock } from '../ports.ts'
import type { FeedEvent, FeedStatus } from '../types.ts'
import { createDefaultFetch } from './default-fetch.ts'
import { MAX_IN_FLIGHT } from './delivery-window.ts'
import { subscribe } from './subscription.ts'
import { sse, start, streamTestScope, testFeed } from './test-support.ts'

const { subs, serve, closeAll } = streamTestScope()
let timers: ReturnType<typeof setInterval>[] = []

afterEach(async () => {
  for (const t of timers) clearInterval(t)
  timers = []
  await closeAll()
})

/** Writes `text` every `everyMs` until the response closes. */
function tick(res: ServerResponse, text: () => string, everyMs: number): void {
  const timer = setInterval(() => res.write(text()), everyMs)
  timers.push(timer)
  res.on('close', () => clearInterval(timer))
}

/** Lets `ms` of the scenario pass (the rule under test is about what does NOT happen meanwhile). */
async function elapse(ms: number): Promise<void> {
  const from = performance.now()
  await waitFor(() => performance.now() - from >= ms, `${ms} ms to pass`, ms + 10_000)
}

const stalls = (statuses: FeedStatus[]) => statuses.filter((s) => s.lastError?.kind === 'stalled')

describe('backoff after a stream that moved the cursor', () => {
  it('a proxy cutting a busy stream at once, again and again, keeps the base delay', async () => {
    // Every connection stores a new event, then the "proxy" cuts it right away.
    const srv = await serve((_req, res, index) => {
      sse(res)
      res.end(`id: ${index + 1}\ndata: busy\n\n`)
    })
    const started = start(testFeed(srv.url), {
      tuning: { backoff: { baseMs: 10, maxMs: 10_000 }, stableAfterMs: 60_000, statusThrottleMs: 0 },
      deps: { random: () => 1 },
    })
    subs.push(started.sub)
    await waitFor(() => srv.requests.length >= 6, 'six connections')
    const waits = started.port.statuses.filter((s) => s.state === 'backoff').map((s) => s.nextRetryAt! - s.since)
    // Without the progress rule: 10, 20, 40, 80, 160.
    expect(waits.slice(0, 5)).toEqual([10, 10, 10, 10, 10])
    expect(started.port.events.map((e) => e.id).slice(0, 5)).toEqual(['1', '2', '3', '4', '5'])
  })
})

describe('the stall watchdog and a busy stream', () => {
  it('a stream that keeps sending is never cut as stalled, however long it runs', async () => {
    const limitMs = 1_000
    const srv = await serve((_req, res) => {
      sse(res)
      tick(res, () => 'data: tick\n\n', 25)
    })
    const { sub, port } = start(testFeed(srv.url, { stallTimeoutSec: limitMs / 1000 }))
    subs.push(sub)
    // Run for three silence limits of steady traffic, measured by what arrived.
    await waitFor(
      () => port.events.length > 1 && port.events.at(-1)!.receivedAt - port.events[0]!.receivedAt >= 3 * limitMs,
      'three limits of steady traffic',
      30_000,
    )
    expect(stalls(port.statuses)).toEqual([])
    expect(srv.requests).toHaveLength(1)
    expect(sub.status().state).toBe('open')
  })
})

describe('the stall watchdog and our own storage', () => {
  it('waiting for storage longer than the limit is not the server’s silence', async () => {
    const limitMs = 500
    const srv = await serve((_req, res) => {
      sse(res)
      let n = 0
      tick(res, () => `id: ${++n}\ndata: e${n}\n\n`, 15)
    })
    // A store that answers only when the test lets it (a slow disk).
    let held: (() => void)[] | null = []
    const stored: FeedEvent[] = []
    const statuses: FeedStatus[] = []
    const sub = subscribe(
      {
        feed: testFeed(srv.url, { stallTimeoutSec: limitMs / 1000 }),
        authorization: null,
        cursor: { lastEventId: '', since: '' },
        deliver(events) {
          if (held === null) {
            stored.push(...events)
            return
          }
          const queue = held
          return new Promise<void>((resolve) =>
            queue.push(() => {
              stored.push(...events)
              resolve()
            }),
          )
        },
        onStatus: (s) => statuses.push(s),
        onGap: () => {},
        tuning: { statusThrottleMs: 0 },
      },
      { fetch: createDefaultFetch(), clock: systemClock },
    )
    subs.push(sub)
    /** Answers every held batch and stores from now on at once (also when the test fails, so close() ends). */
    const releaseAll = (): void => {
      const queue = held ?? []
      held = null
      for (const answer of queue) answer()
    }
    try {
      await waitFor(() => held !== null && held.length >= MAX_IN_FLIGHT, 'the delivery window full')
      // The reader now waits for storage while the server goes on sending: three limits of it.
      await elapse(3 * limitMs)
      expect(stalls(statuses)).toEqual([])
      const before = stored.length
      releaseAll()
      await waitFor(() => stored.length > before + MAX_IN_FLIGHT + 5, 'reading again after storage caught up')
      expect(stalls(statuses)).toEqual([])
      expect(srv.requests).toHaveLength(1)
    } finally {
      releaseAll()
    }
  })
})

describe('the stall watchdog and a learned limit', () => {
  it('a limit learned from fast keepalives catches the silence within that limit, not the default', async () => {
    const defaultMs = 10_000
    const minMs = 400
    let lastWriteAt = 0
    const srv = await serve((_req, res, index) => {
      sse(res)
      if (index > 0) return tick(res, () => ': alive\n\n', 50)
      let sent = 0
      const timer = setInterval(() => {
        res.write(': keepalive\n\n')
        lastWriteAt = performance.now()
        if (++sent === 8) clearInterval(timer) // then silence, socket left open
      }, 30)
      timers.push(timer)
    })
    let stalledAt = 0
    const started = start(testFeed(srv.url), {
      tuning: { stall: { defaultMs, minMs, maxMs: 60_000, minGapMs: 0, minSamples: 2, factor: 3, marginMs: 10 }, statusThrottleMs: 0 },
    })
    subs.push(started.sub)
    const { port } = started
    await waitFor(() => {
      if (stalledAt === 0 && stalls(port.statuses).length > 0) stalledAt = performance.now()
      return stalledAt
    }, 'the stall', defaultMs + 10_000)
    const stalledIndex = port.statuses.findIndex((s) => s.lastError?.kind === 'stalled')
    const learned = Math.max(...port.statuses.slice(0, stalledIndex).map((s) => s.stallLimitMs).filter((ms) => ms < defaultMs))
    expect(learned).toBeGreaterThanOrEqual(minMs)
    // Within the learned limit (plus slack for a loaded machine), far below the default.
    expect(stalledAt - lastWriteAt).toBeLessThanOrEqual(learned + 2_500)
    expect(stalledAt - lastWriteAt).toBeLessThan(defaultMs)
  })
})

describe('the last event\'s time', () => {
  it('is when the event was received, as history stores it, not when a slow store answered', async () => {
    const srv = await serve((_req, res) => {
      sse(res)
      res.write('id: 1\ndata: one\n\n')
    })
    let now = 1_000_000
    let answer: (() => void) | null = null
    const stored: FeedEvent[] = []
    const statuses: FeedStatus[] = []
    const sub = subscribe(
      {
        feed: testFeed(srv.url),
        authorization: null,
        cursor: { lastEventId: '', since: '' },
        deliver(events) {
          return new Promise<void>((resolve) => {
            answer = () => {
              stored.push(...events)
              resolve()
            }
          })
        },
        onStatus: (s) => statuses.push(s),
        onGap: () => {},
        tuning: { statusThrottleMs: 0 },
      },
      { fetch: createDefaultFetch(), clock: { now: () => now } },
    )
    subs.push(sub)
    await waitFor(() => answer !== null, 'the batch handed to the store')
    now += 5_000 // storing took five seconds
    answer!()
    await waitFor(() => statuses.some((s) => s.lastEventAt !== null), 'the stored event counted')
    expect(stored.map((e) => e.receivedAt)).toEqual([1_000_000])
    expect(statuses.find((s) => s.lastEventAt !== null)!.lastEventAt).toBe(1_000_000)
  })
})

