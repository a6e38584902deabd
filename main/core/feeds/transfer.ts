/**
 * Import and export of feed definitions as JSON, and import of ntfy subscriptions (the ntfy
 * Android app's backup file, or a plain list of `{ baseUrl, topic }`). Pure: the service decides
 * what to add; this only translates formats and explains what it could not read.
 */
import type { Feed, FeedInput } from '../types.ts'

export const EXPORT_FORMAT = 'tidings-feeds'

interface ExportedFeed extends FeedInput {
  secret?: string
}

/** Feeds as a JSON document; secrets only when `secretOf` is given (the user asked for them). */
export function exportFeeds(feeds: Feed[], now: number, secretOf?: (id: string) => string | null): string {
  const out: ExportedFeed[] = feeds.map((f) => {
    const entry: ExportedFeed = {
      url: f.url,
      name: f.name,
      preset: f.preset,
      headers: f.headers,
      auth: f.auth,
      eventTypes: f.eventTypes,
      paused: f.paused,
      stallTimeoutSec: f.stallTimeoutSec,
      maxEventBytes: f.maxEventBytes,
      // Public data (the CA's certificate, not a secret): it travels with the feed.
      caCertificate: f.caCertificate,
      serverPause: f.serverPause ?? false,
      retention: f.retention,
      alerts: f.alerts,
    }
    const secret = secretOf?.(f.id)
    if (secret) entry.secret = secret
    return entry
  })
  return JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: new Date(now).toISOString(), feeds: out }, null, 2)
}

export interface ParsedImport {
  inputs: FeedInput[]
  errors: string[]
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new Error(`The ${what} file is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads a Tidings export (or a bare array of feed inputs). Throws only when the file is unreadable. */
export function parseFeedsExport(text: string): ParsedImport {
  const doc = parseJson(text, 'feeds')
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.feeds) ? doc.feeds : null
  if (!list) throw new Error('This is not a Tidings feeds file (expected a "feeds" list).')
  const inputs: FeedInput[] = []
  const errors: string[] = []
  list.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.url !== 'string') {
      errors.push(`Entry ${i + 1} has no URL.`)
      return
    }
    inputs.push({ ...(entry as unknown as FeedInput), secret: typeof entry.secret === 'string' ? entry.secret : undefined })
  })
  return { inputs, errors }
}

/**
 * Reads ntfy subscriptions: the Android app's backup (`{ magic, data: { subscriptions, users } }`)
 * or a plain list of `{ baseUrl, topic, displayName? }`. Users stored for a base URL become basic auth.
 */
export function parseNtfySubscriptions(text: string): ParsedImport {
  const doc = parseJson(text, 'ntfy')
  const data = isObject(doc) && isObject(doc.data) ? doc.data : doc
  const subs = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.subscriptions) ? data.subscriptions : null
  if (!subs) throw new Error('This is not an ntfy backup or subscription list (expected "subscriptions").')
  const users = isObject(data) && Array.isArray(data.users) ? data.users.filter(isObject) : []
  const inputs: FeedInput[] = []
  const errors: string[] = []
  subs.forEach((sub: unknown, i) => {
    if (!isObject(sub) || typeof sub.baseUrl !== 'string' || typeof sub.topic !== 'string' || sub.topic === '') {
      errors.push(`Subscription ${i + 1} has no base URL or topic.`)
      return
    }
    const base = sub.baseUrl.replace(/\/+$/, '')
    const user = users.find((u) => typeof u.baseUrl === 'string' && u.baseUrl.replace(/\/+$/, '') === base)
    const input: FeedInput = {
      url: `${base}/${encodeURIComponent(sub.topic)}/sse`,
      name: typeof sub.displayName === 'string' && sub.displayName ? sub.displayName : sub.topic,
      preset: 'ntfy',
    }
    if (user && typeof user.username === 'string' && typeof user.password === 'string') {
      input.auth = { kind: 'basic', username: user.username }
      input.secret = user.password
    }
    inputs.push(input)
  })
  return { inputs, errors }
}
