/**
 * What each invoke channel accepts: one argument validator per channel of the contract. The map is
 * typed over `Invokes`, so a channel without a validator, or a validator that yields the wrong
 * argument types, fails to compile; `Shape<T>` makes every DTO key appear here.
 */
import type {
  AppSettingsDto,
  FeedInputDto,
  HistoryQueryDto,
  Invokes,
  MarkReadTargetDto,
  ShellInvokes,
} from '../../preload/contract.ts'
import type { FeedAlertSettings, FeedAuth, RetentionPolicy } from '../core/types.ts'
import {
  args,
  arrayOf,
  bool,
  feedUrl,
  httpUrl,
  int,
  nullable,
  object,
  oneOf,
  optional,
  recordOf,
  str,
  tagged,
  InvalidArgumentError,
  type Validator,
} from './validate.ts'

/** Turns the raw arguments of one channel into its typed parameters, or throws. */
export type ChannelValidators = { [C in keyof Invokes]: (values: readonly unknown[]) => Parameters<Invokes[C]> }

/** The same for the shell's channels. */
export type ShellValidators = { [C in keyof ShellInvokes]: (values: readonly unknown[]) => Parameters<ShellInvokes[C]> }

/** Limits on what the window may send; generous for people, small for a flood. */
export const limits = {
  id: 200,
  name: 200,
  url: 4096,
  headers: 50,
  headerName: 256,
  headerValue: 8192,
  secret: 8192,
  /** PEM text of a few CA certificates. */
  caCertificate: 65_536,
  eventTypes: 100,
  eventType: 200,
  keywords: 100,
  keyword: 200,
  template: 4000,
  search: 1000,
  /** Import files (JSON text). */
  importJson: 10 * 1024 * 1024,
  feeds: 10_000,
  maxEventBytes: 64 * 1024 * 1024,
  stallTimeoutSec: 7 * 24 * 3600,
  maxEvents: 1_000_000_000,
  maxAgeDays: 100 * 365,
  pageLimit: 10_000,
  coalesceWindowMs: 24 * 3600 * 1000,
  coalesceMax: 10_000,
} as const

const id = str({ min: 1, max: limits.id })
const seq = int(0, Number.MAX_SAFE_INTEGER)
const priority = oneOf([1, 2, 3, 4, 5])
// [RFC 9110 §5.1] field-name = token; token = 1*tchar
const headerName = str({ min: 1, max: limits.headerName, pattern: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, patternName: 'an HTTP header name' })
const headerValue = str({ max: limits.headerValue })
const hhmm = str({ min: 5, max: 5, pattern: /^(?:[01]\d|2[0-3]):[0-5]\d$/, patternName: 'a time "HH:MM"' })

const auth = tagged<'kind', FeedAuth>('kind', {
  none: object<{ kind: 'none' }>({ kind: oneOf(['none']) }),
  bearer: object<{ kind: 'bearer' }>({ kind: oneOf(['bearer']) }),
  basic: object<{ kind: 'basic'; username: string }>({ kind: oneOf(['basic']), username: str({ max: limits.name }) }),
})

const retention = object<Partial<RetentionPolicy>>({
  maxEvents: optional(nullable(int(1, limits.maxEvents))),
  maxAgeDays: optional(nullable(int(1, limits.maxAgeDays))),
})

const keywords = arrayOf(str({ min: 1, max: limits.keyword }), limits.keywords)
const alerts = object<Partial<FeedAlertSettings>>({
  enabled: optional(bool),
  titleTemplate: optional(str({ max: limits.template })),
  bodyTemplate: optional(str({ max: limits.template, multiline: true })),
  minPriority: optional(priority),
  sound: optional(bool),
  includeKeywords: optional(keywords),
  excludeKeywords: optional(keywords),
  openLinks: optional(bool),
})

