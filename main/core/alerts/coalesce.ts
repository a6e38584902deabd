/**
 * Burst coalescing, per feed. A window opens with the first toast a feed offers and lasts
 * `windowMs`. Within it the first `max` toasts show at once; the rest are held and, when the window
 * ends, stand for one toast: a summary ("12 new events in Alerts"), or the held toast itself when
 * only one was held. A burst that overflowed keeps going as a chain: the next window opens right
 * away and holds everything, so a steady flood yields one summary per window, not `max + 1`. The
 * chain ends after a window in which nothing arrived.
 */
import type { Toast } from '../ports.ts'
import type { Feed, Priority } from '../types.ts'
import { alertWords, type AlertWords } from './strings.ts'
import { titleText } from './text.ts'

/** Timer port, so tests decide when a window ends. */
export interface Timers {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

/** setTimeout/clearTimeout, unref'd where possible so a pending window never keeps Node alive. */
export const systemTimers: Timers = {
  set(fn, ms) {
    const handle = setTimeout(fn, ms) as unknown as { unref?: () => void }
    handle.unref?.()
    return handle
  },
  clear(handle) {
    clearTimeout(handle as Parameters<typeof clearTimeout>[0])
  },
}

interface Burst {
  feed: Feed
  /** Toasts shown in this window. */
  shown: number
  /** Toasts held back in this window. */
  held: number
  lastHeld: Toast | null
  priority: Priority
  sound: boolean
  /** Continuation of a burst that overflowed: hold everything. */
  chained: boolean
  windowMs: number
  handle: unknown
}

export interface Coalescer {
  /** A toast that passed every other rule; shows it or holds it. */
  offer(feed: Feed, toast: Toast, limits: { windowMs: number; max: number }): void
  /** Drop a feed's window and anything it held (the feed is gone). */
  forget(feedId: string): void
  /** End every window now: held toasts are emitted (summary or single), timers cancelled. */
  flushAll(): void
}

/** Held toasts of one window as the one toast that stands for them. */
function standIn(burst: Burst, words: AlertWords): Toast {
  if (burst.held === 1 && burst.lastHeld) return burst.lastHeld
  return {
    feedId: burst.feed.id,
    seq: null,
    title: titleText(burst.feed.name),
    body: words.summaryBody(burst.held, burst.feed.name),
    priority: burst.priority,
    sound: burst.sound,
    clickUrl: null,
    kind: 'summary',
  }
}

/**
 * `show` receives every toast that should reach the user now (the caller re-checks quiet hours
 * for toasts emitted at the end of a window).
 */
export function createCoalescer(timers: Timers, show: (toast: Toast) => void, words: () => AlertWords = () => alertWords('en')): Coalescer {
  const bursts = new Map<string, Burst>()

  function open(feed: Feed, windowMs: number, chained: boolean): Burst {
    const burst: Burst = {
      feed,
      shown: 0,
      held: 0,
      lastHeld: null,
      priority: 1,
      sound: false,
      chained,
      windowMs,
      handle: null,
    }
    burst.handle = timers.set(() => close(feed.id, burst), windowMs)
    bursts.set(feed.id, burst)
    return burst
  }

  function close(feedId: string, burst: Burst): void {
    if (bursts.get(feedId) !== burst) return
    bursts.delete(feedId)
    if (burst.held === 0) return
    const toast = standIn(burst, words())
    open(burst.feed, burst.windowMs, true)
    show(toast)
  }

  return {
    offer(feed, toast, { windowMs, max }) {
      if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
        show(toast) // coalescing switched off
        return
      }
      const burst = bursts.get(feed.id) ?? open(feed, windowMs, false)
      burst.feed = feed
      const limit = Number.isFinite(max) ? Math.max(0, Math.floor(max)) : 0
      if (!burst.chained && burst.shown < limit) {
        burst.shown++
        show(toast)
        return
      }
      burst.held++
      burst.lastHeld = toast
      if (toast.priority > burst.priority) burst.priority = toast.priority
      burst.sound ||= toast.sound
    },
    forget(feedId) {
      const burst = bursts.get(feedId)
      if (!burst) return
      timers.clear(burst.handle)
      bursts.delete(feedId)
    },
    flushAll() {
      const pending = [...bursts.values()]
      bursts.clear()
      for (const burst of pending) {
        timers.clear(burst.handle)
        if (burst.held > 0) show(standIn(burst, words()))
      }
    },
  }
}
