/**
 * The rows of the history list, newest first, for any number of stored events.
 *
 * Row i is either a live event that arrived after the list was opened (the "head", newest first)
 * or row i - head.length of a snapshot fetched from the core in fixed-size pages with a `before`
 * cursor. Pages are fetched only when rows near the viewport need them and evicted when far away,
 * so memory stays bounded at 100,000 events and beyond; only the cursor at each page border is
 * kept. Live events never shift the snapshot's pages: when the head grows, whole pages of its
 * oldest events are folded into the snapshot, which leaves every row index unchanged.
 */
import type { HistoryPageDto, HistoryQueryDto, StoredEventDto } from '../../../preload/contract.ts'
import { matchesFilter, toQuery, type HistoryFilter } from './filter.ts'

export type QueryHistory = (query: HistoryQueryDto) => Promise<HistoryPageDto>

export interface PagerOptions {
  query: QueryHistory
  filter: HistoryFilter
  /** Called after rows changed (loaded, prepended, marked read); the UI re-renders. */
  onChange: () => void
  /** Called when a fetch failed (the list shows the error; scrolling retries). */
  onError?: (error: unknown) => void
  pageSize?: number
  /** Pages kept in memory; the rest are refetched when scrolled back into view. */
  maxPages?: number
  /** Largest single request when jumping far ahead (the core caps a page at 1,000). */
  maxBatch?: number
}

/** The list's view of the history: rows by index, loading on demand, live events on top. */
export interface HistoryPager {
  /** Rows in the list (live head + the snapshot's total); 0 until the first page arrived. */
  total(): number
  /** Whether the first page has arrived. */
  ready(): boolean
  /** The event at row `index`, or undefined while its page is loading. */
  get(index: number): StoredEventDto | undefined
  /** The rows the user can see (plus overscan): pages covering them are fetched if missing. */
  want(start: number, end: number): void
  /**
   * Live events from the core (any order, any feed). Those matching the filter and newer than the
   * snapshot go on top; returns how many rows were added, so the list can keep its scroll offset.
   */
  prepend(events: readonly StoredEventDto[]): number
  /** Row index of a loaded event, or -1. */
  indexOfSeq(seq: number): number
  /** Reflects a read mark made elsewhere; `feedId` null marks every feed. */
  markRead(target: { seq: number } | { feedId: string | null }): void
  /** How many rows were added on top since creation (monotonic). */
  prependedCount(): number
  /** Stops fetching and ignores late answers. */
  dispose(): void
}

