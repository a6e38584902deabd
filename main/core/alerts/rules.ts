/**
 * The per-feed decision: would this event toast at all? (Quiet hours, Do Not Disturb and burst
 * coalescing come after, in `alerts.ts`.) History keeps every event whatever is decided here.
 */
import type { FeedAlertSettings } from '../types.ts'
import type { RenderedEvent } from './render.ts'

function keywords(list: readonly string[]): string[] {
  return list.map((word) => word.trim().toLowerCase()).filter((word) => word !== '')
}

/**
 * True when the feed's rules let the event toast: alerts enabled, not an ntfy protocol message,
 * priority >= minPriority, no exclude keyword and (when include keywords are set) at least one
 * include keyword in the title, body or raw data. Keywords match case-insensitively as substrings;
 * blank keywords are ignored.
 */
export function passesRules(settings: FeedAlertSettings, rendered: RenderedEvent, data: string): boolean {
  if (!settings.enabled || rendered.protocol) return false
  if (rendered.priority < settings.minPriority) return false
  const include = keywords(settings.includeKeywords)
  const exclude = keywords(settings.excludeKeywords)
  if (include.length === 0 && exclude.length === 0) return true
  const haystacks = [rendered.title, rendered.body, data].map((text) => text.toLowerCase())
  const found = (word: string) => haystacks.some((text) => text.includes(word))
  if (exclude.some(found)) return false
  return include.length === 0 || include.some(found)
}
