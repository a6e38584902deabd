import { afterEach, describe, expect, it } from 'vitest'
import { testAppSettings, testFeed, testStatus } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import type { AppSettings, Toast } from '../ports.ts'
import type { StoredEvent } from '../types.ts'
import { createAlerts, type Alerts, type Timers } from './alerts.ts'

// ---- factories -------------------------------------------------------------------------------

let nextSeq = 1
function makeEvent(data: string, over: Partial<StoredEvent> = {}): StoredEvent {
  const seq = nextSeq++
  return { feedId: 'f1', id: `e${seq}`, newId: true, type: 'message', data, receivedAt: 0, seq, read: false, ...over }
}
const events = (n: number, text = 'event') => Array.from({ length: n }, (_, i) => makeEvent(`${text} ${i}`))
const ntfy = (fields: Record<string, unknown>) =>
  JSON.stringify({ id: 'n1', time: 1700000000, event: 'message', topic: 'backups', message: 'm', ...fields })

/** A timer port on a fake clock: `advance(ms)` fires what falls due, in order. */
function manualTime(start = Date.parse('2024-03-05T12:00:00.000Z')) {
  interface Handle { fn: () => void; due: number; ms: number; done: boolean }
  let now = start
  const handles: Handle[] = []
  const timers: Timers = {
    set(fn, ms) {
      const handle: Handle = { fn, due: now + ms, ms, done: false }
      handles.push(handle)
      return handle
    },
    clear(handle) {
      ;(handle as Handle).done = true
    },
  }
  const live = () => handles.filter((h) => !h.done)
  return {
    timers,
    clock: { now: () => now },
    live,
    advance(ms: number) {
      const target = now + ms
      for (let guard = 0; guard < 100_000; guard++) {
        const next = live().sort((a, b) => a.due - b.due)[0]
        if (!next || next.due > target) break
        now = next.due
        next.done = true
        next.fn()
      }
      now = target
    },
  }
}

// UTC stands in for local time so quiet-hours tests do not depend on the machine's zone.
const utcMinute = (ms: number) => new Date(ms).getUTCHours() * 60 + new Date(ms).getUTCMinutes()

function setup(settingsOver: Partial<AppSettings> = {}) {
  const shown: Toast[] = []
  const time = manualTime()
  const settings = testAppSettings(settingsOver)
  const alerts = createAlerts({
    notifier: { show: (t) => shown.push(t) },
    clock: time.clock,
    settings: () => settings,
    timers: time.timers,
    localMinuteOfDay: utcMinute,
  })
  return { shown, time, settings, alerts }
}

// ---- per-event decision ----------------------------------------------------------------------

describe('what an event toast carries', () => {
  it('kind event, seq of the stored event, feed id, rendered text, sound from the feed', () => {
    const { shown, alerts } = setup()
    const event = makeEvent('Disk almost full')
    alerts.onStored(testFeed(), [event])
    expect(shown).toEqual([
      { feedId: 'f1', seq: event.seq, title: 'Alerts', body: 'Disk almost full', priority: 3, sound: true, clickUrl: null, kind: 'event' },
    ])
    alerts.onStored(testFeed({ alerts: { sound: false } }), [makeEvent('quiet one')])
    expect(shown[1]!.sound).toBe(false)
  })

  it('ntfy min/low priorities are silent, as ntfy defines them', () => {
    const { shown, alerts } = setup()
    const feed = testFeed({ preset: 'ntfy' })
    alerts.onStored(feed, [makeEvent(ntfy({ priority: 1 })), makeEvent(ntfy({ priority: 2 })), makeEvent(ntfy({ priority: 4 }))])
    expect(shown.map((t) => [t.priority, t.sound])).toEqual([[1, false], [2, false], [4, true]])
  })

  it('ntfy protocol messages (open, keepalive) never toast', () => {
    const { shown, alerts } = setup()
    alerts.onStored(testFeed({ preset: 'ntfy' }), [makeEvent(ntfy({ event: 'open' })), makeEvent(ntfy({ event: 'keepalive' }))])
    expect(shown).toEqual([])
  })
})

