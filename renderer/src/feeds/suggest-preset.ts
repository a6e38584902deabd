/**
 * The preset a URL suggests, the way DESIGN.md describes them: ntfy topics end in `/sse`
 * (`https://ntfy.sh/mytopic/sse`), Mercure hubs live at `/.well-known/mercure`. The user may
 * always override the suggestion.
 */
import type { Preset } from '../../../preload/contract.ts'
import { isExampleUrl } from './example-feed.ts'

/** 'ntfy', 'mercure' or 'generic' for a typed URL (unparseable URLs suggest 'generic'). */
export function suggestPreset(url: string): Preset {
  let path: string
  try {
    path = new URL(url.trim()).pathname
  } catch {
    return 'generic'
  }
  if (/\/\.well-known\/mercure\/?$/.test(path)) return 'mercure'
  if (/\/[^/]+\/sse\/?$/.test(path)) return 'ntfy'
  return 'generic'
}

/**
 * A readable default name for a feed: the ntfy topic, or host plus the last path segment; '' for
 * the example feed (the core names it).
 */
export function suggestName(url: string): string {
  if (isExampleUrl(url)) return ''
  try {
    const parsed = new URL(url.trim())
    const parts = parsed.pathname.split('/').filter((p) => p !== '' && p !== 'sse' && p !== 'json')
    const last = parts[parts.length - 1]
    if (/\/\.well-known\/mercure\/?$/.test(parsed.pathname)) {
      const topic = parsed.searchParams.get('topic')
      return topic !== null && topic !== '' ? topic : parsed.host
    }
    return last === undefined ? parsed.host : `${parsed.host} · ${decodeURIComponent(last)}`
  } catch {
    return ''
  }
}
