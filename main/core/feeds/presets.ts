/**
 * Presets change only how a feed resumes and how its data maps to a notification (DESIGN.md):
 * generic SSE, ntfy (`https://host/topic/sse`, resumes with `?since=`), Mercure
 * (`/.well-known/mercure?topic=…`, reports replay gaps).
 */
import type { Preset } from '../types.ts'

export const presets: readonly Preset[] = ['generic', 'ntfy', 'mercure']

export function isPreset(value: unknown): value is Preset {
  return typeof value === 'string' && (presets as readonly string[]).includes(value)
}

/** The preset a URL suggests: Mercure's well-known path, an ntfy `/topic/sse` (or ntfy.sh), else generic. */
export function suggestPreset(url: string): Preset {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'generic'
  }
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