describe('feed rules', () => {
  it('alerts disabled: nothing', () => {
    const { shown, alerts } = setup()
    alerts.onStored(testFeed({ alerts: { enabled: false } }), events(2))
    expect(shown).toEqual([])
  })

  it('minimum priority: ntfy priorities compared, generic events count as 3', () => {
    const { shown, alerts } = setup()
    const ntfyFeed = testFeed({ preset: 'ntfy', alerts: { minPriority: 4 } })
    alerts.onStored(ntfyFeed, [3, 4, 5].map((priority) => makeEvent(ntfy({ priority, message: `p${priority}` }))))
    expect(shown.map((t) => t.body)).toEqual(['p4', 'p5'])
    alerts.onStored(testFeed({ id: 'g', alerts: { minPriority: 4 } }), [makeEvent('generic')])
    expect(shown).toHaveLength(2)
    alerts.onStored(testFeed({ id: 'h', alerts: { minPriority: 3 } }), [makeEvent('generic')])
    expect(shown).toHaveLength(3)
  })

  it('include keywords: only matching events, case-insensitive, in title, body or raw data', () => {
    const { shown, alerts } = setup()
    const feed = testFeed({ alerts: { includeKeywords: ['  ', 'ERROR', 'db1'] } })
    alerts.onStored(feed, [
      makeEvent('an error happened'),
      makeEvent('all fine'),
      makeEvent('{"message":"cpu high","host":"DB1"}'), // only the raw data mentions db1
      makeEvent('x', { type: 'error' }), // title "Alerts · error"
    ])
    expect(shown.map((t) => t.body)).toEqual(['an error happened', 'cpu high', 'x'])
  })

  it('exclude keywords: never, even when an include keyword matches', () => {
    const { shown, alerts } = setup()
    const feed = testFeed({ alerts: { includeKeywords: ['deploy'], excludeKeywords: ['Staging'] } })
    alerts.onStored(feed, [makeEvent('deploy to production'), makeEvent('deploy to STAGING'), makeEvent('staging only')])
    expect(shown.map((t) => t.body)).toEqual(['deploy to production'])
  })
})

describe('Do Not Disturb and quiet hours', () => {
  it('Do Not Disturb holds back everything but priority 5, and nothing is shown afterwards', () => {
    const { shown, alerts, settings, time } = setup({ doNotDisturb: true })
    const feed = testFeed({ preset: 'ntfy' })
    alerts.onStored(feed, [makeEvent(ntfy({ priority: 4, message: 'high' })), makeEvent(ntfy({ priority: 5, message: 'max' }))])
    alerts.onStored(testFeed({ id: 'g' }), events(2))
    expect(shown.map((t) => t.body)).toEqual(['max'])
    settings.doNotDisturb = false
    time.advance(60_000)
    expect(shown).toHaveLength(1)
    alerts.onStored(testFeed({ id: 'g' }), [makeEvent('after')])
    expect(shown.map((t) => t.body)).toEqual(['max', 'after'])
  })

  it('quiet hours hold back toasts inside the span (wrapping midnight), priority 5 breaks through', () => {
    const { shown, alerts, time } = setup({ quietHours: { enabled: true, start: '12:30', end: '12:00' } })
    // The clock starts at 12:00 UTC: outside 12:30–12:00 (which wraps midnight).
    const feed = testFeed({ preset: 'ntfy' })
    alerts.onStored(feed, [makeEvent(ntfy({ message: 'noon' }))])
    time.advance(30 * 60_000) // 12:30: quiet
    alerts.onStored(feed, [makeEvent(ntfy({ message: 'held' })), makeEvent(ntfy({ priority: 5, message: 'urgent' }))])
    time.advance(12 * 3600_000) // 00:30: still quiet
    alerts.onStored(feed, [makeEvent(ntfy({ message: 'night' }))])
    time.advance(11 * 3600_000 + 30 * 60_000) // 12:00 next day: the span ended
    alerts.onStored(feed, [makeEvent(ntfy({ message: 'morning' }))])
    expect(shown.map((t) => t.body)).toEqual(['noon', 'urgent', 'morning'])
  })
})

