import { describe, expect, it } from 'vitest'
import { createStallPolicy, defaultStall } from './stall.ts'

describe('stall policy', () => {
  it('uses a generous default until a cadence is seen', () => {
    const policy = createStallPolicy(defaultStall, null)
    expect(policy.limitMs()).toBe(600_000)
    policy.observeGap(20) // bursts say nothing about keepalives
    policy.observeGap(35)
    expect(policy.limitMs()).toBe(600_000)
    policy.observeGap(15_000)
    expect(policy.limitMs()).toBe(600_000) // one gap is not a cadence yet
  })

  it('adapts to 3× the largest recent gap plus a margin, within [10 s, 1 h]', () => {
    const policy = createStallPolicy(defaultStall, null)
    policy.observeGap(15_000)
    policy.observeGap(14_000)
    expect(policy.limitMs()).toBe(50_000)
    policy.observeGap(2_000)
    expect(policy.limitMs()).toBe(50_000)
    const fast = createStallPolicy(defaultStall, null)
    fast.observeGap(1_000)
    fast.observeGap(1_000)
    expect(fast.limitMs()).toBe(10_000)
    const slow = createStallPolicy(defaultStall, null)
    slow.observeGap(30 * 60_000)
    slow.observeGap(30 * 60_000)
    expect(slow.limitMs()).toBe(3_600_000)
  })

  it('forgets gaps older than the window', () => {
    const policy = createStallPolicy({ ...defaultStall, window: 3 }, null)
    policy.observeGap(100_000)
    policy.observeGap(5_000)
    expect(policy.limitMs()).toBe(305_000)
    policy.observeGap(5_000)
    policy.observeGap(5_000)
    expect(policy.limitMs()).toBe(20_000)
  })

  it('uses a configured limit as is', () => {
    const policy = createStallPolicy(defaultStall, 90_000)
    policy.observeGap(15_000)
    policy.observeGap(15_000)
    expect(policy.limitMs()).toBe(90_000)
  })
})
