/**
 * Helpers shared by the history tests: temp folders that are removed afterwards, event factories,
 * a manual clock, and a second raw connection for checking what is on disk.
 * Not imported by production code.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { Clock } from '../ports.ts'
import type { FeedEvent } from '../types.ts'
import { openHistory } from './history.ts'
import type { History, HistoryOptions } from './history.ts'

/** Tracks temp folders and open histories so `cleanup()` (afterEach) can close and remove them. */
export function createScratch(): {
  dir(): string
  open(options: Partial<HistoryOptions> & { path: string }): History
  cleanup(): void
} {
  const dirs: string[] = []
  const opened: History[] = []
  return {
    dir() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-history-'))
      dirs.push(dir)
      return dir
    },
    open(options) {
      const history = openHistory(options)
      opened.push(history)
      return history
    },
    cleanup() {
      for (const history of opened.splice(0)) history.close()
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = start
  return {
    now: () => now,
    set: (ms) => {
      now = ms
    },
    advance: (ms) => {
      now += ms
    },
  }
}

/** An event with a new id (newId true) unless overridden. */
export function event(feedId: string, id: string, overrides: Partial<FeedEvent> = {}): FeedEvent {
  return { feedId, id, newId: true, type: 'message', data: `event ${id}`, receivedAt: Date.UTC(2025, 0, 1), ...overrides }
}

/** `count` events with ids from..from+count-1. */
export function events(feedId: string, from: number, count: number, overrides: Partial<FeedEvent> = {}): FeedEvent[] {
  return Array.from({ length: count }, (_, i) => event(feedId, String(from + i), overrides))
}

/** The cursor an append of `batch` would carry: the last event's id. */
export function cursorAfter(batch: FeedEvent[]): { lastEventId: string; since: string } {
  return { lastEventId: batch[batch.length - 1]?.id ?? '', since: '' }
}

/** Runs `work` on a separate raw connection to the file (what another process would see). */
export function withRaw<T>(file: string, work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(file, { timeout: 5_000 })
  try {
    return work(db)
  } finally {
    db.close()
  }
}

/** Unread and total counts per feed, counted from the rows (to check the maintained counters). */
export function countedStats(file: string): Record<string, { total: number; unread: number }> {
  return withRaw(file, (db) => {
    const out: Record<string, { total: number; unread: number }> = {}
    for (const row of db
      .prepare('SELECT f.feed_id, count(*) AS total, sum(e.read = 0 AND e.seq > f.read_upto) AS unread FROM events AS e JOIN feeds AS f ON f.key = e.feed GROUP BY e.feed')
      .all()) {
      out[String(row.feed_id)] = { total: Number(row.total), unread: Number(row.unread) }
    }
    return out
  })
}

/** The maintained counters, feeds with no rows left out. */
export function storedStats(file: string): Record<string, { total: number; unread: number }> {
  return withRaw(file, (db) => {
    const out: Record<string, { total: number; unread: number }> = {}
    for (const row of db.prepare('SELECT feed_id, total, unread FROM feed_stats WHERE total > 0').all()) {
      out[String(row.feed_id)] = { total: Number(row.total), unread: Number(row.unread) }
    }
    return out
  })
}

/**
 * A seeded pseudo-random source (an LCG, as resume.test.ts uses): a failing randomized test can
 * be rerun with the same choices by passing the seed it printed.
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}
