import { describe, expect, it } from 'vitest'
import { backoffDelay, defaultBackoff, parseRetryAfter } from './backoff.ts'

describe('backoffDelay', () => {
  const options = { baseMs: 3_000, maxMs: 60_000, factor: 2, jitter: 0.5 }

  it('starts at the base and grows ×2 up to the cap (random = 1: the full delay)', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7].map((step) => backoffDelay(step, 3_000, options, () => 1))
    expect(delays).toEqual([3_000, 6_000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000])
  })

  it('jitters within [delay/2, delay] and never below the base', () => {
    expect(backoffDelay(3, 3_000, options, () => 0)).toBe(12_000)
    expect(backoffDelay(1, 3_000, options, () => 0)).toBe(3_000)
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, 3_000, options, Math.random)
      expect(d).toBeGreaterThanOrEqual(24_000)
      expect(d).toBeLessThanOrEqual(48_000)
    }
  })

  it('keeps a server retry above the cap, and a zero retry still grows', () => {
    expect(backoffDelay(3, 600_000, options, () => 1)).toBe(600_000)
    expect([0, 1, 2, 3].map((s) => backoffDelay(s, 0, options, () => 1))).toEqual([1, 2, 4, 8])
  })

  it('has production defaults of 3 s, capped at 5 minutes', () => {
    expect(defaultBackoff.baseMs).toBe(3_000)
    expect(backoffDelay(30, 3_000, defaultBackoff, () => 1)).toBe(300_000)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now, 3_600_000)).toBe(120_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:02:00 GMT', now, 3_600_000)).toBe(120_000)
  })

  it('bounds the wait to [0, max] and ignores what it cannot read', () => {
    expect(parseRetryAfter('999999', now, 3_600_000)).toBe(3_600_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now, 3_600_000)).toBe(0)
    expect(parseRetryAfter('soon', now, 3_600_000)).toBeNull()
    expect(parseRetryAfter('-5', now, 3_600_000)).toBeNull()
    expect(parseRetryAfter(null, now, 3_600_000)).toBeNull()
  })
})
