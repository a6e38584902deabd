/**
 * Quiet hours: a daily local-time span ("22:00"–"07:00" wraps midnight) during which toasts are
 * held back (not queued: history already has the events). The start minute is inside the span, the
 * end minute is not; equal start and end mean an empty span. A malformed time disables the span,
 * so a typo can never silence every toast.
 */
import type { AppSettings } from '../ports.ts'

/** Minutes since local midnight (0..1439) at `ms`; the system time zone by default. */
export type LocalMinuteOfDay = (ms: number) => number

/** The system's local time zone, DST included. */
export const systemMinuteOfDay: LocalMinuteOfDay = (ms) => {
  const date = new Date(ms)
  return date.getHours() * 60 + date.getMinutes()
}

/** "HH:MM" (24 h, one or two hour digits) → minutes since midnight; null when malformed. */
export function parseClockTime(text: string): number | null {
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text)
  if (!match) return null
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (hours > 23 || minutes > 59) return null
  return hours * 60 + minutes
}

/** Whether `nowMs` falls inside the enabled quiet hours of `settings`. */
export function inQuietHours(
  settings: AppSettings,
  nowMs: number,
  minuteOfDay: LocalMinuteOfDay = systemMinuteOfDay,
): boolean {
  const { enabled, start, end } = settings.quietHours
  if (!enabled) return false
  const from = parseClockTime(start)
  const to = parseClockTime(end)
  if (from === null || to === null || from === to) return false
  const now = minuteOfDay(nowMs)
  // Same-day span [from, to), or one that wraps midnight: [from, 24:00) ∪ [00:00, to).
  return from < to ? now >= from && now < to : now >= from || now < to
}
