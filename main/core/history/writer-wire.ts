/**
 * How a batch travels to the writer thread. Structured cloning an array of event objects writes
 * every property name of every event again; on the receiving side of a burst it was ~5 µs per
 * event on the thread that reads the network. Packed, a batch is one string (the events' id, type
 * and data back to back) plus typed arrays: a copy of a few buffers, whatever the event count.
 */
import type { FeedEvent } from '../types.ts'

/** A batch of one feed's events, packed for postMessage. */
export interface PackedEvents {
  /** id, type and data of every event, concatenated in that order. */
  text: string
  /** Per event: the UTF-16 lengths of its id, type and data. */
  lengths: Uint32Array
  newIds: Uint8Array
  receivedAt: Float64Array
}

/** Packs `events` (all of `feedId`) for the writer thread; throws a TypeError on non-text fields. */
export function packEvents(events: readonly FeedEvent[]): PackedEvents {
  const n = events.length
  const lengths = new Uint32Array(n * 3)
  const newIds = new Uint8Array(n)
  const receivedAt = new Float64Array(n)
  const parts: string[] = new Array<string>(n * 3)
  for (let i = 0; i < n; i++) {
    const event = events[i]!
    if (typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.data !== 'string') {
      throw new TypeError(`event ${i} of the batch has a non-text id, type or data`)
    }
    parts[3 * i] = event.id
    parts[3 * i + 1] = event.type
    parts[3 * i + 2] = event.data
    lengths[3 * i] = event.id.length
    lengths[3 * i + 1] = event.type.length
    lengths[3 * i + 2] = event.data.length
    newIds[i] = event.newId ? 1 : 0
    receivedAt[i] = event.receivedAt
  }
  return { text: parts.join(''), lengths, newIds, receivedAt }
}

/**
 * A batch by column, as the append stores it: the writer thread builds no event object per event
 * (in a burst, those objects were a tenth of the thread's time in garbage collection).
 */
export interface EventColumns {
  readonly ids: readonly string[]
  readonly types: readonly string[]
  readonly datas: readonly string[]
  readonly newIds: ArrayLike<number>
  readonly receivedAt: ArrayLike<number>
}

/** The columns of a packed batch. */
export function unpackColumns(packed: PackedEvents): EventColumns {
  const { text, lengths, newIds, receivedAt } = packed
  const n = newIds.length
  const ids = new Array<string>(n)
  const types = new Array<string>(n)
  const datas = new Array<string>(n)
  let at = 0
  for (let i = 0; i < n; i++) {
    ids[i] = text.slice(at, (at += lengths[3 * i]!))
    types[i] = text.slice(at, (at += lengths[3 * i + 1]!))
    datas[i] = text.slice(at, (at += lengths[3 * i + 2]!))
  }
  return { ids, types, datas, newIds, receivedAt }
}

/** The columns of events already in memory (appends on the calling thread). */
export function columnsOf(events: readonly FeedEvent[]): EventColumns {
  return {
    ids: events.map((e) => e.id),
    types: events.map((e) => e.type),
    datas: events.map((e) => e.data),
    newIds: events.map((e) => (e.newId ? 1 : 0)),
    receivedAt: events.map((e) => e.receivedAt),
  }
}

/** An empty batch, sent in place of one that could not be packed (the thread refuses it in order). */
export function emptyPack(): PackedEvents {
  return { text: '', lengths: new Uint32Array(0), newIds: new Uint8Array(0), receivedAt: new Float64Array(0) }
}
