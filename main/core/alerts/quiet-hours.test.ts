import { describe, expect, it } from 'vitest'
import { testAppSettings } from '../../test-support/fixtures.ts'
import { inQuietHours, parseClockTime } from './quiet-hours.ts'

// Deterministic "local time": UTC, so the tests do not depend on the machine's zone.
const utcMinute = (ms: number) => new Date(ms).getUTCHours() * 60 + new Date(ms).getUTCMinutes()
const at = (hhmm: string) => Date.parse(`2024-03-05T${hhmm}:00.000Z`)
const quiet = (start: string, end: string, now: string, enabled = true) =>
  inQuietHours(testAppSettings({ quietHours: { enabled, start, end } }), at(now), utcMinute)

describe('inQuietHours', () => {
  it('same-day span: start inclusive, end exclusive', () => {
    expect(quiet('13:00', '14:30', '12:59')).toBe(false)
    expect(quiet('13:00', '14:30', '13:00')).toBe(true)
    expect(quiet('13:00', '14:30', '14:29')).toBe(true)
    expect(quiet('13:00', '14:30', '14:30')).toBe(false)
  })

  it('wraps midnight (22:00–07:00)', () => {
    expect(quiet('22:00', '07:00', '21:59')).toBe(false)
    expect(quiet('22:00', '07:00', '22:00')).toBe(true)
    expect(quiet('22:00', '07:00', '23:59')).toBe(true)
    expect(quiet('22:00', '07:00', '00:00')).toBe(true)
    expect(quiet('22:00', '07:00', '06:59')).toBe(true)
    expect(quiet('22:00', '07:00', '07:00')).toBe(false)
    expect(quiet('22:00', '07:00', '12:00')).toBe(false)
  })

  it('a span ending at midnight', () => {
    expect(quiet('20:00', '00:00', '23:59')).toBe(true)
    expect(quiet('20:00', '00:00', '00:00')).toBe(false)
  })

  it('disabled, empty (start = end) or malformed spans never silence', () => {
    expect(quiet('22:00', '07:00', '23:00', false)).toBe(false)
    expect(quiet('08:00', '08:00', '08:00')).toBe(false)
    expect(quiet('25:00', '07:00', '23:00')).toBe(false)
    expect(quiet('22:00', 'seven', '23:00')).toBe(false)
  })

  it('uses the system time zone by default', () => {
    const localLate = new Date(2024, 2, 5, 23, 15).getTime()
    const localNoon = new Date(2024, 2, 5, 12, 0).getTime()
    const settings = testAppSettings({ quietHours: { enabled: true, start: '22:00', end: '07:00' } })
    expect(inQuietHours(settings, localLate)).toBe(true)
    expect(inQuietHours(settings, localNoon)).toBe(false)
  })
})

describe('parseClockTime', () => {
  it('accepts H:MM and HH:MM, rejects the rest', () => {
    expect(parseClockTime('7:05')).toBe(425)
    expect(parseClockTime('23:59')).toBe(1439)
    expect(parseClockTime('00:00')).toBe(0)
    expect(parseClockTime('24:00')).toBeNull()
    expect(parseClockTime('12:60')).toBeNull()
    expect(parseClockTime('1200')).toBeNull()
    expect(parseClockTime('')).toBeNull()
  })
})
