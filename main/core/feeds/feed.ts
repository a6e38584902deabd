/**
 * The feed model: defaults, validation of user input, and normalisation of what the settings file
 * holds (an older or hand-edited file gets defaults for what it lacks, never silently loses a feed).
 */
import { randomUUID } from 'node:crypto'
import { defaultAlertSettings } from '../alerts/defaults.ts'
import type { Feed, FeedAlertSettings, FeedInput, Preset, RetentionPolicy } from '../types.ts'
import { validateCaCertificate } from './ca-certificate.ts'
import { validateHeaders } from './headers.ts'
import { checkScheme, isPreset, suggestPreset } from './presets.ts'
import { FeedInputError, isExampleUrl, parseFeedUrl } from './url.ts'

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024
const MAX_NAME = 200

export function defaultRetention(): RetentionPolicy {
  return { maxEvents: 10_000, maxAgeDays: 90 }
}

/**
 * A readable default name: the ntfy topic, the Mercure topic, a gotify server's host, "Example" for
 * the built-in example feed (the window names it in its own language), else host + path.
 */
export function defaultName(url: URL, preset: Preset): string {
  if (isExampleUrl(url)) return 'Example'
  if (preset === 'mercure') {
    const topic = url.searchParams.get('topic')
    if (topic) return topic.replace(/^https?:\/\/[^/]+\//, '')
  }
  if (preset === 'gotify') return `${url.host}${url.pathname.replace(/\/stream\/?$/, '').replace(/\/+$/, '')}`
  const parts = url.pathname.split('/').filter(Boolean)
  if (preset === 'ntfy' && parts.length > 0) return parts.at(-1) === 'sse' ? (parts.at(-2) ?? url.host) : (parts.at(-1) ?? url.host)
  return `${url.host}${url.pathname === '/' ? '' : url.pathname}`
}

function checkName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length > MAX_NAME) throw new FeedInputError(`The name is too long (${trimmed.length} characters, at most ${MAX_NAME}).`)
  return trimmed
}

function checkPositive(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FeedInputError(`${what} must be a whole number from ${min} to ${max}.`)
  }
  return value
}

function checkNullablePositive(value: unknown, what: string, min: number, max: number): number | null {
  return value === null ? null : checkPositive(value, what, min, max)
}

function checkBoolean(value: unknown, what: string, field: string): boolean {
  if (typeof value !== 'boolean') throw new FeedInputError(`${what} must be true or false.`, field)
  return value
}

function checkStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new FeedInputError(`${what} must be a list of words.`)
  return (value as string[]).map((v) => v.trim()).filter((v) => v !== '')
}

function mergeAlerts(base: FeedAlertSettings, patch: Partial<FeedAlertSettings> | undefined): FeedAlertSettings {
  if (!patch) return base
  const out = { ...base, ...patch }
  if (![1, 2, 3, 4, 5].includes(out.minPriority)) throw new FeedInputError('Minimum priority must be 1 to 5.')
  out.includeKeywords = checkStrings(out.includeKeywords, 'Include keywords')
  out.excludeKeywords = checkStrings(out.excludeKeywords, 'Exclude keywords')
  out.titleTemplate = String(out.titleTemplate)
  out.bodyTemplate = String(out.bodyTemplate)
  out.enabled = Boolean(out.enabled)
  out.sound = Boolean(out.sound)
  out.openLinks = Boolean(out.openLinks)
  return out
}

/** Kept for callers written before `serverPause` moved into FeedInput; adds nothing now. */
export type FeedOptionsInput = Pick<FeedInput, 'serverPause'>

/**
 * Applies user input to a feed (a new one when `base` is absent). Throws FeedInputError with a
 * message for the user; never returns a feed the stream could not connect with.
 */
export function applyFeedInput(
  input: FeedInput & FeedOptionsInput,
  base: Feed | null,
  make: { id?: string; now: number; order: number },
): Feed {
  const url = parseFeedUrl(input.url ?? base?.url ?? '')
  const preset = input.preset ?? base?.preset ?? suggestPreset(url.toString())
  if (!isPreset(preset)) throw new FeedInputError(`Unknown preset "${String(preset)}" (use generic, ntfy, mercure, socketio or gotify).`, 'preset')
  checkScheme(url, preset)
  const auth = input.auth ?? base?.auth ?? { kind: 'none' }
  if (auth.kind === 'basic' && (typeof auth.username !== 'string' || auth.username === '' || auth.username.includes(':'))) {
    throw new FeedInputError('Basic authentication needs a user name without ":".')
  }
  if (!['none', 'bearer', 'basic'].includes(auth.kind)) throw new FeedInputError('Authentication must be none, bearer or basic.')
  const retention = { ...(base?.retention ?? defaultRetention()), ...input.retention }
  const name = input.name !== undefined ? checkName(input.name) : (base?.name ?? '')
  return {
    id: base?.id ?? make.id ?? randomUUID(),
    name: name || defaultName(url, preset),
    url: url.toString(),
    preset,
    headers: validateHeaders(input.headers ?? base?.headers ?? {}),
    auth: auth.kind === 'basic' ? { kind: 'basic', username: auth.username } : { kind: auth.kind },
    eventTypes: checkStrings(input.eventTypes ?? base?.eventTypes ?? [], 'Event types'),
    paused: input.paused ?? base?.paused ?? false,
    stallTimeoutSec: checkNullablePositive(
      input.stallTimeoutSec !== undefined ? input.stallTimeoutSec : (base?.stallTimeoutSec ?? null),
      'Silence limit (seconds)', 5, 86_400),
    maxEventBytes: checkPositive(input.maxEventBytes ?? base?.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES, 'Maximum event size (bytes)', 1024, 64 * 1024 * 1024),
    serverPause: checkBoolean(input.serverPause ?? base?.serverPause ?? false, 'Obey server pauses', 'serverPause'),
    caCertificate: validateCaCertificate(input.caCertificate !== undefined ? input.caCertificate : (base?.caCertificate ?? null)),
    retention: {
      maxEvents: checkNullablePositive(retention.maxEvents, 'Events to keep', 1, 10_000_000),
      maxAgeDays: checkNullablePositive(retention.maxAgeDays, 'Days to keep', 1, 36_500),
    },
    alerts: mergeAlerts(base?.alerts ?? defaultAlertSettings(preset), input.alerts),
    order: base?.order ?? make.order,
    createdAt: base?.createdAt ?? new Date(make.now).toISOString(),
  }
}

/**
 * Reads one feed from the settings file, filling defaults for fields an older version did not
 * write. Returns an error message instead of a feed when the entry cannot be used; the caller keeps
 * the raw entry in the file so nothing is lost.
 */
export function normalizeStoredFeed(raw: unknown, index: number): Feed | string {
  if (typeof raw !== 'object' || raw === null) return `feed #${index + 1} is not an object`
  const r = raw as Partial<Feed>
  if (typeof r.id !== 'string' || r.id === '') return `feed #${index + 1} has no id`
  try {
    return applyFeedInput(
      { ...r, url: typeof r.url === 'string' ? r.url : '', retention: r.retention ?? undefined, alerts: r.alerts ?? undefined },
      null,
      { id: r.id, now: Date.parse(r.createdAt ?? '') || 0, order: typeof r.order === 'number' ? r.order : index },
    )
  } catch (error) {
    return `feed "${r.name ?? r.id}": ${(error as Error).message}`
  }
}
