/**
 * The service's push channels ('events:new', 'feeds:status', …): listeners per channel, and an
 * emit that a failing listener (a closed window) cannot break for the others or for the event path.
 */
import type { Pushes } from '../../../preload/contract.ts'
import type { On } from '../service-api.ts'

export interface PushBus {
  emit<C extends keyof Pushes>(channel: C, ...args: Parameters<Pushes[C]>): void
  on: On
}

export function createPushBus(): PushBus {
  const listeners = new Map<keyof Pushes, Set<(...args: never[]) => void>>()
  return {
    emit(channel, ...args) {
      for (const listener of listeners.get(channel) ?? []) {
        try {
          ;(listener as unknown as (...a: typeof args) => void)(...args)
        } catch {
          // A failing listener must not break the others or the event path.
        }
      }
    },
    on(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}