/** Builds a pager and fetches the first page at once. */
export function createHistoryPager(options: PagerOptions): HistoryPager {
  const pageSize = options.pageSize ?? 200
  const maxPages = Math.max(4, options.maxPages ?? 100)
  const maxBatch = Math.max(pageSize, options.maxBatch ?? 1000)
  const base = toQuery(options.filter)

  /** Live rows, oldest first (row 0 is the last element). */
  let head: StoredEventDto[] = []
  /** Newest seq covered by the snapshot or the head: live events at or below it are already shown. */
  let topSeq = 0
  let baseTotal = 0
  let isReady = false
  let disposed = false
  let prepended = 0
  const pages = new Map<number, StoredEventDto[]>()
  /** `before` cursor of page k: one above the seq of the last event on page k - 1. */
  const borders = new Map<number, number>()
  /** Live events that arrived while the first page was on its way. */
  let early: StoredEventDto[] = []
  let wanted: [number, number] = [0, 50]
  let inFlight = false

  const snapshotPageCount = (): number => Math.ceil(baseTotal / pageSize)

  function store(startPage: number, events: StoredEventDto[], next: number | null): void {
    const full = Math.floor(events.length / pageSize)
    for (let i = 0; i < full; i++) {
      const page = events.slice(i * pageSize, (i + 1) * pageSize)
      pages.set(startPage + i, page)
      const last = page[page.length - 1]
      if (last !== undefined) borders.set(startPage + i + 1, last.seq)
    }
    const rest = events.length - full * pageSize
    if (next === null) {
      // The end of the history: the last page may be short, and the total is now exact.
      if (rest > 0) pages.set(startPage + full, events.slice(full * pageSize))
      baseTotal = (startPage + full) * pageSize + rest
    }
  }

  function evict(): void {
    if (pages.size <= maxPages) return
    const centre = Math.floor((wanted[0] + wanted[1]) / 2 - head.length) / pageSize
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
    for (const page of byDistance.slice(0, pages.size - maxPages)) pages.delete(page)
  }

  /** The first missing snapshot page the wanted rows need, or null. */
  function missingPage(): number | null {
    const first = Math.max(0, Math.floor((wanted[0] - head.length) / pageSize))
    const last = Math.min(snapshotPageCount() - 1, Math.floor((wanted[1] - head.length) / pageSize))
    for (let page = first; page <= last; page++) if (!pages.has(page)) return page
    return null
  }

  function pump(): void {
    if (disposed || inFlight || !isReady) return
    const page = missingPage()
    if (page === null) return
    // Start from the nearest page whose cursor is known; pages in between are learnt on the way.
    let from = page
    while (from > 0 && !borders.has(from)) from--
    const count = Math.min(page - from + 1, Math.floor(maxBatch / pageSize))
    inFlight = true
    options
      .query({ ...base, before: borders.get(from) ?? topSeq + 1, limit: count * pageSize })
      .then(
        (result) => {
          inFlight = false
          if (disposed) return
          store(from, result.events, result.next)
          evict()
          options.onChange()
          pump()
        },
        (error: unknown) => {
          inFlight = false
          if (!disposed) options.onError?.(error)
        },
      )
  }

  function fold(): void {
    // Move whole pages of the oldest live rows into the snapshot; row indices stay the same.
    const foldCount = Math.floor(head.length / pageSize) * pageSize
    if (foldCount === 0 || head.length < pageSize * 2) return
    const shift = foldCount / pageSize
    const folded = head.slice(0, foldCount).reverse()
    head = head.slice(foldCount)
    const oldPages = [...pages.entries()]
    const oldBorders = [...borders.entries()]
    pages.clear()
    borders.clear()
    for (const [page, events] of oldPages) pages.set(page + shift, events)
    for (const [page, seq] of oldBorders) if (page > 0) borders.set(page + shift, seq)
    const newest = folded[0]
    if (newest !== undefined) borders.set(0, newest.seq + 1)
    store(0, folded, 0)
    baseTotal += foldCount
    evict()
  }

  function accept(events: readonly StoredEventDto[]): number {
    const fresh = events
      .filter((event) => event.seq > topSeq && matchesFilter(event, options.filter))
      .sort((a, b) => a.seq - b.seq)
    for (const event of fresh) head.push(event)
    const last = fresh[fresh.length - 1]
    if (last !== undefined) topSeq = last.seq
    prepended += fresh.length
    fold()
    return fresh.length
  }

  options
    .query({ ...base, limit: pageSize })
    .then(
      (result) => {
        if (disposed) return
        const newest = result.events[0]
        topSeq = newest === undefined ? 0 : newest.seq
        borders.set(0, topSeq + 1)
        baseTotal = result.total
        store(0, result.events, result.next)
        isReady = true
        const waiting = early
        early = []
        accept(waiting)
        options.onChange()
        pump()
      },
      (error: unknown) => {
        if (!disposed) options.onError?.(error)
      },
    )

  return {
    total: () => (isReady ? head.length + baseTotal : 0),
    ready: () => isReady,
    get(index) {
      if (index < head.length) return head[head.length - 1 - index]
      const row = index - head.length
      return pages.get(Math.floor(row / pageSize))?.[row % pageSize]
    },
    want(start, end) {
      wanted = [Math.max(0, start), Math.max(start, end)]
      pump()
    },
    prepend(events) {
      if (disposed) return 0
      if (!isReady) {
        early.push(...events)
        return 0
      }
      return accept(events)
    },
    indexOfSeq(seq) {
      for (let i = 0; i < head.length; i++) if (head[head.length - 1 - i]?.seq === seq) return i
      for (const [page, events] of pages) {
        const offset = events.findIndex((event) => event.seq === seq)
        if (offset >= 0) return head.length + page * pageSize + offset
      }
      return -1
    },
    markRead(target) {
      const hit = (event: StoredEventDto): boolean =>
        'seq' in target ? event.seq === target.seq : target.feedId === null || event.feedId === target.feedId
      for (const event of head) if (hit(event)) event.read = true
      for (const events of pages.values()) for (const event of events) if (hit(event)) event.read = true
      options.onChange()
    },
    prependedCount: () => prepended,
    dispose() {
      disposed = true
    },
  }
}
