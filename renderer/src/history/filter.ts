/**
 * What the history list shows: one feed or all, a search, one type, unread only. The same filter
 * becomes the core's query and decides whether a live event belongs at the top of the list.
 */
import type { HistoryQueryDto, StoredEventDto } from '../../../preload/contract.ts'

export interface HistoryFilter {
  feedId: string | null
  search: string
  type: string | null
  unreadOnly: boolean
}

/** The core query for this filter (the cursor and limit are added by the pager). */
export function toQuery(filter: HistoryFilter): HistoryQueryDto {
  const query: HistoryQueryDto = { feedId: filter.feedId, type: filter.type, unreadOnly: filter.unreadOnly, order: 'newest' }
  const search = filter.search.trim()
  if (search !== '') query.search = search
  return query
}

/**
 * Whether a live event matches. Search is approximated the way the core's full-text search reads
 * a query (every word matches as a prefix of some word), case-insensitively over data, type and id.
 */
export function matchesFilter(event: StoredEventDto, filter: HistoryFilter): boolean {
  if (filter.feedId !== null && event.feedId !== filter.feedId) return false
  if (filter.type !== null && event.type !== filter.type) return false
  if (filter.unreadOnly && event.read) return false
  const words = filter.search.trim().toLowerCase().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return true
  const haystack = `${event.data} ${event.type} ${event.id}`.toLowerCase()
  return words.every((word) => haystack.includes(word.replace(/["*]/g, '')))
}

/** Two filters ask for the same rows. */
export function sameFilter(a: HistoryFilter, b: HistoryFilter): boolean {
  return a.feedId === b.feedId && a.search.trim() === b.search.trim() && a.type === b.type && a.unreadOnly === b.unreadOnly
}