/** A feed as the user typed it. */
export const feedInput = object<FeedInputDto>({
  url: feedUrl(limits.url),
  name: optional(str({ max: limits.name })),
  preset: optional(oneOf(['generic', 'ntfy', 'mercure', 'socketio', 'gotify'])),
  headers: optional(recordOf(headerName, headerValue, limits.headers)),
  auth: optional(auth),
  secret: optional(str({ max: limits.secret })),
  eventTypes: optional(arrayOf(str({ min: 1, max: limits.eventType }), limits.eventTypes)),
  paused: optional(bool),
  stallTimeoutSec: optional(nullable(int(1, limits.stallTimeoutSec))),
  caCertificate: optional(nullable(str({ max: limits.caCertificate, multiline: true }))),
  maxEventBytes: optional(int(1, limits.maxEventBytes)),
  serverPause: optional(bool),
  retention: optional(retention),
  alerts: optional(alerts),
})

/** A history page request. */
export const historyQuery = object<HistoryQueryDto>({
  feedId: optional(nullable(id)),
  search: optional(str({ max: limits.search })),
  type: optional(nullable(str({ max: limits.eventType }))),
  unreadOnly: optional(bool),
  before: optional(nullable(seq)),
  after: optional(nullable(seq)),
  order: optional(oneOf(['newest', 'oldest'])),
  limit: optional(int(1, limits.pageLimit)),
})

const markReadTarget = tagged<'scope', MarkReadTargetDto>('scope', {
  event: object<{ scope: 'event'; seq: number }>({ scope: oneOf(['event']), seq }),
  feed: object<{ scope: 'feed'; feedId: string }>({ scope: oneOf(['feed']), feedId: id }),
  all: object<{ scope: 'all' }>({ scope: oneOf(['all']) }),
})

/** A partial settings change. */
export const settingsPatch = object<Partial<AppSettingsDto>>({
  doNotDisturb: optional(bool),
  quietHours: optional(object<AppSettingsDto['quietHours']>({ enabled: bool, start: hhmm, end: hhmm })),
  coalesceWindowMs: optional(int(0, limits.coalesceWindowMs)),
  coalesceMax: optional(int(1, limits.coalesceMax)),
  launchAtLogin: optional(bool),
  startHidden: optional(bool),
  theme: optional(oneOf(['system', 'light', 'dark'])),
  language: optional(oneOf(['system', 'en', 'zh-CN'])),
})

const json = str({ min: 1, max: limits.importJson, multiline: true })

/**
 * The window may export feeds as text only without secrets: tokens never cross the bridge. With
 * secrets, main writes the file itself ('feeds:export-file').
 */
const withoutSecrets: Validator<boolean> = (value, path) => {
  if (value === false) return false
  throw new InvalidArgumentError(path, "false: an export with secrets is written by main through a save dialog ('feeds:export-file')")
}

/** The validator of every invoke channel. */
export const channelValidators: ChannelValidators = {
  'feeds:list': args(),
  'feeds:add': args(feedInput),
  'feeds:update': args(id, feedInput),
  'feeds:remove': args(id),
  'feeds:pause': args(id),
  'feeds:resume': args(id),
  'feeds:reorder': args(arrayOf(id, limits.feeds)),
  'feeds:test': args(feedInput),
  'feeds:export': args(withoutSecrets),
  'feeds:import': args(json),
  'feeds:import-ntfy': args(json),
  'history:query': args(historyQuery),
  'history:get': args(seq),
  'history:types': args(nullable(id)),
  'history:mark-read': args(markReadTarget),
  'history:clear': args(id),
  'history:gaps': args(id),
  'settings:get': args(),
  'settings:set': args(settingsPatch),
  'app:unread': args(),
  'app:info': args(),
  'app:open-url': args(httpUrl(limits.url)),
}

/** The validator of every shell channel. */
export const shellValidators: ShellValidators = {
  'feeds:export-file': args(bool),
  'app:open-log-folder': args(),
  'app:keychain': args(),
}
