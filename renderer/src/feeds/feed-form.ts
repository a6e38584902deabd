/**
 * The add/edit dialog's state as plain strings and booleans (what inputs hold), and the two
 * conversions: from a stored feed to a form, and from a form to the core's FeedInput. Secrets are
 * write-only: a form never holds a stored secret, and an empty secret field on edit means "keep".
 */
import type { FeedDto, FeedInputDto, Preset } from '../../../preload/contract.ts'
import type { FeedAlertSettings, Priority } from '../../../main/core/types.ts'
import { isExampleUrl } from './example-feed.ts'
import { suggestPreset, suggestName } from './suggest-preset.ts'

export interface HeaderRow {
  key: string
  value: string
}

export interface FeedForm {
  url: string
  name: string
  preset: Preset
  /** The user picked a preset; stop following the URL's suggestion. */
  presetTouched: boolean
  /** The user chose whether links open; stop following the preset's default (ntfy: on). */
  openLinksTouched: boolean
  authKind: 'none' | 'bearer' | 'basic'
  username: string
  /** Typed secret; '' = keep the stored one (edit) or none (add). */
  secret: string
  hasStoredSecret: boolean
  headers: HeaderRow[]
  /** Comma-separated event types to keep; '' = all. */
  eventTypes: string
  alerts: Omit<FeedAlertSettings, 'includeKeywords' | 'excludeKeywords'>
  includeKeywords: string
  excludeKeywords: string
  maxEvents: string
  maxAgeDays: string
  stallTimeoutSec: string
  maxEventBytes: string
  /** PEM text of extra CAs for this feed; '' = none. */
  caCertificate: string
  /** Obey the server's `event: pause` (Feed.serverPause). */
  serverPause: boolean
}

const defaultAlerts: FeedForm['alerts'] = {
  enabled: true,
  titleTemplate: '',
  bodyTemplate: '',
  minPriority: 1,
  sound: true,
  openLinks: false,
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')

const numberText = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value))

/** A form for a new feed (feed null) or for editing a stored one. */
export function formFromFeed(feed: FeedDto | null): FeedForm {
  if (feed === null) {
    return {
      url: '',
      name: '',
      preset: 'generic',
      presetTouched: false,
      openLinksTouched: false,
      authKind: 'none',
      username: '',
      secret: '',
      hasStoredSecret: false,
      headers: [],
      eventTypes: '',
      alerts: { ...defaultAlerts },
      includeKeywords: '',
      excludeKeywords: '',
      maxEvents: '',
      maxAgeDays: '',
      stallTimeoutSec: '',
      maxEventBytes: '',
      caCertificate: '',
      serverPause: false,
    }
  }
  return {
    url: feed.url,
    name: feed.name,
    preset: feed.preset,
    presetTouched: true,
    openLinksTouched: true,
    authKind: feed.auth.kind,
    username: feed.auth.kind === 'basic' ? feed.auth.username : '',
    secret: '',
    hasStoredSecret: feed.hasSecret,
    headers: Object.entries(feed.headers).map(([key, value]) => ({ key, value })),
    eventTypes: feed.eventTypes.join(', '),
    alerts: {
      enabled: feed.alerts.enabled,
      titleTemplate: feed.alerts.titleTemplate,
      bodyTemplate: feed.alerts.bodyTemplate,
      minPriority: feed.alerts.minPriority,
      sound: feed.alerts.sound,
      openLinks: feed.alerts.openLinks,
    },
    includeKeywords: feed.alerts.includeKeywords.join(', '),
    excludeKeywords: feed.alerts.excludeKeywords.join(', '),
    maxEvents: numberText(feed.retention.maxEvents),
    maxAgeDays: numberText(feed.retention.maxAgeDays),
    stallTimeoutSec: numberText(feed.stallTimeoutSec),
    maxEventBytes: numberText(feed.maxEventBytes),
    caCertificate: feed.caCertificate ?? '',
    serverPause: feed.serverPause ?? false,
  }
}

/**
 * The form with another preset. Until the user decides, links open on click only for ntfy and
 * gotify (their messages carry a click URL for that), as the core's defaults for a new feed say;
 * gotify asks for its client token.
 */
export function withPreset(form: FeedForm, preset: Preset, touched: boolean): FeedForm {
  const openLinks = form.openLinksTouched ? form.alerts.openLinks : preset === 'ntfy' || preset === 'gotify'
  // gotify always needs a client token: ask for one (sent as X-Gotify-Key by the core).
  const authKind = preset === 'gotify' && form.authKind === 'none' ? 'bearer' : form.authKind
  return { ...form, preset, authKind, presetTouched: form.presetTouched || touched, alerts: { ...form.alerts, openLinks } }
}

