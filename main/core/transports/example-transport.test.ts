/**
 * The example feed's transport against a recording sink (standing in for the supervisor), on a
 * short clock (40 ms slots) whose "now" a test can move: live events on the slot boundaries,
 * resume from a stored id, the replay cap and its gap, backpressure, close.
 */
import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { recordingSink, type RecordingSink } from '../../test-support/peers/recording-sink.ts'
import { testFeed } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import type { TransportConnection } from '../stream/transport.ts'
import type { ResumeCursor } from '../types.ts'
import { slotAt, slotStart, type ExampleClock } from './example-clock.ts'
import { createExampleTransport, type ExampleTransportOptions } from './example-transport.ts'

const clock: ExampleClock = { epochMs: 0, intervalMs: 40 }
/** A long slot: nothing new happens during a test that is about the catch-up alone. */
const slow: ExampleClock = { epochMs: 0, intervalMs: 60 * 60_000 }

let connections: TransportConnection[] = []
afterEach(() => {
  for (const c of connections) c.close()
  connections = []
})

/** Real time, moved by `offset` ms (the Clock port as a test drives it). */
function movableNow() {
  const state = { offset: 0 }
  return { state, now: () => Date.now() + state.offset }
}

const at = (id: number): ResumeCursor => ({ lastEventId: String(id), since: '' })
const none: ResumeCursor = { lastEventId: '', since: '' }
const ids = (sink: RecordingSink) => sink.events().map((e) => Number(e.id))
const batches = (sink: RecordingSink) => sink.calls.filter((c) => c.call === 'batch')
const opened = (sink: RecordingSink) => waitFor(() => sink.calls.find((c) => c.call === 'open'), () => `open; calls: ${JSON.stringify(sink.calls)}`)

function connect(cursor: ResumeCursor, options: Partial<ExampleTransportOptions> & { now: () => number }, sink = recordingSink()): { sink: RecordingSink; connection: TransportConnection } {
  const transport = createExampleTransport({ clock, ...options })
  const connection = transport.connect({ feed: testFeed({ url: 'tidings-example:clock' }), authorization: null, cursor }, sink)
  connections.push(connection)
  return { sink, connection }
}

