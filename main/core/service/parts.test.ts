/** The service's parts that decide something on their own: push bus, per-feed order, feed changes, pruning. */
import { describe, expect, it } from 'vitest'
import { applyFeedInput } from '../feeds/feed.ts'
import type { Feed } from '../types.ts'
import { waitFor } from '../../test-support/wait.ts'
import { connectionChanged, diffFeeds, retentionChanged } from './feed-changes.ts'
import { startPruneTimer } from './prune-timer.ts'
import { createPushBus } from './push-bus.ts'
import { createSerial } from './serial.ts'

const feed = (id: string, extra: Partial<Feed> = {}): Feed => ({ ...applyFeedInput({ url: `https://e.com/${id}` }, null, { id, now: 0, order: 0 }), ...extra })

describe('push bus', () => {
  it('reaches every listener even when one throws, and unsubscribes', () => {
    const bus = createPushBus()
    const seen: number[] = []
    bus.on('unread:changed', () => {
      throw new Error('a closed window')
    })
    const off = bus.on('unread:changed', (u) => seen.push(u.total))
    bus.emit('unread:changed', { total: 1, byFeed: {} })
    off()
    bus.emit('unread:changed', { total: 2, byFeed: {} })
    expect(seen).toEqual([1])
  })
})

describe('per-feed order', () => {
  it('runs one feed\'s steps in order, other feeds\' alongside, past a failed step', async () => {
    const serial = createSerial()
    const log: string[] = []
    let releaseFirst: () => void = () => {}
    const first = serial('a', () => new Promise<void>((r) => (releaseFirst = () => { log.push('a1'); r() })))
    const failing = serial('a', async () => {
      log.push('a2')
      throw new Error('step failed')
    })
    const third = serial('a', async () => void log.push('a3'))
    await serial('b', async () => void log.push('b1'))
    expect(log).toEqual(['b1'])
    releaseFirst()
    await first
    await expect(failing).rejects.toThrow('step failed')
    await third
    expect(log).toEqual(['b1', 'a1', 'a2', 'a3'])
    await waitFor(() => serial.pending() === 0, 'the queue emptied')
  })
})

describe('feed changes', () => {
  const base = feed('a')
  it.each([
    ['a rename', { name: 'New' }, false, false],
    ['new alert template', { alerts: { ...base.alerts, titleTemplate: '{{data}}' } }, false, false],
    ['a new URL', { url: 'https://e.com/other' }, true, false],
    ['a header', { headers: { 'X-A': '1' } }, true, false],
    ['pausing', { paused: true }, true, false],
    ['an own CA', { caCertificate: '-----BEGIN CERTIFICATE-----' }, true, false],
    ['the silence limit', { stallTimeoutSec: 30 }, true, false],
    ['obeying the server\'s pause', { serverPause: true }, true, false],
    ['retention', { retention: { maxEvents: 10, maxAgeDays: null } }, false, true],
  ] as const)('%s: reconnect %s, retention %s', (_what, change, reconnect, retention) => {
    const after = { ...base, ...change } as Feed
    expect(connectionChanged(base, after)).toBe(reconnect)
    expect(retentionChanged(base, after)).toBe(retention)
  })

  it('tells added, removed, reconnected and merely changed feeds apart', () => {
    const a = feed('a')
    const b = feed('b')
    const c = feed('c')
    const changes = diffFeeds([a, b, c], [{ ...a, name: 'A2' }, { ...b, url: 'https://e.com/b2' }, feed('d')])
    expect(changes.added.map((f) => f.id)).toEqual(['d'])
    expect(changes.removed).toEqual(['c'])
    expect(changes.reconnect.map((f) => f.id)).toEqual(['b'])
    expect(changes.changed.map((f) => f.id)).toEqual(['a', 'b'])
    expect(changes.retention).toEqual([])
    expect(diffFeeds([a], [a])).toEqual({ added: [], removed: [], reconnect: [], retention: [], changed: [] })
  })
})

describe('prune timer', () => {
  it('prunes on its beat, recounts only when something went, survives a failing disk', async () => {
    const results: (number | Error)[] = [0, new Error('disk I/O error'), 3]
    let calls = 0
    let recounts = 0
    const stop = startPruneTimer({
      prune: () => {
        const next = results[Math.min(calls++, results.length - 1)]!
        if (next instanceof Error) throw next
        return next
      },
    }, () => recounts++, 5)
    await waitFor(() => recounts >= 1, 'a prune that removed events')
    stop()
    expect(calls).toBeGreaterThanOrEqual(3) // past the failing step
  })
})
