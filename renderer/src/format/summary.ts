/**
 * The one-line summary a history row shows. Event data is text from a server we do not control:
 * the summary is plain text (React renders it as a text node), bounded in length, and computed
 * once per event object so a scrolling list of 100,000 rows never re-parses JSON.
 */
import type { StoredEventDto } from '../../../preload/contract.ts'

const MAX_CHARS = 300
const MAX_PARSE_BYTES = 64 * 1024
const cache = new WeakMap<StoredEventDto, string>()

/** Collapses whitespace (newlines, tabs) and cuts the text to one readable line. */
export function oneLine(text: string, max = MAX_CHARS): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text
  const line = head.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

function fromJson(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  const text = (key: string): string => (typeof record[key] === 'string' ? record[key] : '')
  // ntfy: {title, message}; many feeds: {title, body} or {message} or {text}.
  const title = text('title') || text('subject') || text('name')
  const body = text('message') || text('body') || text('text') || text('msg') || text('description')
  if (title && body) return `${title}: ${body}`
  if (title || body) return title || body
  // Anything else: its plain fields, "key: value · key: value", in the order the server sent them.
  const fields = Object.entries(record)
    .filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}: ${String(value)}`)
  return fields.length > 0 ? fields.join(' · ') : null
}

/** What the row shows for this event: JSON title/message when present, else the data's text. */
export function summarize(event: StoredEventDto): string {
  const cached = cache.get(event)
  if (cached !== undefined) return cached
  let summary: string | null = null
  const data = event.data
  const first = data.trimStart()[0]
  if ((first === '{' || first === '[') && data.length <= MAX_PARSE_BYTES) {
    try {
      summary = fromJson(JSON.parse(data) as unknown)
    } catch {
      summary = null
    }
  }
  const result = oneLine(summary ?? data)
  cache.set(event, result)
  return result
}
