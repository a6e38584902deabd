/**
 * One event of the built-in example feed: a pure function of its slot (example-clock.ts), plain
 * JSON whose `message` the toast and the history row show, in the language Tidings speaks when the
 * event is made — like a real server's text, it is stored as it was sent.
 *
 *   {"message":"Example event sent at 14:05:30.","sentAt":"2026-12-02T14:05:30.000Z","slot":94383142}
 */
import type { Locale } from '../locale.ts'
import type { WireEvent } from '../stream/transport.ts'
import { slotStart, type ExampleClock } from './example-clock.ts'

/**
 * The events' type: the SSE default, so a toast's title is the feed's name alone ("Example", not
 * "Example · example") and the body its message.
 */
export const EXAMPLE_EVENT_TYPE = 'message'

const pad = (n: number) => String(n).padStart(2, '0')

/** "14:05:30": the local time of day, 24-hour, in both languages. */
function timeOfDay(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

const messages: Record<Locale, (time: string) => string> = {
  en: (time) => `Example event sent at ${time}.`,
  'zh-CN': (time) => `示例事件，发送于 ${time}。`,
}

/** The event of slot `slot`. */
export function exampleEvent(slot: number, clock: ExampleClock, locale: Locale): WireEvent {
  const sentAt = slotStart(slot, clock)
  const data = JSON.stringify({ message: messages[locale](timeOfDay(sentAt)), sentAt: new Date(sentAt).toISOString(), slot })
  return { id: String(slot), newId: true, type: EXAMPLE_EVENT_TYPE, data }
}
