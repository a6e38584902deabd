/**
 * When the window's renderer process dies (a crash, the OS killing it for memory), the app reloads
 * the page so the user finds a working window — but not in a loop: after `max` deaths within
 * `windowMs` it stops trying (the log says why) until the window is opened again.
 */
import type { Clock } from './ports.ts'
import { systemClock } from './ports.ts'

export interface ReloadPolicyOptions {
  clock?: Clock
  /** Reloads allowed within `windowMs` (3 by default). */
  max?: number
  windowMs?: number
}

/** Returns the decision function: given Electron's `details.reason`, reload or not. */
export function createReloadPolicy(options: ReloadPolicyOptions = {}): (reason: string) => boolean {
  const { clock = systemClock, max = 3, windowMs = 60_000 } = options
  let deaths: number[] = []
  return (reason) => {
    // A clean exit is the page closing, not a failure.
    if (reason === 'clean-exit') return false
    const now = clock.now()
    deaths = [...deaths.filter((at) => now - at < windowMs), now]
    return deaths.length <= max
  }
}
