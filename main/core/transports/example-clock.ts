/**
 * The built-in example feed's clock (pure): its events are a function of time alone. Slot N starts
 * at `epochMs + N × intervalMs` and is event N (id `N`), so every run of Tidings — and every
 * machine — agrees on which events exist, and a restart knows exactly which ones it missed: those
 * after the stored id up to now. Nothing is kept anywhere but the feed's resume cursor.
 */

export interface ExampleClock {
  /** Where slot 0 starts (ms since the epoch). */
  epochMs: number
  /** One event per this many ms. */
  intervalMs: number
}

/**
 * One event every 15 s: a new user sees the next one arrive within seconds of the first, a minute
 * away from Tidings replays a handful, and the toasts of a forgotten demo stay occasional.
 */
export const EXAMPLE_CLOCK: ExampleClock = { epochMs: Date.UTC(2024, 0, 1), intervalMs: 15_000 }

/** At most this many missed events are replayed on connect; older ones are skipped as a gap. */
export const EXAMPLE_MAX_REPLAY = 100

/** The slot that contains `ms`. */
export function slotAt(ms: number, clock: ExampleClock): number {
  return Math.floor((ms - clock.epochMs) / clock.intervalMs)
}

/** When slot `slot` starts (its event's "sent at"). */
export function slotStart(slot: number, clock: ExampleClock): number {
  return clock.epochMs + slot * clock.intervalMs
}

/** A stored id read back as a slot; null for anything this feed did not write. */
export function parseSlot(id: string): number | null {
  if (!/^(0|-?[1-9][0-9]{0,15})$/.test(id)) return null
  const slot = Number(id)
  return Number.isSafeInteger(slot) ? slot : null
}

/** Slots `from`..`to`, both included (none when from > to); `skipped`: older missed slots were left out. */
export interface SlotRange {
  from: number
  to: number
  skipped: boolean
}

/**
 * What a connection hands over first, resuming after the stored id `stored` in slot `current`:
 * - no stored id (a new feed), one it did not write, or one from the future (the clock went back):
 *   the current slot alone — a new feed starts with one event, not a flood;
 * - else every slot after the stored one up to the current one (none when it is the current one),
 *   at most `maxReplay` of them, the newest; `skipped` when older ones were left out.
 */
export function planCatchUp(stored: string, current: number, maxReplay: number): SlotRange {
  const last = parseSlot(stored)
  if (last === null || last > current) return { from: current, to: current, skipped: false }
  const from = Math.max(last + 1, current - Math.max(1, maxReplay) + 1)
  return { from, to: current, skipped: from > last + 1 }
}
