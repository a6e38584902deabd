/** How the CLI prints feeds, events, toasts and statuses: text for people, JSON lines for scripts. */
import type { FeedDto } from '../../preload/dto.ts'
import type { Toast } from '../core/ports.ts'
import type { FeedStatus, StoredEvent } from '../core/types.ts'
import type { Words } from './words.ts'

const oneLine = (text: string, max = 200) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * Whether anything subscribes to the feeds while a command that does not (`feeds list`) looks:
 * nobody, or the app / a `tidings run` whose live state this process cannot see.
 */
export type Liveness = { kind: 'stopped' } | { kind: 'elsewhere'; who: string; pid: number }

/**
 * The state a command outside the subscriber can vouch for: `paused`, else `not-running` (nobody
 * subscribes) or `unknown` (someone else does) — never a live state it has not seen.
 */
export function knownState(feed: FeedDto, liveness: Liveness): 'paused' | 'not-running' | 'unknown' {
  if (feed.paused) return 'paused'
  return liveness.kind === 'stopped' ? 'not-running' : 'unknown'
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function feedJson(feed: FeedDto, liveness: Liveness): string {
  const { id, name, url, preset, paused, headers, auth, eventTypes, caCertificate, serverPause, status, unread } = feed
  return JSON.stringify({
    id,
    name,
    url,
    preset,
    paused,
    headers: Object.keys(headers),
    auth: auth.kind,
    ownCa: caCertificate !== null && caCertificate !== '',
    serverPause: serverPause === true,
    eventTypes,
    state: knownState(feed, liveness),
    subscriber: liveness.kind === 'elsewhere' ? { who: liveness.who, pid: liveness.pid } : null,
    lastEventAt: iso(status.lastEventAt),
    unread,
  })
}

export function feedText(feed: FeedDto, words: Words, liveness?: Liveness, now?: number): string {
  const flags = [feed.preset, feed.paused ? words.status({ ...feed.status, state: 'paused', lastError: null }, 0) : null, feed.auth.kind !== 'none' ? feed.auth.kind : null, feed.caCertificate ? words.ownCa : null]
    .filter(Boolean)
    .join(', ')
  const line = `${feed.id}  ${feed.name}  ${feed.url}  (${flags})`
  if (!liveness || now === undefined) return line
  const state = feed.paused ? null : liveness.kind === 'stopped' ? words.notRunning : words.runningElsewhere(liveness.who, liveness.pid)
  const facts = [state, feed.status.lastEventAt !== null ? words.lastEvent(feed.status.lastEventAt) : null].filter(Boolean)
  return facts.length > 0 ? `${line}  ${facts.join(', ')}` : line
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

export function toastText(toast: Toast, feedName: string | undefined, words: Words): string {
  const body = toast.body ? ` — ${oneLine(toast.body)}` : ''
  const priority = toast.priority >= 4 ? words.priority(toast.priority) : ''
  return `[${feedName ?? toast.feedId}] ${oneLine(toast.title, 120)}${body}${priority}`
}

/** One status line: the feed's name once, then its state in words made from the status's data. */
export function statusText(status: FeedStatus, feedName: string | undefined, words: Words, now: number): string {
  return `[${feedName ?? status.feedId}] ${words.status(status, now)}`
}