// ---- coalescing --------------------------------------------------------------------------------

describe('burst coalescing', () => {
  it('shows the first coalesceMax, holds the rest, one summary at the end of the window', () => {
    const { shown, alerts, time } = setup({ coalesceMax: 3, coalesceWindowMs: 10_000 })
    const feed = testFeed()
    const burst = events(15)
    alerts.onStored(feed, burst)
    expect(shown.map((t) => t.seq)).toEqual(burst.slice(0, 3).map((e) => e.seq))
    expect(time.live().map((h) => h.ms)).toEqual([10_000])
    time.advance(9_999)
    expect(shown).toHaveLength(3)
    time.advance(1)
    expect(shown).toHaveLength(4)
    expect(shown[3]).toEqual({
      feedId: 'f1',
      seq: null,
      title: 'Alerts',
      body: '12 new events in Alerts',
      priority: 3,
      sound: true,
      clickUrl: null,
      kind: 'summary',
    })
  })

  it('never folds a priority-5 event into a summary', () => {
    const { shown, alerts, time } = setup({ coalesceMax: 2, coalesceWindowMs: 10_000 })
    const feed = testFeed({ preset: 'ntfy' })
    alerts.onStored(feed, [1, 2, 3, 4].map((n) => makeEvent(ntfy({ message: `routine ${n}` }))))
    alerts.onStored(feed, [makeEvent(ntfy({ priority: 5, message: 'server on fire' }))])
    expect(shown.map((t) => t.body)).toEqual(['routine 1', 'routine 2', 'server on fire'])
    time.advance(10_000)
    expect(shown.at(-1)).toMatchObject({ kind: 'summary', body: '2 new events in Alerts' })
  })

  it('a burst that keeps going is summarised once per window; the chain ends after a quiet window', () => {
    const { shown, alerts, time } = setup({ coalesceMax: 3, coalesceWindowMs: 10_000 })
    const feed = testFeed()
    alerts.onStored(feed, events(5))
    time.advance(10_000)
    expect(shown.map((t) => t.kind)).toEqual(['event', 'event', 'event', 'summary'])
    alerts.onStored(feed, events(7)) // still the same burst: all held
    expect(shown).toHaveLength(4)
    time.advance(10_000)
    expect(shown[4]).toMatchObject({ kind: 'summary', body: '7 new events in Alerts' })
    time.advance(10_000) // a quiet window ends the chain, without a toast
    expect(shown).toHaveLength(5)
    expect(time.live()).toHaveLength(0)
    alerts.onStored(feed, events(1)) // a fresh burst shows at once
    expect(shown[5]).toMatchObject({ kind: 'event' })
  })

  it('one held event is shown as itself at the end of the window, not as "1 new event"', () => {
    const { shown, alerts, time } = setup({ coalesceMax: 2 })
    const burst = events(3)
    alerts.onStored(testFeed(), burst)
    time.advance(10_000)
    expect(shown.map((t) => [t.kind, t.seq])).toEqual(burst.map((e) => ['event', e.seq]))
  })

  it('summary carries the highest held priority and is held back by DND turned on meanwhile', () => {
    const { shown, alerts, time, settings } = setup({ coalesceMax: 1 })
    const feed = testFeed({ preset: 'ntfy' })
    alerts.onStored(feed, [makeEvent(ntfy({})), makeEvent(ntfy({ priority: 2 })), makeEvent(ntfy({ priority: 4 }))])
    settings.doNotDisturb = true // turned on while the window was open: the summary is held back
    time.advance(10_000)
    expect(shown).toHaveLength(1)
    settings.doNotDisturb = false
    time.advance(10_000)
    alerts.onStored(feed, [makeEvent(ntfy({})), makeEvent(ntfy({ priority: 4 })), makeEvent(ntfy({ priority: 1 }))])
    time.advance(10_000)
    expect(shown.at(-1)).toMatchObject({ kind: 'summary', priority: 4, body: '2 new events in Alerts' })
  })

  it('feeds are coalesced independently', () => {
    const { shown, alerts } = setup({ coalesceMax: 2 })
    alerts.onStored(testFeed({ id: 'a', name: 'A' }), events(5))
    alerts.onStored(testFeed({ id: 'b', name: 'B' }), events(2))
    expect(shown.map((t) => t.feedId)).toEqual(['a', 'a', 'b', 'b'])
  })

  it('a steady 1,000 events/s for a minute yields a bounded number of toasts per window', () => {
    const { shown, alerts, time } = setup({ coalesceMax: 3, coalesceWindowMs: 10_000 })
    const feed = testFeed()
    const perWindow = new Map<number, number>()
    const start = time.clock.now()
    let total = 0
    for (let tick = 0; tick < 600; tick++) {
      const before = shown.length
      alerts.onStored(feed, events(100)) // 100 events every 100 ms
      time.advance(100)
      total += 100
      const window = Math.floor((time.clock.now() - start - 1) / 10_000)
      perWindow.set(window, (perWindow.get(window) ?? 0) + shown.length - before)
    }
    time.advance(20_000)
    expect(total).toBe(60_000)
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(4)
    expect(shown.length).toBeLessThanOrEqual(3 + 7)
    const summarised = shown.filter((t) => t.kind === 'summary').reduce((n, t) => n + Number(/^\d+/.exec(t.body)![0]), 0)
    expect(summarised + shown.filter((t) => t.kind === 'event').length).toBe(60_000)
  })

  it('coalescing off when the window is 0', () => {
    const { shown, alerts } = setup({ coalesceWindowMs: 0 })
    alerts.onStored(testFeed(), events(10))
    expect(shown).toHaveLength(10)
  })

  it('works on the default timers too', async () => {
    const shown: Toast[] = []
    const alerts = createAlerts({
      notifier: { show: (t) => shown.push(t) },
      clock: { now: () => Date.parse('2024-03-05T12:00:00.000Z') },
      settings: () => testAppSettings({ coalesceMax: 1, coalesceWindowMs: 30 }),
    })
    alerts.onStored(testFeed(), events(4))
    expect(shown).toHaveLength(1)
    await waitFor(() => shown.length === 2, 'the summary toast', 2_000)
    expect(shown[1]).toMatchObject({ kind: 'summary', body: '3 new events in Alerts' })
    alerts.dispose()
  })
})