/** The form after the URL changed: the preset follows the URL until the user picks one. */
export function withUrl(form: FeedForm, url: string): FeedForm {
  const next = { ...form, url }
  return form.presetTouched ? next : withPreset(next, suggestPreset(url), false)
}

/** What a form field is wrong about, as a message key of the `feedDialog.invalid` group. */
export type FormProblem = 'url' | 'urlSse' | 'number' | 'header' | 'username' | 'ca'

/** Presets whose feeds are Server-Sent Events only: their address is http(s), never ws(s). */
const SSE_ONLY: readonly Preset[] = ['ntfy', 'mercure']

/** Which field a problem is at: a form key, or `header:N` for the N-th header row. */
export type ProblemField = 'url' | 'username' | 'maxEvents' | 'maxAgeDays' | 'stallTimeoutSec' | 'maxEventBytes' | 'caCertificate' | `header:${number}`

/** A problem and where it is, so the dialog can mark that field and bring it into view. */
export interface FieldProblem {
  problem: FormProblem
  field: ProblemField
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

/**
 * What is wrong with a feed address, or null: http(s) or ws(s) with a host (ws(s) not for SSE-only
 * presets), or the built-in example feed's (it has no host; the core checks its one address).
 */
function urlProblem(url: string, preset: Preset): 'url' | 'urlSse' | null {
  if (isExampleUrl(url)) return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'url'
  }
  const web = parsed.protocol === 'http:' || parsed.protocol === 'https:'
  const socket = parsed.protocol === 'ws:' || parsed.protocol === 'wss:'
  if ((!web && !socket) || parsed.host === '') return 'url'
  return socket && SSE_ONLY.includes(preset) ? 'urlSse' : null
}

/** Parses a whole non-negative number field; '' → null. */
function wholeNumber(text: string): number | null | 'bad' {
  const trimmed = text.trim()
  if (trimmed === '') return null
  return /^\d+$/.test(trimmed) ? Number(trimmed) : 'bad'
}

/**
 * The FeedInput the core receives, or the first problem. `isNew` decides what an empty number
 * field means: "the core's default" for a new feed, "unlimited" when editing.
 */
export function inputFromForm(form: FeedForm, isNew: boolean): { input: FeedInputDto } | FieldProblem {
  const url = form.url.trim()
  const wrongUrl = urlProblem(url, form.preset)
  if (wrongUrl !== null) return { problem: wrongUrl, field: 'url' }
  if (form.authKind === 'basic' && form.username.trim() === '') return { problem: 'username', field: 'username' }
  const headers: Record<string, string> = {}
  for (const [index, row] of form.headers.entries()) {
    const key = row.key.trim()
    if (key === '' && row.value.trim() === '') continue
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) return { problem: 'header', field: `header:${index}` }
    headers[key] = row.value
  }
  const numberFields = ['maxEvents', 'maxAgeDays', 'stallTimeoutSec', 'maxEventBytes'] as const
  const numbers = numberFields.map((field) => wholeNumber(form[field]))
  const bad = numbers.indexOf('bad')
  if (bad >= 0) return { problem: 'number', field: numberFields[bad] ?? 'maxEvents' }
  const [maxEvents, maxAgeDays, stallTimeoutSec, maxEventBytes] = numbers as (number | null)[]
  const ca = form.caCertificate.trim()
  if (ca !== '' && !PEM.test(ca)) return { problem: 'ca', field: 'caCertificate' }

  const input: FeedInputDto = {
    url,
    name: form.name.trim() === '' ? suggestName(url) : form.name.trim(),
    preset: form.preset,
    headers,
    auth:
      form.authKind === 'basic'
        ? { kind: 'basic', username: form.username.trim() }
        : form.authKind === 'bearer'
          ? { kind: 'bearer' }
          : { kind: 'none' },
    eventTypes: list(form.eventTypes),
    alerts: {
      ...form.alerts,
      minPriority: form.alerts.minPriority satisfies Priority,
      includeKeywords: list(form.includeKeywords),
      excludeKeywords: list(form.excludeKeywords),
    },
  }
  if (form.authKind !== 'none' && form.secret !== '') input.secret = form.secret
  if (!isNew) input.retention = { maxEvents: maxEvents ?? null, maxAgeDays: maxAgeDays ?? null }
  else if (maxEvents != null || maxAgeDays != null) {
    input.retention = {}
    if (maxEvents != null) input.retention.maxEvents = maxEvents
    if (maxAgeDays != null) input.retention.maxAgeDays = maxAgeDays
  }
  if (!isNew || stallTimeoutSec !== null) input.stallTimeoutSec = stallTimeoutSec ?? null
  if (maxEventBytes != null) input.maxEventBytes = maxEventBytes
  if (ca !== '') input.caCertificate = `${ca}\n`
  else if (!isNew) input.caCertificate = null
  if (!isNew || form.serverPause) input.serverPause = form.serverPause
  return { input }
}
