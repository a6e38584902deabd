/**
 * The durable event log (SQLite): append + resume cursor in one transaction, paging, full-text
 * search, unread counts, retention. See README.md in this folder.
 */
export { openHistory, MAX_GAPS, RETENTION_BATCH } from './history.ts'
export type { FeedTotals } from './feed-facts.ts'
export type { History, HistoryOptions } from './history.ts'
export { DEFAULT_WAL_AUTOCHECKPOINT, HistoryOpenError, READER_WAL_AUTOCHECKPOINT } from './open-database.ts'
export type { HistoryOpenErrorKind, HistoryUpgrade } from './open-database.ts'
export { DEFAULT_LIMIT, MAX_LIMIT } from './page-query.ts'
