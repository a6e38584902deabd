/**
 * What a history row shows for an event. Event data is text from a server we do not control: the
 * summary is plain text (React renders it as a text node), bounded in length, and computed once per
 * event object so a scrolling list of 100,000 rows never re-parses JSON. ntfy-style JSON also
 * yields its priority (1–5) and tags (emoji by ntfy's convention, else words).
 */
import type { StoredEventDto } from '../../../preload/contract.ts'
import { tagEmoji } from './ntfy-tags.ts'

const MAX_CHARS = 300
const MAX_PARSE_BYTES = 64 * 1024
const MAX_TAGS = 6

/** A row's words and marks. */
export interface RowSummary {
  text: string
  /** 1..5 when the data says so (ntfy), else null (the default, 3, shows nothing). */
  priority: number | null
  /** Emoji for tags ntfy shows as emoji, in order. */
  emoji: string
  /** Tags that stay words. */
  tags: string[]
}

const cache = new WeakMap<StoredEventDto, RowSummary>()

/** Collapses whitespace (newlines, tabs) and cuts the text to one readable line. */
export function oneLine(text: string, max = MAX_CHARS): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text
  const line = head.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

function fromJson(value: unknown): Omit<RowSummary, 'text'> & { text: string | null } {
  const none = { text: null, priority: null, emoji: '', tags: [] }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return none
  const record = value as Record<string, unknown>
  const text = (key: string): string => (typeof record[key] === 'string' ? record[key] : '')
  const raw = record.priority
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[1-5]$/.test(raw) ? Number(raw) : null
  const priority = number !== null && Number.isInteger(number) && number >= 1 && number <= 5 && number !== 3 ? number : null
  let emoji = ''
  const tags: string[] = []
  if (Array.isArray(record.tags)) {
    for (const tag of record.tags.slice(0, MAX_TAGS * 2)) {
      if (typeof tag !== 'string' || tag.trim() === '') continue
      const mark = tagEmoji(tag.trim())
      if (mark !== null) emoji += mark
      else if (tags.length < MAX_TAGS) tags.push(oneLine(tag, 40))
    }
  }
  // ntfy: {title, message}; many feeds: {title, body} or {message} or {text}.
  const title = text('title') || text('subject') || text('name')
  const body = text('message') || text('body') || text('text') || text('msg') || text('description')
  let summary: string | null
  if (title && body) summary = `${title}: ${body}`
  else if (title || body) summary = title || body
  else {
    // Anything else: its plain fields, "key: value · key: value", in the order the server sent them.
    const fields = Object.entries(record)
      .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
      .map(([key, v]) => `${key}: ${String(v)}`)
    summary = fields.length > 0 ? fields.join(' · ') : null
  }
  return { text: summary, priority, emoji, tags }
}

/** The row's words and marks for this event. */
export function summarizeRow(event: StoredEventDto): RowSummary {
  const hit = cache.get(event)
  if (hit !== undefined) return hit
  const data = event.data
  const first = data.trimStart()[0]
  let result: RowSummary | null = null
  if ((first === '{' || first === '[') && data.length <= MAX_PARSE_BYTES) {
    try {
      const parsed = fromJson(JSON.parse(data) as unknown)
      result = { ...parsed, text: oneLine(parsed.text ?? data) }
    } catch {
      result = null
    }
  }
  result ??= { text: oneLine(data), priority: null, emoji: '', tags: [] }
  cache.set(event, result)
  return result
}

/** What the row's text says for this event: JSON title/message when present, else the data's text. */
export function summarize(event: StoredEventDto): string {
  return summarizeRow(event).text
}
