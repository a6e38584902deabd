/**
 * "The network came back", for the main process: Electron has no 'online' event outside the
 * renderer, only `net.isOnline()`, so this polls it and reports each offline → online edge.
 * No electron import (the probe is injected), so a Node test drives it.
 */

export interface OnlineWatchOptions {
  isOnline(): boolean
  onOnline(): void
  /** How often to look; 5 s by default (a cheap call, no network traffic). */
  intervalMs?: number
  timers?: { setInterval(fn: () => void, ms: number): unknown; clearInterval(handle: unknown): void }
}

const realTimers = {
  setInterval: (fn: () => void, ms: number): unknown => setInterval(fn, ms),
  clearInterval: (handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>),
}

/** Starts watching; returns the function that stops it. */
export function watchOnline(options: OnlineWatchOptions): () => void {
  const timers = options.timers ?? realTimers
  let online = options.isOnline()
  const handle = timers.setInterval(() => {
    const now = options.isOnline()
    if (now && !online) options.onOnline()
    online = now
  }, options.intervalMs ?? 5_000)
  return () => timers.clearInterval(handle)
}
