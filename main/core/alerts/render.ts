/**
 * What a toast says for one event: title, body, priority, click URL and tags, from the feed's
 * templates or, when a template is empty, the preset's default mapping.
 *
 * - generic / Mercure: title = feed name (` · type` unless the type is `message`); body = the data as
 *   text, or for JSON the first of `message`, `title`, `text`, `body`, `msg`, else a compact one-line
 *   rendering. Priority 3. Click URL: a top-level `click`, `url` or `link` string of JSON data.
 * - ntfy: data is `{id, time, event, topic, title, message, priority, tags, click, actions}`:
 *   title = `title` or `topic`, body = `message`, priority = `priority` (1..5, default 3),
 *   tags = `tags` (emoji shortcodes kept as text), click URL = `click`.
 * - gotify: data is `{id, appid, title, message, priority, date, extras}`: title = `title` or the
 *   feed name, body = `message`, priority = gotify's 0–10 scaled to 1–5, click URL =
 *   `extras["client::notification"].click.url` (transports/gotify-message.ts).
 *
 * Output is plain text: control characters removed, bounded length, never interpreted as markup.
 * A click URL survives only when the feed allows opening links and it is an http(s) URL.
 */
import { gotifyAlertFields, readGotifyMessage } from '../transports/gotify-message.ts'
import type { Feed, FeedEvent, Priority, StoredEvent } from '../types.ts'
import { typedTitle } from './strings.ts'
import { expandTemplate, field, parseData, valueText, type TemplateScope } from './template.ts'
import { bodyText, labelText, titleText } from './text.ts'

/** The toast content `renderToast` promises. */
export interface RenderedToast {
  title: string
  body: string
  priority: Priority
  clickUrl: string | null
  tags: string[]
}

/** Internal: the rendering plus facts the decision needs. */
export interface RenderedEvent extends RenderedToast {
  /** ntfy protocol messages (`open`, `keepalive`, `poll_request`, …) that never toast. */
  protocol: boolean
}

/** The priority generic events count as. */
export const DEFAULT_PRIORITY: Priority = 3

const BODY_FIELDS = ['message', 'title', 'text', 'body', 'msg'] as const
const GENERIC_LINK_FIELDS = ['click', 'url', 'link'] as const
const MAX_TAGS = 10

/** A URL a click may open: http: or https: only (never javascript:, file:, data:, …). */
export function safeClickUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return null
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
}

/** An ntfy priority (1..5); numbers and numeric strings accepted, anything else is the default. */
export function toPriority(value: unknown): Priority {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5) return n as Priority
  return DEFAULT_PRIORITY
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nonEmptyText(value: unknown): string | null {
  if (typeof value === 'number') return String(value)
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

function genericBody(data: string, json: unknown): string {
  if (json === undefined) return data
  if (isObject(json)) {
    for (const key of BODY_FIELDS) {
      const text = nonEmptyText(field(json, key))
      if (text !== null) return text
    }
  }
  return valueText(json)
}

function genericTitle(feed: Feed, type: string): string {
  return type === '' || type === 'message' ? feed.name : typedTitle(feed.name, type)
}

function firstLink(json: unknown): unknown {
  for (const key of GENERIC_LINK_FIELDS) {
    const value = field(json, key)
    if (typeof value === 'string') return value
  }
  return undefined
}

function ntfyTags(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((tag): tag is string => typeof tag === 'string')
    .map((tag) => labelText(tag, 40))
    .filter((tag) => tag !== '')
    .slice(0, MAX_TAGS)
}

/** Internal rendering used by both `renderToast` and the decision in `createAlerts`. */
export function renderEvent(feed: Feed, event: StoredEvent | FeedEvent): RenderedEvent {
  const json = parseData(event.data)
  const scope: TemplateScope = { data: event.data, json, type: event.type, id: event.id, feed: feed.name }
  const { titleTemplate, bodyTemplate, openLinks } = feed.alerts
  const ntfy = feed.preset === 'ntfy' && isObject(json) ? json : null
  const gotify = feed.preset === 'gotify' ? readGotifyMessage(json, event.data) : null

  let title: string
  let body: string
  let priority = DEFAULT_PRIORITY
  let link: unknown
  let tags: string[] = []
  let protocol = false
  if (ntfy) {
    const kind = ntfy['event']
    protocol = typeof kind === 'string' && kind !== 'message'
    title = nonEmptyText(ntfy['title']) ?? nonEmptyText(ntfy['topic']) ?? feed.name
    body = valueText(ntfy['message'])
    priority = toPriority(ntfy['priority'])
    tags = ntfyTags(ntfy['tags'])
    link = ntfy['click']
  } else if (gotify) {
    const fields = gotifyAlertFields(gotify)
    title = nonEmptyText(fields.title) ?? feed.name
    body = fields.message
    priority = fields.priority
    link = fields.clickUrl
  } else {
    title = genericTitle(feed, event.type)
    body = genericBody(event.data, json)
    link = firstLink(json)
  }
  if (titleTemplate.trim() !== '') title = expandTemplate(titleTemplate, scope)
  if (bodyTemplate.trim() !== '') body = expandTemplate(bodyTemplate, scope)

  const cleanTitle = titleText(title)
  return {
    // A template that expands to nothing still leaves the toast saying where it came from.
    title: cleanTitle === '' ? titleText(feed.name) : cleanTitle,
    body: bodyText(body),
    priority,
    clickUrl: openLinks ? safeClickUrl(link) : null,
    tags,
    protocol,
  }
}

/** What the toast for `event` says (see the module comment for the mapping). */
export function renderToast(feed: Feed, event: StoredEvent | FeedEvent): RenderedToast {
  const { title, body, priority, clickUrl, tags } = renderEvent(feed, event)
  return { title, body, priority, clickUrl, tags }
}
