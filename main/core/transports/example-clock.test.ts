import { describe, expect, it } from 'vitest'
import { EXAMPLE_CLOCK, parseSlot, planCatchUp, slotAt, slotStart } from './example-clock.ts'
import { exampleEvent } from './example-event.ts'

describe('the example feed clock', () => {
  it('numbers 15-second slots from a fixed epoch; a slot starts where the previous ends', () => {
    const start = slotStart(94_000_000, EXAMPLE_CLOCK)
    expect(slotAt(start, EXAMPLE_CLOCK)).toBe(94_000_000)
    expect(slotAt(start - 1, EXAMPLE_CLOCK)).toBe(93_999_999)
    expect(slotAt(start + 14_999, EXAMPLE_CLOCK)).toBe(94_000_000)
    expect(slotAt(start + 15_000, EXAMPLE_CLOCK)).toBe(94_000_001)
    expect(slotAt(EXAMPLE_CLOCK.epochMs, EXAMPLE_CLOCK)).toBe(0)
  })

  it('reads back only ids it wrote', () => {
    expect(parseSlot('42')).toBe(42)
    expect(parseSlot('0')).toBe(0)
    expect(parseSlot('-3')).toBe(-3)
    for (const foreign of ['', '042', '4.2', '1e3', ' 42', 'abc', '-0', '99999999999999999']) expect(parseSlot(foreign), foreign).toBeNull()
  })

  it.each([
    { case: 'a new feed starts with the current slot only', stored: '', current: 500, range: { from: 500, to: 500, skipped: false } },
    { case: 'stored id is the current slot: nothing to replay', stored: '500', current: 500, range: { from: 501, to: 500, skipped: false } },
    { case: 'three missed', stored: '497', current: 500, range: { from: 498, to: 500, skipped: false } },
    { case: 'exactly the cap missed', stored: '400', current: 500, range: { from: 401, to: 500, skipped: false } },
    { case: 'one more than the cap: the oldest skipped', stored: '399', current: 500, range: { from: 401, to: 500, skipped: true } },
    { case: 'a week away: the newest 100', stored: '100', current: 40_420, range: { from: 40_321, to: 40_420, skipped: true } },
    { case: 'an id another server wrote: like a new feed', stored: 'evt-7', current: 500, range: { from: 500, to: 500, skipped: false } },
    { case: 'an id from the future (the clock went back): the current slot', stored: '900', current: 500, range: { from: 500, to: 500, skipped: false } },
  ])('catch-up plan: $case', ({ stored, current, range }) => {
    expect(planCatchUp(stored, current, 100)).toEqual(range)
  })

  it('an event is a pure function of its slot: id, type, and JSON with the message in the language asked for', () => {
    const clock = { epochMs: Date.UTC(2024, 0, 1), intervalMs: 15_000 }
    const slot = 4 * 60 * 24 // one day after the epoch
    const event = exampleEvent(slot, clock, 'en')
    expect(exampleEvent(slot, clock, 'en')).toEqual(event)
    expect(event).toMatchObject({ id: String(slot), newId: true, type: 'message' })
    const data = JSON.parse(event.data) as { message: string; sentAt: string; slot: number }
    expect(data.sentAt).toBe('2024-01-02T00:00:00.000Z')
    expect(data.slot).toBe(slot)
    const local = new Date(data.sentAt)
    const time = [local.getHours(), local.getMinutes(), local.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
    expect(data.message).toBe(`Example event sent at ${time}.`)
    const zh = JSON.parse(exampleEvent(slot, clock, 'zh-CN').data) as { message: string }
    expect(zh.message).toBe(`示例事件，发送于 ${time}。`)
  })
})
