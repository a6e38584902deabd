/**
 * Presets change only how a feed resumes and how its data maps to a notification (DESIGN.md):
 * generic (SSE over http(s), a plain WebSocket over ws(s)), ntfy (`https://host/topic/sse`,
 * resumes with `?since=`), Mercure (`/.well-known/mercure?topic=…`, reports replay gaps),
 * Socket.IO (every emitted event; cannot replay) and gotify (`wss://host/stream` + the
 * `/message` catch-up by message id).
 */
import type { Preset } from '../types.ts'
import { FeedInputError, isExampleUrl, isWebSocketUrl } from './url.ts'

export const presets: readonly Preset[] = ['generic', 'ntfy', 'mercure', 'socketio', 'gotify']

/**
 * Refuses a preset the URL's scheme cannot carry: ntfy and Mercure feeds are Server-Sent Events
 * (http or https); generic, Socket.IO and gotify feeds take either scheme; the built-in example feed
 * is generic (its events are plain JSON with a `message`).
 */
export function checkScheme(url: URL, preset: Preset): void {
  if (isExampleUrl(url)) {
    if (preset !== 'generic') throw new FeedInputError(`The built-in example feed uses the generic preset, not ${preset}.`, 'preset')
    return
  }
  if (!isWebSocketUrl(url)) return
  if (preset === 'ntfy' || preset === 'mercure') {
    const name = preset === 'ntfy' ? 'ntfy' : 'Mercure'
    throw new FeedInputError(`${name} feeds are Server-Sent Events: use an http or https URL, not ${url.protocol.replace(/:$/, '')}.`, 'url')
  }
}

export function isPreset(value: unknown): value is Preset {
  return typeof value === 'string' && (presets as readonly string[]).includes(value)
}

/**
 * The preset a URL suggests: Mercure's well-known path, an ntfy `/topic/sse` (or ntfy.sh), else
 * generic — also for every ws(s) URL: a gotify `/stream` or a Socket.IO server cannot be told
 * from the URL alone, so those presets are chosen, never guessed.
 */
export function suggestPreset(url: string): Preset {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'generic'
  }
  if (isWebSocketUrl(parsed) || isExampleUrl(parsed)) return 'generic'
  const path = parsed.pathname.replace(/\/+$/, '')
  if (path.endsWith('/.well-known/mercure')) return 'mercure'
  // ntfy: one or more comma-separated topics followed by /sse, e.g. /alerts/sse or /a,b/sse.
  if (/^\/[-\w]+(,[-\w]+)*\/sse$/.test(path)) return 'ntfy'
  if (/(^|\.)ntfy\.sh$/.test(parsed.hostname) && /^\/[-\w]+$/.test(path)) return 'ntfy'
  return 'generic'
}

/**
 * The URL a preset actually subscribes to: an ntfy topic URL without `/sse` gets it appended, so
 * `https://ntfy.sh/alerts` works as users type it.
 */
export function subscriptionUrl(url: string, preset: Preset): string {
  if (preset !== 'ntfy') return url
  const parsed = new URL(url)
  const path = parsed.pathname.replace(/\/+$/, '')
  if (!/\/(sse|json|raw|ws)$/.test(path)) parsed.pathname = `${path}/sse`
  return parsed.toString()
}
