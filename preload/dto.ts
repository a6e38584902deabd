/**
 * Data that crosses the bridge. Plain, structured-clone-safe objects; the core's own types where
 * they already are that, so the two cannot drift apart.
 */
import type {
  Feed,
  FeedInput,
  FeedStatus,
  FeedEvent,
  ReplayGap,
  StoredEvent,
  Preset,
  FeedError,
} from '../main/core/types.ts'
import type { AppSettings } from '../main/core/ports.ts'

export type { Preset, FeedError }
export type FeedInputDto = FeedInput
export type FeedStatusDto = FeedStatus
export type StoredEventDto = StoredEvent
export type ReplayGapDto = ReplayGap
export type AppSettingsDto = AppSettings

/** A feed as the window sees it: its definition (no secret), live status and unread count. */
export interface FeedDto extends Feed {
  status: FeedStatus
  unread: number
  /** Whether a secret is stored for it (the secret itself never crosses the bridge). */
  hasSecret: boolean
}

export interface HistoryQueryDto {
  feedId?: string | null
  /** Full-text search (FTS5 syntax-safe: words are matched as prefixes). */
  search?: string
  type?: string | null
  unreadOnly?: boolean
  /** Page cursor: return events with seq < before (newest first) or seq > after (oldest first). */
  before?: number | null
  after?: number | null
  order?: 'newest' | 'oldest'
  limit?: number
}

export interface HistoryPageDto {
  events: StoredEvent[]
  /** Pass as `before`/`after` to get the next page; null at the end. */
  next: number | null
  /** How many events match the query in all. */
  total: number
}

export type MarkReadTargetDto =
  | { scope: 'event'; seq: number }
  | { scope: 'feed'; feedId: string }
  | { scope: 'all' }

export interface UnreadDto {
  total: number
  byFeed: Record<string, number>
}

/** What "Test connection" found: the first events, or the exact error. */
export interface TestResultDto {
  ok: boolean
  status: number | null
  contentType: string | null
  events: FeedEvent[]
  error: FeedError | null
  /** The preset the URL suggests. */
  suggestedPreset: Preset
}

export interface ImportResultDto {
  added: number
  skipped: number
  errors: string[]
}

export interface AppInfoDto {
  version: string
  platform: string
  locale: string
  fts: boolean
}

/** What "Export with secrets" did: main asked where to save and wrote the file there. */
export interface ExportFileResultDto {
  /** false: the user cancelled the save dialog. */
  saved: boolean
  path: string | null
}

/**
 * Where the app keeps tokens and passwords, so the window can say it: `keychain` = encrypted with
 * the OS keychain; `user-file` = this system has no keychain (Linux without a Secret Service), so
 * secrets are in `secrets.json` in the data folder, readable only by the user, as the CLI keeps them.
 */
export interface KeychainDto {
  storage: 'keychain' | 'user-file'
  /** Electron's name for the backend on Linux (`gnome_libsecret`, `kwallet6`, `basic_text`, …); '' elsewhere. */
  backend: string
}