// ---- feed stopped ------------------------------------------------------------------------------

describe('feed stopped', () => {
  it('tells once per stop; retries and repeats stay silent; told again after open → stopped', () => {
    const { shown, alerts } = setup()
    const feed = testFeed()
    alerts.onStatus(feed, testStatus({ state: 'connecting' }))
    alerts.onStatus(feed, testStatus({ state: 'backoff', nextRetryAt: 5_000 }))
    expect(shown).toEqual([])
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    expect(shown).toEqual([
      {
        feedId: 'f1',
        seq: null,
        title: 'Alerts stopped',
        body: 'The server rejected the sign-in. Check the token or password. Tidings will not retry until you resume it.',
        priority: 3,
        sound: false,
        clickUrl: null,
        kind: 'feed-stopped',
      },
    ])
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    alerts.onStatus(feed, testStatus({ state: 'connecting' }))
    alerts.onStatus(feed, testStatus({ state: 'backoff' }))
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    expect(shown).toHaveLength(1)
    alerts.onStatus(feed, testStatus({ state: 'open' }))
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'not-found' }))
    expect(shown).toHaveLength(2)
    expect(shown[1]!.body).toMatch(/does not exist/)
  })

  it('every stop reason has its own words; a stop without a reason does not toast', () => {
    const { shown, alerts } = setup()
    const reasons = ['auth', 'not-found', 'no-content', 'content-type', 'invalid'] as const
    reasons.forEach((stopReason, i) => alerts.onStatus(testFeed({ id: `f${i}` }), testStatus({ state: 'stopped', stopReason })))
    alerts.onStatus(testFeed({ id: 'x' }), testStatus({ state: 'stopped' }))
    expect(new Set(shown.map((t) => t.body)).size).toBe(reasons.length)
  })

  it('a secret this keychain cannot read asks for it again instead of blaming the server', () => {
    const { shown, alerts } = setup()
    const lastError = { kind: 'auth' as const, code: 'secret-unreadable', message: 'bad decrypt', at: 0 }
    alerts.onStatus(testFeed(), testStatus({ state: 'stopped', stopReason: 'auth', lastError }))
    expect(shown[0]!.body).toBe('The stored token or password cannot be read with this keychain. Enter it again (Edit). Tidings will not retry until you resume it.')
  })

  it('shows even when the feed’s own toasts are off; DND holds it back and it counts as told', () => {
    const { shown, alerts, settings } = setup({ doNotDisturb: true })
    const feed = testFeed({ alerts: { enabled: false } })
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    settings.doNotDisturb = false
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    expect(shown).toEqual([])
    alerts.onStatus(feed, testStatus({ state: 'open' }))
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'content-type' }))
    expect(shown.map((t) => t.kind)).toEqual(['feed-stopped'])
  })
})

