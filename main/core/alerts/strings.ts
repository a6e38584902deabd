/**
 * Every word the alerts module puts into a toast, in one place so it can be localised later
 * (toasts come from the main process; the window does its own i18n). Plain English for now.
 */
import type { StopReason } from '../types.ts'

/** Title suffix for a generic event whose SSE type is not the default `message`. */
export function typedTitle(feedName: string, type: string): string {
  return `${feedName} · ${type}`
}

/** Body of the one summary toast that stands for a held-back burst. */
export function summaryBody(count: number, feedName: string): string {
  return count === 1 ? `1 new event in ${feedName}` : `${count} new events in ${feedName}`
}

/** Title of the calm, once-only toast for a feed that stopped and needs the user. */
export function stoppedTitle(feedName: string): string {
  return `${feedName} stopped`
}

const stopReasons: Record<StopReason, string> = {
  auth: 'The server rejected the sign-in. Check the token or password.',
  'not-found': 'The server says this feed does not exist (any more).',
  'no-content': 'The server asked Tidings to stop listening.',
  'content-type': 'The address did not answer with an event stream.',
  invalid: 'The feed’s settings are not valid.',
}

/** Body of the feed-stopped toast: what happened, and that nothing more will be tried. */
export function stoppedBody(reason: StopReason): string {
  return `${stopReasons[reason]} Tidings will not retry until you resume it.`
}
