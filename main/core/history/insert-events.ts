/**
 * The append's INSERT: rows go in as multi-row statements of up to INSERT_CHUNK events, which
 * costs about a quarter less per row than a statement per event (the call into SQLite, binding and
 * the statement's setup are paid once per chunk). Each event still gets its own seq back.
 */
import type { SQLInputValue, StatementSync } from 'node:sqlite'
import type { EventColumns } from './writer-wire.ts'

/** Events per INSERT statement (6 parameters each, far below SQLite's limit). */
export const INSERT_CHUNK = 32

const ROW = '(?, ?, ?, ?, ?, ?)'
/** INSERT_SQL[n]: the statement for n events (built once; the caller's cache prepares it once). */
const INSERT_SQL = Array.from(
  { length: INSERT_CHUNK + 1 },
  (_, rows) => `INSERT INTO events (feed, event_id, new_id, type, data, received_at) VALUES ${new Array<string>(rows).fill(ROW).join(', ')} ON CONFLICT DO NOTHING`,
)
/** A feed's newest rows, to tell which events of a chunk were stored when some were replays. */
const NEWEST_OF_FEED = 'SELECT seq, event_id, new_id FROM events WHERE feed = ? AND seq <= ? ORDER BY seq DESC LIMIT ?'

export interface Inserted {
  /** seqs[i]: the seq events[i] got; 0 = not stored (a replay of an id the feed holds). */
  seqs: number[]
  /** How many were stored. */
  count: number
  /** The smallest received time among the stored events (Infinity when none). */
  oldest: number
  /** The largest received time among them (-Infinity when none). */
  newest: number
  /** How much earlier than an event stored before it in the batch one was stamped, at most (0: in order). */
  drop: number
  /** The seq of the last event stored (0 when none). */
  lastSeq: number
}

/**
 * Inserts `events` of the feed with key `key`, in the caller's transaction. A replayed event (new
 * id already held by the feed, or earlier in the batch) is skipped by the dedup index, as one
 * INSERT per event would skip it.
 */
export function insertEvents(stmt: (sql: string) => StatementSync, key: number, events: EventColumns): Inserted {
  const { ids, types, datas, newIds, receivedAt } = events
  const seqs = new Array<number>(ids.length).fill(0)
  let count = 0
  let oldest = Number.POSITIVE_INFINITY
  let newest = Number.NEGATIVE_INFINITY
  let drop = 0
  let lastSeq = 0
  const args: SQLInputValue[] = []
  for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
    const end = Math.min(ids.length, start + INSERT_CHUNK)
    args.length = 0
    for (let i = start; i < end; i++) args.push(key, ids[i]!, newIds[i] === 1 ? 1 : 0, types[i]!, datas[i]!, Math.trunc(receivedAt[i]!))
    const result = stmt(INSERT_SQL[end - start]!).run(...args)
    const stored = Number(result.changes)
    if (stored === 0) continue
    const last = Number(result.lastInsertRowid)
    if (stored === end - start) {
      // All stored: one statement's rows take consecutive seqs, in order.
      for (let i = start; i < end; i++) seqs[i] = last - (end - 1 - i)
    } else {
      matchStored(stmt, key, events, start, end, last, stored, seqs)
    }
    for (let i = start; i < end; i++) {
      if (seqs[i] === 0) continue
      count += 1
      const at = Math.trunc(receivedAt[i]!)
      if (at < oldest) oldest = at
      if (newest - at > drop) drop = newest - at
      if (at > newest) newest = at
      lastSeq = seqs[i]!
    }
  }
  return { seqs, count, oldest, newest, drop, lastSeq }
}

/**
 * Some events of the chunk were replays. The rows stored are the feed's newest `stored` rows up
 * to `last` (this transaction holds the write lock), in event order; they are matched to events
 * by (id, newId). Matching in order is exact: an event is skipped only when it has a new, non-empty
 * id the feed already holds, and then every later event with that same id and newId is skipped too.
 */
function matchStored(
  stmt: (sql: string) => StatementSync,
  key: number,
  events: EventColumns,
  start: number,
  end: number,
  last: number,
  stored: number,
  seqs: number[],
): void {
  const rows = stmt(NEWEST_OF_FEED).all(key, last, stored).reverse()
  let j = 0
  for (let i = start; i < end && j < rows.length; i++) {
    const row = rows[j]!
    if (row.event_id === events.ids[i] && row.new_id === (events.newIds[i] === 1 ? 1 : 0)) {
      seqs[i] = Number(row.seq)
      j += 1
    }
  }
  if (j !== rows.length) throw new Error(`history: ${rows.length - j} stored events could not be matched to the batch`)
}
