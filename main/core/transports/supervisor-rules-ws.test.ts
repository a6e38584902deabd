// The supervisor's rules hold for WebSocket feeds too (the same code above another transport):
// refused upgrades back off exponentially with the injected jitter, and wake-up reconnects at once.
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { waitFor } from '../../test-support/wait.ts'
import { backoffDelay, defaultBackoff } from '../stream/backoff.ts'
import type { Subscription } from '../stream/subscription.ts'
import { start, testFeed } from '../stream/test-support.ts'
import type { FeedStatus } from '../types.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A ws server that answers upgrades with `state.status` (0 = accept). */
async function wsServer(state: { status: number }): Promise<{ url: string; attempts: () => number }> {
  const wss = new WebSocketServer({ noServer: true })
  const server = createServer()
  const sockets = new Set<Socket>()
  let attempts = 0
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('upgrade', (req, socket, head) => {
    attempts++
    if (state.status) return void socket.end(`HTTP/1.1 ${state.status} Nope\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`)
    wss.handleUpgrade(req, socket, head, (ws) => ws.send('hello'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate()
        for (const s of sockets) s.destroy()
        wss.close()
        server.close(() => r())
      }),
  )
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/feed`, attempts: () => attempts }
}

function track(sub: Subscription): void {
  cleanups.push(() => sub.close())
}

const waits = (statuses: FeedStatus[]) => statuses.filter((s) => s.state === 'backoff' && s.nextRetryAt !== null).map((s) => s.nextRetryAt! - s.since)

describe('supervisor rules over the WebSocket transport', () => {
  it('refused upgrades (500) back off exponentially with the jitter drawn from the injected random', async () => {
    const server = await wsServer({ status: 500 })
    const draws = [0, 0.9, 0.3, 0.6, 0.1]
    let i = 0
    const random = () => draws[i++ % draws.length]!
    const backoff = { baseMs: 20, maxMs: 2_000, factor: 2, jitter: 0.5 }
    const { sub, port } = start(testFeed(server.url), { tuning: { backoff, statusThrottleMs: 0 }, deps: { random } })
    track(sub)
    await waitFor(() => waits(port.statuses).length >= 5, () => `five backoff waits, got ${JSON.stringify(waits(port.statuses))}`)
    expect(port.statuses.find((s) => s.state === 'backoff')!.lastError).toMatchObject({ kind: 'http', status: 500 })
    // Step 0 is the base itself (no draw); each later step draws once.
    let j = 0
    const replay = () => draws[j++ % draws.length]!
    const expected = [0, 1, 2, 3, 4].map((step) => backoffDelay(step, 20, { ...defaultBackoff, ...backoff }, step === 0 ? () => 1 : replay))
    expect(waits(port.statuses).slice(0, 5)).toEqual(expected)
    expect(new Set(expected.slice(1).map((d, k) => d / (20 * 2 ** (k + 1)))).size).toBeGreaterThan(1)
    expect(server.attempts()).toBeGreaterThanOrEqual(5)
  })

  it('wake-up reconnects a feed waiting in backoff at once, without waiting out the delay', async () => {
    const state = { status: 502 }
    const server = await wsServer(state)
    const { sub, port } = start(testFeed(server.url), { tuning: { backoff: { baseMs: 10 * 60_000, maxMs: 10 * 60_000 }, statusThrottleMs: 0 } })
    track(sub)
    await waitFor(() => sub.status().state === 'backoff', 'backoff')
    expect(sub.status().nextRetryAt! - Date.now()).toBeGreaterThan(60_000)
    state.status = 0
    sub.wake()
    await waitFor(() => sub.status().state === 'open', 'open right after wake-up')
    await waitFor(() => port.events.length === 1, 'the first message')
    expect(port.events[0]!.data).toBe('hello')
    expect(server.attempts()).toBe(2)
  })
})

describe('gaps of a wire that cannot replay', () => {
  it('a first connection records no gap, unless the caller says since when events may have been missed (an earlier run)', async () => {
    const server = await wsServer({ status: 0 })
    const fresh = start(testFeed(server.url))
    track(fresh.sub)
    await waitFor(() => fresh.port.events.length === 1, 'the first message')
    expect(fresh.port.gaps).toEqual([])
    await fresh.sub.close()

    const since = Date.now() - 3_600_000
    const { sub, port } = start(testFeed(server.url), { missingSince: since })
    track(sub)
    await waitFor(() => port.gaps.length === 1, 'the gap of the earlier run')
    expect(port.gaps[0]).toMatchObject({ feedId: 'feed-1', requested: '', actual: '', missingSince: since })
    expect(sub.status().lastGap).toMatchObject({ missingSince: since })
  })
})
