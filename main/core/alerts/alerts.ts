/**
 * The alerts service: for each newly stored event, whether a toast shows and what it says; for each
 * status change, whether the user must be told that a feed stopped. Order of decisions per event:
 * feed rules (`rules.ts`) → quiet hours / Do Not Disturb (priority 5 breaks through both) → burst
 * coalescing (`coalesce.ts`). Held-back toasts are never queued for later: history has the events.
 */
import type { AppSettings, Clock, Notifier, Toast } from '../ports.ts'
import type { Feed, FeedStatus, Priority, StopReason, StoredEvent } from '../types.ts'
import { createCoalescer, systemTimers, type Timers } from './coalesce.ts'
import { inQuietHours, systemMinuteOfDay, type LocalMinuteOfDay } from './quiet-hours.ts'
import { renderEvent } from './render.ts'
import { passesRules } from './rules.ts'
import { alertWords } from './strings.ts'
import type { Locale } from '../locale.ts'
import { titleText } from './text.ts'

export type { Timers } from './coalesce.ts'
export type { LocalMinuteOfDay } from './quiet-hours.ts'

export interface AlertsDeps {
  notifier: Notifier
  clock: Clock
  /** The language toasts speak (default English). */
  locale?: () => Locale
  settings: () => AppSettings
  /** Timer port so tests control time; default setTimeout/clearTimeout (unref'd). */
  timers?: Timers
  /** Local time-zone source for quiet hours (minutes since local midnight); default: the system's. */
  localMinuteOfDay?: LocalMinuteOfDay
}

export interface Alerts {
  /** Newly stored events of one feed (already in history). Decides toasts, coalesces bursts. */
  onStored(feed: Feed, events: StoredEvent[]): void
  /**
   * Status changes. A feed that STOPS (auth, not-found, content-type, no-content, invalid) is told
   * once, calmly (one 'feed-stopped' toast, no sound), not on every retry; it is told again only
   * after the feed was `open` again and then stopped again. Backoff/retry never toasts. Quiet hours
   * and Do Not Disturb hold the toast back like any other (it still counts as told: the tray and
   * the window show the stopped feed). It shows even when the feed's own toasts are off, since it
   * is about the connection, not the feed's content.
   */
  onStatus(feed: Feed, status: FeedStatus): void
  /** The feed was removed: drop its pending burst (no summary) and its stopped-notice memory. */
  forget(feedId: string): void
  /**
   * Cancel timers. Pending summaries are FLUSHED (shown now, subject to quiet hours/DND), so held
   * events are still announced; afterwards `onStored`/`onStatus` do nothing.
   */
  dispose(): void
}

const STOP_REASONS: ReadonlySet<StopReason> = new Set(['auth', 'not-found', 'no-content', 'content-type', 'invalid'])

/** The highest priority: breaks through quiet hours and Do Not Disturb. */
const MAX_PRIORITY: Priority = 5
/** ntfy's min (1) and low (2) priorities notify without sound. */
const SILENT_BELOW: Priority = 3

/** Build the alerts service over its ports (see `Alerts`). */
export function createAlerts(deps: AlertsDeps): Alerts {
  const { notifier, clock, settings } = deps
  const timers = deps.timers ?? systemTimers
  const minuteOfDay = deps.localMinuteOfDay ?? systemMinuteOfDay
  /** Feeds already told about their current stop. */
  const toldStopped = new Set<string>()
  let disposed = false

  function heldBack(app: AppSettings, priority: Priority): boolean {
    if (priority >= MAX_PRIORITY) return false
    return app.doNotDisturb || inQuietHours(app, clock.now(), minuteOfDay)
  }

  function show(toast: Toast): void {
    try {
      notifier.show(toast)
    } catch {
      // A failing OS notification must never disturb storing or other feeds; history has the event.
    }
  }

  // Immediate toasts were checked a moment ago; the re-check matters for those emitted at the end of
  // a window, when quiet hours or Do Not Disturb may have begun meanwhile.
  const words = () => alertWords(deps.locale?.() ?? 'en')
  const coalescer = createCoalescer(
    timers,
    (toast) => {
      if (!heldBack(settings(), toast.priority)) show(toast)
    },
    words,
  )

  return {
    onStored(feed, events) {
      // Toasts off for this feed: nothing to decide (and no rendering cost on a busy feed).
      if (disposed || events.length === 0 || !feed.alerts.enabled) return
      const app = settings()
      const limits = { windowMs: app.coalesceWindowMs, max: app.coalesceMax }
      for (const event of events) {
        const rendered = renderEvent(feed, event)
        if (!passesRules(feed.alerts, rendered, event.data)) continue
        if (heldBack(app, rendered.priority)) continue
        const toast: Toast = {
          feedId: feed.id,
          seq: event.seq,
          title: rendered.title,
          body: rendered.body,
          priority: rendered.priority,
          sound: feed.alerts.sound && rendered.priority >= SILENT_BELOW,
          clickUrl: rendered.clickUrl,
          kind: 'event',
        }
        // The most urgent events are never folded into a summary.
        if (rendered.priority >= MAX_PRIORITY) show(toast)
        else coalescer.offer(feed, toast, limits)
      }
    },
    onStatus(feed, status) {
      if (disposed) return
      if (status.state === 'open') {
        toldStopped.delete(feed.id)
        return
      }
      const reason = status.stopReason
      if (status.state !== 'stopped' || reason === null || !STOP_REASONS.has(reason)) return
      if (toldStopped.has(feed.id)) return
      toldStopped.add(feed.id)
      const priority: Priority = 3
      if (heldBack(settings(), priority)) return
      show({
        feedId: feed.id,
        seq: null,
        title: titleText(words().stoppedTitle(feed.name)),
        body: words().stoppedBody(reason, status.lastError?.code),
        priority,
        sound: false,
        clickUrl: null,
        kind: 'feed-stopped',
      })
    },
    forget(feedId) {
      coalescer.forget(feedId)
      toldStopped.delete(feedId)
    },
    dispose() {
      if (disposed) return
      disposed = true
      coalescer.flushAll()
    },
  }
}
