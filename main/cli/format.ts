/** How the CLI prints feeds, events, toasts and statuses: text for people, JSON lines for scripts. */
import type { FeedDto } from '../../preload/dto.ts'
import type { Toast } from '../core/ports.ts'
import type { FeedStatus, StoredEvent } from '../core/types.ts'

const oneLine = (text: string, max = 200) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export function feedJson(feed: FeedDto): string {
  const { id, name, url, preset, paused, headers, auth, eventTypes, status, unread } = feed
  return JSON.stringify({ id, name, url, preset, paused, headers: Object.keys(headers), auth: auth.kind, eventTypes, state: status.state, unread })
}

export function feedText(feed: FeedDto): string {
  const flags = [feed.preset, feed.paused ? 'paused' : null, feed.auth.kind !== 'none' ? feed.auth.kind : null].filter(Boolean).join(', ')
  return `${feed.id}  ${feed.name}  ${feed.url}  (${flags})`
}

export function eventJson(event: StoredEvent, feedName: string | undefined): string {
  return JSON.stringify({
    feedId: event.feedId,
    feed: feedName,
    seq: event.seq,
    id: event.id,
    type: event.type,
    data: event.data,
    receivedAt: new Date(event.receivedAt).toISOString(),
    read: event.read,
  })
}

export function eventText(event: StoredEvent, feedName: string | undefined): string {
  const type = event.type === 'message' ? '' : ` ${event.type}`
  return `${new Date(event.receivedAt).toISOString()} [${feedName ?? event.feedId}]${type} ${oneLine(event.data)}`
}

export function toastText(toast: Toast, feedName: string | undefined): string {
  const body = toast.body ? ` — ${oneLine(toast.body)}` : ''
  const priority = toast.priority >= 4 ? ` (priority ${toast.priority})` : ''
  return `[${feedName ?? toast.feedId}] ${oneLine(toast.title, 120)}${body}${priority}`
}

export function statusText(status: FeedStatus, feedName: string | undefined, now: number): string {
  const name = feedName ?? status.feedId
  const error = status.lastError ? `: ${status.lastError.message}` : ''
  switch (status.state) {
    case 'backoff': {
      const wait = status.nextRetryAt ? Math.max(0, Math.round((status.nextRetryAt - now) / 1000)) : 0
      return `${name}: retrying in ${wait} s${error}`
    }
    case 'stopped':
      return `${name}: stopped (${status.stopReason ?? 'error'})${error}`
    default:
      return `${name}: ${status.state}`
  }
}
