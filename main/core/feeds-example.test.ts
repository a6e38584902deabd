/**
 * The built-in example feed (`tidings-example:clock`) through the full path — service, supervisor,
 * a real SQLite history in a temporary folder, alerts at a recording Notifier — across restarts of
 * the core. The Clock port plays "Tidings was closed for two minutes" (or an hour): a restart
 * replays exactly the events made meanwhile, once, before the live ones; past the replay cap the
 * newest are replayed and the gap is recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCore, type CoreEnv } from '../test-support/core-env.ts'
import { waitFor } from '../test-support/wait.ts'
import { EXAMPLE_CLOCK, EXAMPLE_MAX_REPLAY, slotAt, slotStart } from './transports/example-clock.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * Real time moved by `offset`; `soonBefore(slot)` sets it so slot `slot` begins 1.5 s from now (time
 * for a core to open on a busy machine; the assertions hold whichever slot it connects in).
 */
function movableClock() {
  const clock = { offset: 0, now: () => Date.now() + clock.offset }
  const soonBefore = (slot: number) => (clock.offset = slotStart(slot, EXAMPLE_CLOCK) - 1_500 - Date.now())
  return { clock, soonBefore }
}

const ids = (c: CoreEnv, feedId: string) => c.events(feedId).map((e) => Number(e.id))
const consecutive = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
/** Up to one slot (15 s) of waiting for a live event, with room for a busy machine. */
const LIVE_MS = 25_000

describe('the example feed', () => {
  it('works with no server: live events and toasts, and after a restart exactly the events made while closed, once, then live ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-example-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const { clock, soonBefore } = movableClock()
    soonBefore(slotAt(Date.now(), EXAMPLE_CLOCK) + 1)

    let c = await openCore(dir, { clock: { now: clock.now } })
    cleanups.push(() => c.dispose())
    await c.env.service.handlers['settings:set']({ language: 'en' })
    const added = slotAt(clock.now(), EXAMPLE_CLOCK)
    const feed = await c.env.service.handlers['feeds:add']({ url: 'tidings-example:clock', name: 'Example' })
    expect(feed).toMatchObject({ url: 'tidings-example:clock', preset: 'generic', name: 'Example' })
    // The current slot at once (no flood of the past), then the next one when it begins.
    await waitFor(() => ids(c, feed.id).length === 2, () => `two events, got ${JSON.stringify(ids(c, feed.id))}`, LIVE_MS)
    const first = ids(c, feed.id)[0]!
    expect(first - added).toBeLessThanOrEqual(1)
    expect(ids(c, feed.id)).toEqual([first, first + 1])
    expect(await c.status(feed.id)).toMatchObject({ state: 'open', lastError: null, lastGap: null })
    await waitFor(() => c.toasts.filter((t) => t.kind === 'event').length === 2, 'two toasts')
    expect(c.toasts[0]).toMatchObject({ feedId: feed.id, title: 'Example', body: expect.stringMatching(/^Example event sent at \d{2}:\d{2}:\d{2}\.$/) as string })
    const closedAt = Number(c.env.history.cursor(feed.id).lastEventId)
    expect(closedAt).toBe(first + 1)
    await c.dispose()

    // Closed for two minutes: eight slots go by; the core opens in the ninth.
    soonBefore(closedAt + 9)
    c = await openCore(dir, { clock: { now: clock.now } })
    await waitFor(() => ids(c, feed.id).at(-1)! >= closedAt + 9, () => `the missed events and a live one, got ${JSON.stringify(ids(c, feed.id))}`, LIVE_MS)
    const reopened = ids(c, feed.id)
    expect(reopened).toEqual(consecutive(first, reopened.at(-1)!))
    // Nothing twice — not even deduplicated by the history: the transport handed over only new ones.
    const fresh = reopened.length - (closedAt - first + 1)
    const newest = c.events(feed.id).at(-1)!
    const status = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.lastEventAt !== null && s.lastEventAt >= newest.receivedAt ? s : null
    }, 'the status to count the newest event')
    expect(status).toMatchObject({ state: 'open', lastGap: null, counters: { events: fresh, reconnects: 0 } })
    expect(await c.env.service.handlers['history:gaps'](feed.id)).toEqual([])
    // Each keeps the time it was "sent", whenever it was received.
    const sent = c.events(feed.id).map((e) => Date.parse((JSON.parse(e.data) as { sentAt: string }).sentAt))
    expect(sent).toEqual(reopened.map((slot) => slotStart(slot, EXAMPLE_CLOCK)))
    await waitFor(() => c.toasts.length > 0, 'the replay announced')
    const lastStored = Number(c.env.history.cursor(feed.id).lastEventId)
    expect(lastStored).toBe(reopened.at(-1))
    await c.dispose()

    // Closed for an hour (240 slots): the newest 100 are replayed, and the gap before them is said.
    soonBefore(lastStored + 241)
    c = await openCore(dir, { clock: { now: clock.now } })
    const gapped = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.lastGap !== null ? s : null
    }, 'the gap in the status')
    const replayFrom = Number(gapped.lastGap!.actual)
    expect(gapped).toMatchObject({ state: 'open', lastGap: { feedId: feed.id, requested: String(lastStored) } })
    expect(replayFrom - lastStored).toBeGreaterThanOrEqual(240 - EXAMPLE_MAX_REPLAY + 1)
    await waitFor(() => ids(c, feed.id).at(-1)! >= replayFrom + EXAMPLE_MAX_REPLAY - 1, 'the replay')
    const after = ids(c, feed.id)
    expect(after).toEqual([...consecutive(first, lastStored), ...consecutive(replayFrom, after.at(-1)!)])
    expect(await c.env.service.handlers['history:gaps'](feed.id)).toEqual([expect.objectContaining({ requested: String(lastStored), actual: String(replayFrom) })])
  }, 120_000)

  it('Test connection shows its first event without storing it, in the language Tidings speaks', async () => {
    const c = await openCore()
    cleanups.push(() => c.dispose())
    await c.env.service.handlers['settings:set']({ language: 'zh-CN' })
    const result = await c.env.service.handlers['feeds:test']({ url: 'tidings-example:clock' })
    expect(result).toMatchObject({ ok: true, status: null, contentType: null, error: null, suggestedPreset: 'generic' })
    expect(result.events.length).toBeGreaterThanOrEqual(1)
    expect((JSON.parse(result.events[0]!.data) as { message: string }).message).toMatch(/^示例事件，发送于 \d{2}:\d{2}:\d{2}。$/)
    expect(await c.env.service.handlers['feeds:list']()).toEqual([])
  })

  it('the feed model takes exactly tidings-example:clock, with the generic preset', async () => {
    const c = await openCore()
    cleanups.push(() => c.dispose())
    const add = c.env.service.handlers['feeds:add']
    await expect(add({ url: 'tidings-example:weather' })).rejects.toThrow("The built-in example feed's address is tidings-example:clock")
    await expect(add({ url: 'tidings-example:clock?every=1' })).rejects.toThrow('tidings-example:clock')
    await expect(add({ url: 'tidings-example:clock', preset: 'ntfy' })).rejects.toThrow('uses the generic preset')
    await expect(add({ url: 'tidings-other:clock' })).rejects.toThrow('Only http and https feeds')
    const feed = await add({ url: ' tidings-example:clock#top ' })
    expect(feed).toMatchObject({ url: 'tidings-example:clock', name: 'Example', preset: 'generic' })
  })
})
