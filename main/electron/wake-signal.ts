/**
 * The core's WakeSignal from the OS: resume from sleep and screen unlock (powerMonitor), and the
 * network coming back (polled `net.isOnline()`). Each tells the service to reconnect now.
 */
import { net, powerMonitor } from 'electron'
import type { WakeSignal } from '../core/ports.ts'
import { watchOnline } from './online-watch.ts'

type Reason = Parameters<Parameters<WakeSignal['onWake']>[0]>[0]

/** Starts listening; `dispose` removes every listener and the poll. */
export function createWakeSignal(): WakeSignal & { dispose(): void } {
  const listeners = new Set<(reason: Reason) => void>()
  const emit = (reason: Reason) => {
    for (const listener of listeners) listener(reason)
  }
  const onResume = () => emit('resume')
  const onUnlock = () => emit('unlock')
  powerMonitor.on('resume', onResume)
  powerMonitor.on('unlock-screen', onUnlock)
  const stopWatch = watchOnline({ isOnline: () => net.isOnline(), onOnline: () => emit('online') })
  return {
    onWake(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      powerMonitor.off('resume', onResume)
      powerMonitor.off('unlock-screen', onUnlock)
      stopWatch()
      listeners.clear()
    },
  }
}
