/**
 * What the window hears from the service, shaped so a busy feed cannot flood it: new events in
 * batches (at most one every 100 ms, 500 a batch), feed statuses and unread counts as their latest
 * value per interval, everything else as it happens. Used by the app (over IPC) and by the browser
 * tests (over Playwright), so both deliver pushes the same way.
 */
import type { FeedStatusDto, Pushes, StoredEventDto, UnreadDto } from '../../preload/contract.ts'
import type { TidingsService } from '../core/service-api.ts'
import { createBatcher, lastPerKey, type BatchTimers } from './batcher.ts'

export type PushSender = <C extends keyof Pushes>(channel: C, ...args: Parameters<Pushes[C]>) => void

export const PUSH_INTERVAL_MS = 100
export const MAX_EVENTS_PER_PUSH = 500

/** Starts forwarding; returns the function that stops it (pending batches are dropped). */
export function forwardPushes(service: Pick<TidingsService, 'on'>, send: PushSender, timers?: BatchTimers): () => void {
  const events = createBatcher<StoredEventDto>({ intervalMs: PUSH_INTERVAL_MS, maxBatch: MAX_EVENTS_PER_PUSH, send: (batch) => send('events:new', batch), timers })
  const statuses = createBatcher<FeedStatusDto>({
    intervalMs: PUSH_INTERVAL_MS,
    maxBatch: Number.POSITIVE_INFINITY,
    send: (batch) => lastPerKey(batch, (s) => s.feedId).forEach((s) => send('feeds:status', s)),
    timers,
  })
  const unread = createBatcher<UnreadDto>({ intervalMs: PUSH_INTERVAL_MS, maxBatch: Number.POSITIVE_INFINITY, send: (batch) => send('unread:changed', batch.at(-1)!), timers })
  const offs = [
    service.on('events:new', (batch) => events.add(batch)),
    service.on('feeds:status', (status) => statuses.add([status])),
    service.on('unread:changed', (counts) => unread.add([counts])),
    service.on('feeds:changed', (feeds) => send('feeds:changed', feeds)),
    service.on('settings:changed', (settings) => send('settings:changed', settings)),
  ]
  return () => {
    for (const off of offs) off()
    for (const batcher of [events, statuses, unread]) batcher.close()
  }
}