describe('the example feed transport', () => {
  it('a new feed: opens with the current slot alone, then one event per slot as it begins, ids consecutive', async () => {
    const { now } = movableNow()
    const received: { id: number; at: number }[] = []
    const sink = recordingSink()
    const batch = sink.batch.bind(sink)
    sink.batch = (events, cursor) => {
      for (const e of events) received.push({ id: Number(e.id), at: now() })
      batch(events, cursor)
    }
    const before = slotAt(now(), clock)
    connect(none, { now }, sink)
    expect(sink.calls).toEqual([]) // never synchronously from connect()
    await opened(sink)
    const first = batches(sink)[0]!
    expect(first.events).toHaveLength(1)
    const start = Number(first.events[0]!.id)
    expect(start === before || start === before + 1).toBe(true)
    expect(sink.calls[0]).toEqual({ call: 'open' })

    await waitFor(() => ids(sink).length >= 5, () => `five events, got ${JSON.stringify(ids(sink))}`)
    const got = ids(sink).slice(0, 5)
    expect(got).toEqual([start, start + 1, start + 2, start + 3, start + 4])
    // Each batch's cursor is its last event's id; every live event arrives once its slot has begun.
    for (const b of batches(sink)) expect(b.cursor).toEqual(at(Number(b.events.at(-1)!.id)))
    for (const r of received.slice(1)) expect(r.at).toBeGreaterThanOrEqual(slotStart(r.id, clock))
    const data = JSON.parse(sink.events()[1]!.data) as { message: string; sentAt: string; slot: number }
    expect(data).toMatchObject({ slot: start + 1, sentAt: new Date(slotStart(start + 1, clock)).toISOString() })
    expect(data.message).toMatch(/^Example event sent at \d{2}:\d{2}:\d{2}\.$/)
    expect(sink.activityBytes).toBeGreaterThan(0)
    expect(sink.ended()).toBeNull()
  })

  it('speaks the language it is given, asked at each event', async () => {
    const { now } = movableNow()
    let locale: 'en' | 'zh-CN' = 'zh-CN'
    const { sink } = connect(none, { now, locale: () => locale })
    await waitFor(() => ids(sink).length >= 1, 'the first event')
    expect((JSON.parse(sink.events()[0]!.data) as { message: string }).message).toMatch(/^示例事件，发送于 \d{2}:\d{2}:\d{2}。$/)
    locale = 'en'
    await waitFor(() => ids(sink).length >= 2, 'the next event')
    expect((JSON.parse(sink.events().at(-1)!.data) as { message: string }).message).toMatch(/^Example event sent at/)
  })

  it('resumes after a stored id: exactly the missed slots, once, in one batch before anything live', async () => {
    const { now } = movableNow()
    const current = slotAt(now(), slow)
    const first = connect(at(current - 5), { now, clock: slow })
    await opened(first.sink)
    expect(first.sink.calls[0]).toEqual({ call: 'open' }) // no gap
    expect(ids(first.sink)).toEqual([current - 4, current - 3, current - 2, current - 1, current])
    expect(first.sink.cursor()).toEqual(at(current))

    // Reconnecting from where that left off replays nothing: nothing twice.
    first.connection.close()
    const again = connect(first.sink.cursor()!, { now, clock: slow })
    await opened(again.sink)
    expect(again.sink.calls).toEqual([{ call: 'open' }])
  })

  it('replays at most the newest maxReplay and says where the replay really starts (a gap)', async () => {
    const { now } = movableNow()
    const current = slotAt(now(), slow)
    const { sink } = connect(at(current - 250), { now, clock: slow, maxReplay: 100 })
    await opened(sink)
    expect(sink.calls[0]).toEqual({ call: 'open', replayedFrom: String(current - 99) })
    expect(ids(sink)).toEqual(Array.from({ length: 100 }, (_, i) => current - 99 + i))
    // Exactly the cap is no gap.
    const exact = connect(at(current - 100), { now, clock: slow, maxReplay: 100 })
    await opened(exact.sink)
    expect(exact.sink.calls[0]).toEqual({ call: 'open' })
    expect(ids(exact.sink)).toHaveLength(100)
  })

  it('an id it did not write, or one from the future, starts from the current slot without a gap', async () => {
    const { now } = movableNow()
    const current = slotAt(now(), slow)
    for (const stored of ['evt-7', String(current + 10)]) {
      const { sink } = connect({ lastEventId: stored, since: '' }, { now, clock: slow })
      await opened(sink)
      expect(sink.calls[0]).toEqual({ call: 'open' })
      expect(ids(sink)).toEqual([current])
    }
  })

  it('a connection that falls more than maxReplay behind (sleep) ends, to be reconnected at once', async () => {
    const { state, now } = movableNow()
    const { sink } = connect(none, { now, maxReplay: 10 })
    await waitFor(() => ids(sink).length >= 1, 'the first event')
    const before = ids(sink).length
    state.offset += 20 * clock.intervalMs
    const end = await waitFor(() => sink.ended(), 'the end')
    expect(end).toMatchObject({ kind: 'retry', retryAfterMs: 0, failure: { kind: 'ended' } })
    expect(ids(sink)).toHaveLength(before) // nothing of the 20 handed over live: the reconnect replays them
  })

  it('makes nothing while storage is behind, then hands every slot that began meanwhile over in one batch', async () => {
    const { now } = movableNow()
    const { sink } = connect(none, { now })
    await waitFor(() => ids(sink).length >= 1, 'the first event')
    sink.hold()
    const held = ids(sink).at(-1)!
    const batchesHeld = batches(sink).length
    await waitFor(() => slotAt(now(), clock) >= held + 3, 'three slots to begin')
    expect(batches(sink)).toHaveLength(batchesHeld)
    const before = ids(sink).length
    sink.release()
    await waitFor(() => ids(sink).length >= before + 3, 'the slots that began while held')
    const all = ids(sink)
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => all[0]! + i))
  })

  it('close() stops it: no call after it, while another connection goes on', async () => {
    const { now } = movableNow()
    const closed = connect(none, { now })
    await waitFor(() => ids(closed.sink).length >= 2, 'two events')
    closed.connection.close()
    const callsAtClose = closed.sink.calls.length
    const control = connect(none, { now })
    await waitFor(() => ids(control.sink).length >= 4, 'the control connection to see three more slots')
    expect(closed.sink.calls).toHaveLength(callsAtClose)
    // Closing before the first tick: nothing at all.
    const early = connect(none, { now })
    early.connection.close()
    await waitFor(() => ids(control.sink).length >= 6, 'two more slots')
    expect(early.sink.calls).toEqual([])
  })

  it('its timer never keeps a process alive (a CLI that forgets to close still exits)', async () => {
    const script = `
      import { createExampleTransport } from ${JSON.stringify(new URL('./example-transport.ts', import.meta.url).href)}
      const transport = createExampleTransport({ now: () => Date.now(), clock: { epochMs: 0, intervalMs: 60000 } })
      transport.connect({ feed: {}, authorization: null, cursor: { lastEventId: '', since: '' } }, {
        open() {}, activity() {}, retryDelay() {}, oversize() {}, pause() {}, end() {}, roomToRead: () => null,
        batch(events) { console.log('batch', events.length) },
      })
      // The first tick is a 0 ms timer: keep the process up until it ran, then let go.
      setTimeout(() => {}, 50)
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const deadline = setTimeout(() => child.kill(), 10_000)
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    clearTimeout(deadline)
    expect(out).toContain('batch 1')
    expect(code).toBe(0)
  })
})
