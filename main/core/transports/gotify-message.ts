/**
 * gotify's message (`model.MessageExternal` in gotify/server): `{id, appid, title, message,
 * priority, date, extras}` as JSON, the same on `/stream` and in `/message` pages. It becomes one
 * event (the message id is its identity and the resume point; `type` is `message`; `data` the
 * JSON exactly as received) and, for toasts, alert fields like ntfy's.
 */
import { safeClickUrl } from '../alerts/render.ts'
import type { Priority } from '../types.ts'
import type { WireEvent } from '../stream/transport.ts'

/** The fields Tidings reads; `raw` is the message's JSON text as received. */
export interface GotifyMessage {
  /** Auto-increment, > 0: ids only grow, so they order messages and mark the resume point. */
  id: number
  appid: number
  title: string
  message: string
  /** gotify's scale, 0 (min) to 10 (max). */
  priority: number
  date: string
  extras: Record<string, unknown> | null
  raw: string
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a parsed message object; null when it is not a gotify message (no positive integer id). */
export function readGotifyMessage(value: unknown, raw: string): GotifyMessage | null {
  if (!isObject(value)) return null
  const { id, appid, title, message, priority, date, extras } = value
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null
  return {
    id,
    appid: typeof appid === 'number' ? appid : 0,
    title: typeof title === 'string' ? title : '',
    message: typeof message === 'string' ? message : '',
    priority: typeof priority === 'number' && Number.isFinite(priority) ? priority : DEFAULT_GOTIFY_PRIORITY,
    date: typeof date === 'string' ? date : '',
    extras: isObject(extras) ? extras : null,
    raw,
  }
}

/** Parses one `/stream` text message; null when it is not a gotify message. */
export function parseGotifyMessage(text: string): GotifyMessage | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  return readGotifyMessage(value, text)
}

/**
 * gotify always sends a priority (the application's default when the sender gave none); a message
 * without one counts as 5, which is Tidings' default 3.
 */
export const DEFAULT_GOTIFY_PRIORITY = 5

/** The event a message becomes: its id is the identity and the cursor, `data` the JSON as received. */
export function gotifyEvent(message: GotifyMessage): WireEvent {
  return { id: String(message.id), newId: true, type: 'message', data: message.raw }
}

/**
 * gotify's 0–10 onto Tidings' 1–5, by the bands gotify's own Android client uses for its
 * notification channels: 0 min, 1–3 low, 4–7 default, 8–10 high; only 10 is Tidings' max (which
 * breaks through quiet hours).
 */
export function scaleGotifyPriority(priority: number): Priority {
  if (!Number.isFinite(priority)) return 3
  const p = Math.round(priority)
  if (p <= 0) return 1
  if (p <= 3) return 2
  if (p <= 7) return 3
  if (p <= 9) return 4
  return 5
}

/** What a toast of a gotify message says (before the feed's templates and link setting apply). */
export interface GotifyAlertFields {
  title: string
  message: string
  priority: Priority
  /** `extras["client::notification"].click.url`, http(s) only. */
  clickUrl: string | null
  /** `extras["client::display"].contentType` is `text/markdown`: the body is Markdown source. */
  markdown: boolean
}

/** The alert fields of a message, like ntfy's (title, message, priority, click). */
export function gotifyAlertFields(message: GotifyMessage): GotifyAlertFields {
  const notification = message.extras?.['client::notification']
  const click = isObject(notification) ? notification['click'] : undefined
  const display = message.extras?.['client::display']
  return {
    title: message.title,
    message: message.message,
    priority: scaleGotifyPriority(message.priority),
    clickUrl: isObject(click) ? safeClickUrl(click['url']) : null,
    markdown: isObject(display) && display['contentType'] === 'text/markdown',
  }
}
