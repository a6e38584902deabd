/**
 * The bridge contract between the window and the main process: one invoke map (request/response),
 * one push map (main → window) and the DTO types. Types only: main, preload and renderer import it
 * with `import type`, so a wrong channel or argument fails to compile on every side.
 */
import type {
  AppSettingsDto,
  FeedDto,
  FeedInputDto,
  FeedStatusDto,
  HistoryPageDto,
  HistoryQueryDto,
  ImportResultDto,
  MarkReadTargetDto,
  ReplayGapDto,
  StoredEventDto,
  TestResultDto,
  UnreadDto,
  AppInfoDto,
  ExportFileResultDto,
  KeychainDto,
} from './dto.ts'

export type * from './dto.ts'

/** Request/response channels: `domain:verb`, answered by `main/ipc/`. */
export interface Invokes {
  'feeds:list': () => Promise<FeedDto[]>
  'feeds:add': (input: FeedInputDto) => Promise<FeedDto>
  'feeds:update': (id: string, input: FeedInputDto) => Promise<FeedDto>
  'feeds:remove': (id: string) => Promise<void>
  'feeds:pause': (id: string) => Promise<void>
  'feeds:resume': (id: string) => Promise<void>
  'feeds:reorder': (ids: string[]) => Promise<void>
  'feeds:test': (input: FeedInputDto) => Promise<TestResultDto>
  'feeds:export': (includeSecrets: boolean) => Promise<string>
  'feeds:import': (json: string) => Promise<ImportResultDto>
  'feeds:import-ntfy': (json: string) => Promise<ImportResultDto>
  'history:query': (query: HistoryQueryDto) => Promise<HistoryPageDto>
  'history:get': (seq: number) => Promise<StoredEventDto | null>
  'history:types': (feedId: string | null) => Promise<string[]>
  'history:mark-read': (target: MarkReadTargetDto) => Promise<void>
  'history:clear': (feedId: string) => Promise<void>
  'history:gaps': (feedId: string) => Promise<ReplayGapDto[]>
  'settings:get': () => Promise<AppSettingsDto>
  'settings:set': (patch: Partial<AppSettingsDto>) => Promise<AppSettingsDto>
  'app:unread': () => Promise<UnreadDto>
  'app:info': () => Promise<AppInfoDto>
  'app:open-url': (url: string) => Promise<void>
}

/** Main → window pushes. New events arrive in batches. */
export interface Pushes {
  'events:new': (batch: StoredEventDto[]) => void
  'feeds:status': (status: FeedStatusDto) => void
  'feeds:changed': (feeds: FeedDto[]) => void
  'unread:changed': (unread: UnreadDto) => void
  'settings:changed': (settings: AppSettingsDto) => void
  /** A toast was clicked: show this event. */
  'app:show-event': (target: { feedId: string; seq: number }) => void
  /** An application-menu command for the window. */
  'app:command': (command: 'new-feed' | 'search' | 'settings') => void
}

type Unsubscribe = () => void

/** `window.tidings`: one method per channel. Built in `preload/index.ts`. */
export interface TidingsApi {
  listFeeds: Invokes['feeds:list']
  addFeed: Invokes['feeds:add']
  updateFeed: Invokes['feeds:update']
  removeFeed: Invokes['feeds:remove']
  pauseFeed: Invokes['feeds:pause']
  resumeFeed: Invokes['feeds:resume']
  reorderFeeds: Invokes['feeds:reorder']
  testFeed: Invokes['feeds:test']
  exportFeeds: Invokes['feeds:export']
  importFeeds: Invokes['feeds:import']
  importNtfy: Invokes['feeds:import-ntfy']
  queryHistory: Invokes['history:query']
  getEvent: Invokes['history:get']
  eventTypes: Invokes['history:types']
  markRead: Invokes['history:mark-read']
  clearHistory: Invokes['history:clear']
  gaps: Invokes['history:gaps']
  getSettings: Invokes['settings:get']
  setSettings: Invokes['settings:set']
  unread: Invokes['app:unread']
  info: Invokes['app:info']
  openUrl: Invokes['app:open-url']
  onNewEvents: (listener: Pushes['events:new']) => Unsubscribe
  onFeedStatus: (listener: Pushes['feeds:status']) => Unsubscribe
  onFeedsChanged: (listener: Pushes['feeds:changed']) => Unsubscribe
  onUnreadChanged: (listener: Pushes['unread:changed']) => Unsubscribe
  onSettingsChanged: (listener: Pushes['settings:changed']) => Unsubscribe
  onShowEvent: (listener: Pushes['app:show-event']) => Unsubscribe
  onCommand: (listener: Pushes['app:command']) => Unsubscribe
}

/**
 * Request/response channels the desktop shell answers (main/index.ts), not the core: what only the
 * app can do — a save dialog, the log folder, the keychain. Apart from `Invokes` so the core's
 * handlers and the browser tests' bridge stay as they are; routed and validated in `main/ipc/` the
 * same way.
 */
export interface ShellInvokes {
  /** Export feeds to a file chosen in a save dialog; with secrets, they never cross the bridge. */
  'feeds:export-file': (includeSecrets: boolean) => Promise<ExportFileResultDto>
  'app:open-log-folder': () => Promise<void>
  'app:keychain': () => Promise<KeychainDto>
}

/** The shell's methods, on the same `window.tidings` object in the app (preload/index.ts). */
export interface TidingsShellApi {
  exportFeedsToFile: ShellInvokes['feeds:export-file']
  openLogFolder: ShellInvokes['app:open-log-folder']
  keychain: ShellInvokes['app:keychain']
}
