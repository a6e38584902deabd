import { describe, expect, it } from 'vitest'
import { waitFor } from './wait.ts'

describe('waitFor', () => {
  it('returns the first truthy value, sync or async', async () => {
    let calls = 0
    expect(await waitFor(() => (++calls >= 3 ? `after ${calls}` : null), 'three calls', 1_000)).toBe('after 3')
    expect(await waitFor(async () => 42, 'an async value', 1_000)).toBe(42)
  })

  it('names what it waited for, described at the moment it gives up', async () => {
    await expect(waitFor(() => false, 'nothing', 20)).rejects.toThrow('timed out after 20 ms waiting for nothing')
    let polls = 0
    const never = () => {
      polls++
      return false
    }
    await expect(waitFor(never, () => `the impossible (${polls} polls)`, 30)).rejects.toThrow(/waiting for the impossible \([1-9]\d* polls\)/)
  })
})
