// The server-directed pause (issue 8): on a feed with serverPause, `event: pause` with a time in
// ms closes the connection and reconnects then; against a real node:http server.
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { sse, start, streamTestScope, testFeed } from './test-support.ts'

const { subs, serve, closeAll } = streamTestScope()
afterEach(closeAll)

/** Wall-clock time of each request, as the server saw it. */
const wallTimes: number[] = []
afterEach(() => {
  wallTimes.length = 0
})

describe('a feed that obeys server pauses', () => {
  it('stores what came before, not the pause, and reconnects at the time it names — not earlier, even on wake-up', async () => {
    const pauseMs = 1_500
    let until = 0
    const srv = await serve((req, res, index) => {
      wallTimes.push(Date.now())
      sse(res)
      if (index > 0) return void res.write('id: 3\ndata: back\n\n')
      until = Date.now() + pauseMs
      // One write: the event after the pause is cut off with the connection, and replayed later.
      res.write(`id: 1\ndata: before\n\nid: 2\nevent: pause\ndata: ${until}\n\ndata: after, same chunk\n\n`)
    })
    const { sub, port } = start(testFeed(srv.url, { serverPause: true }))
    subs.push(sub)
    await waitFor(() => sub.status().state === 'backoff', 'the pause')
    expect(sub.status()).toMatchObject({ nextRetryAt: until, lastError: { kind: 'ended', code: 'SERVER_PAUSE' } })
    expect(port.events.map((e) => e.data)).toEqual(['before'])
    // Wake-up (OS resumed, network back) does not cut the server's pause short.
    sub.wake()
    expect(sub.status()).toMatchObject({ state: 'backoff', nextRetryAt: until })
    await waitFor(() => port.events.length === 2, 'the event after the pause', pauseMs + 10_000)
    expect(port.events.map((e) => e.data)).toEqual(['before', 'back'])
    expect(srv.requests).toHaveLength(2)
    expect(wallTimes[1]!).toBeGreaterThanOrEqual(until - 5) // timers may fire a few ms early
    // The cursor moved past the pause event: the server resumes after it.
    expect(srv.requests[1]!.lastEventId).toBe('2')
  })

  it('reconnects at once when the time has passed', async () => {
    const srv = await serve((_req, res, index) => {
      sse(res)
      res.write(index === 0 ? `event: pause\ndata: ${Date.now() - 60_000}\n\n` : 'data: again\n\n')
    })
    const { sub, port } = start(testFeed(srv.url, { serverPause: true }))
    subs.push(sub)
    await waitFor(() => port.events.length === 1, 'the next connection')
    const paused = port.statuses.find((s) => s.state === 'backoff')!
    expect(paused.nextRetryAt).toBe(paused.since)
    expect(port.events.map((e) => e.data)).toEqual(['again'])
  })

  for (const [what, data] of [
    ['more than 24 h away', () => String(Date.now() + 25 * 3_600_000)],
    ['not a number', () => 'in a while'],
  ] as const) {
    it(`ignores a pause ${what}, records why, and the stream goes on`, async () => {
      const srv = await serve((_req, res) => {
        sse(res)
        res.write(`event: pause\ndata: ${data()}\n\n`)
        res.write('data: still here\n\n')
      })
      const { sub, port } = start(testFeed(srv.url, { serverPause: true }))
      subs.push(sub)
      await waitFor(() => port.events.length === 1, 'the event after the ignored pause')
      expect(port.events[0]!.data).toBe('still here')
      expect(sub.status()).toMatchObject({ state: 'open', lastError: { kind: 'invalid', code: 'PAUSE_IGNORED' } })
      expect(srv.requests).toHaveLength(1)
    })
  }
})

describe('a feed that does not obey server pauses', () => {
  it('stores `pause` as an ordinary event and stays connected', async () => {
    const srv = await serve((_req, res) => {
      sse(res)
      res.write(`event: pause\ndata: ${Date.now() + 60_000}\n\n`)
    })
    const { sub, port } = start(testFeed(srv.url))
    subs.push(sub)
    await waitFor(() => port.events.length === 1, 'the pause as an event')
    expect(port.events[0]!.type).toBe('pause')
    expect(sub.status().state).toBe('open')
  })
})
