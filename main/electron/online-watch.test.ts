import { describe, expect, it } from 'vitest'
import { waitFor } from '../test-support/wait.ts'
import { watchOnline } from './online-watch.ts'

describe('watchOnline', () => {
  it('reports each offline → online edge once, nothing else', () => {
    let tick: () => void = () => {}
    let cleared = false
    const states = [true, false, false, true, true, false, true]
    let i = 0
    let online = 0
    const stop = watchOnline({
      isOnline: () => states[Math.min(i, states.length - 1)]!,
      onOnline: () => online++,
      timers: { setInterval: (fn) => ((tick = fn), 1), clearInterval: () => (cleared = true) },
    })
    for (i = 1; i < states.length; i++) tick()
    expect(online).toBe(2)
    stop()
    expect(cleared).toBe(true)
  })

  it('polls on real timers', async () => {
    let state = false
    let online = 0
    const stop = watchOnline({ isOnline: () => state, onOnline: () => online++, intervalMs: 5 })
    state = true
    try {
      await waitFor(() => online > 0, 'the online report', 2_000)
    } finally {
      stop()
    }
    expect(online).toBe(1)
  })
})
