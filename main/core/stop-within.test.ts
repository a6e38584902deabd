import { describe, expect, it } from 'vitest'
import { createReloadPolicy } from './reload-policy.ts'
import { stopWithin } from './stop-within.ts'

describe('stopWithin', () => {
  it('says clean when the stop ends in time', async () => {
    await expect(stopWithin(async () => {}, 10_000)).resolves.toEqual({ kind: 'clean' })
  })

  it('gives up on a stop that never ends, after the limit', async () => {
    const outcome = await stopWithin(() => new Promise<void>(() => {}), 20)
    expect(outcome).toEqual({ kind: 'timed-out', limitMs: 20 })
  })

  it('reports a failing stop, thrown or rejected, without rejecting itself', async () => {
    const error = new Error('disk gone')
    await expect(stopWithin(() => Promise.reject(error), 10_000)).resolves.toEqual({ kind: 'failed', error })
    await expect(
      stopWithin(() => {
        throw error
      }, 10_000),
    ).resolves.toEqual({ kind: 'failed', error })
  })
})

describe('the reload policy', () => {
  it('reloads after a crash, not after a clean exit, and stops after too many deaths in a minute', () => {
    let now = 0
    const reload = createReloadPolicy({ clock: { now: () => now }, max: 2, windowMs: 60_000 })
    expect(reload('clean-exit')).toBe(false)
    expect(reload('crashed')).toBe(true)
    now += 1000
    expect(reload('oom')).toBe(true)
    now += 1000
    expect(reload('crashed')).toBe(false)
    now += 61_000
    expect(reload('crashed')).toBe(true)
  })
})