// ---- lifecycle ---------------------------------------------------------------------------------

describe('forget and dispose', () => {
  let alerts: Alerts | null = null
  afterEach(() => alerts?.dispose())

  it('forget drops the pending burst without a summary and resets the stopped memory', () => {
    const s = setup({ coalesceMax: 1 })
    alerts = s.alerts
    const feed = testFeed()
    alerts.onStored(feed, events(5))
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    alerts.forget('f1')
    expect(s.time.live()).toHaveLength(0)
    s.time.advance(60_000)
    expect(s.shown.map((t) => t.kind)).toEqual(['event', 'feed-stopped'])
    alerts.onStatus(feed, testStatus({ state: 'stopped', stopReason: 'auth' }))
    expect(s.shown.map((t) => t.kind)).toEqual(['event', 'feed-stopped', 'feed-stopped'])
  })

  it('dispose flushes pending summaries at once, cancels timers, then ignores everything', () => {
    const s = setup({ coalesceMax: 1 })
    alerts = s.alerts
    alerts.onStored(testFeed(), events(4))
    alerts.onStored(testFeed({ id: 'b', name: 'Builds' }), events(2))
    alerts.dispose()
    expect(s.shown.map((t) => t.body)).toEqual(['event 0', 'event 0', '3 new events in Alerts', 'event 1'])
    expect(s.time.live()).toHaveLength(0)
    alerts.onStored(testFeed(), events(1))
    alerts.onStatus(testFeed(), testStatus({ state: 'stopped', stopReason: 'auth' }))
    s.time.advance(60_000)
    expect(s.shown).toHaveLength(4)
  })

  it('a notifier that throws does not stop the other toasts', () => {
    const shown: Toast[] = []
    let calls = 0
    alerts = createAlerts({
      notifier: {
        show: (t) => {
          if (calls++ === 0) throw new Error('OS notification service unavailable')
          shown.push(t)
        },
      },
      clock: { now: () => 0 },
      settings: () => testAppSettings(),
      timers: manualTime().timers,
    })
    alerts.onStored(testFeed(), events(3))
    expect(shown.map((t) => t.body)).toEqual(['event 1', 'event 2'])
  })
})
