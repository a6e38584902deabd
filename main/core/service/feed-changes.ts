/**
 * What a change to a feed's definition means for its connection and its retention — decided in
 * one place for an edit in the window and for a list another process wrote.
 */
import type { Feed } from '../types.ts'

/** Fields whose change needs a new connection (a rename or new alert template does not). */
export const CONNECTION_FIELDS = ['url', 'preset', 'headers', 'auth', 'eventTypes', 'paused', 'stallTimeoutSec', 'maxEventBytes', 'caCertificate', 'serverPause'] as const

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function connectionChanged(before: Feed, after: Feed): boolean {
  return CONNECTION_FIELDS.some((k) => !same(before[k], after[k]))
}

export function retentionChanged(before: Feed, after: Feed): boolean {
  return !same(before.retention, after.retention)
}

/** How a new feed list differs from the current one. */
export interface FeedListChanges {
  added: Feed[]
  removed: string[]
  /** Existing feeds whose connection must restart. */
  reconnect: Feed[]
  /** Existing feeds whose retention policy changed. */
  retention: Feed[]
  /** Existing feeds whose definition changed at all (to refresh what is known of them). */
  changed: Feed[]
}

export function diffFeeds(before: Feed[], after: Feed[]): FeedListChanges {
  const old = new Map(before.map((f) => [f.id, f]))
  const next = new Set(after.map((f) => f.id))
  const changes: FeedListChanges = { added: [], removed: before.filter((f) => !next.has(f.id)).map((f) => f.id), reconnect: [], retention: [], changed: [] }
  for (const feed of after) {
    const was = old.get(feed.id)
    if (!was) changes.added.push(feed)
    else {
      if (!same(was, feed)) changes.changed.push(feed)
      if (connectionChanged(was, feed)) changes.reconnect.push(feed)
      if (retentionChanged(was, feed)) changes.retention.push(feed)
    }
  }
  return changes
}
