/**
 * What the feed dialog shows per preset: an example address for the URL field and, for the presets
 * that are not plain Server-Sent Events (Socket.IO, gotify), what they need and how they resume.
 */
import type { Preset } from '../../../preload/contract.ts'
import type { MessageKey } from '../i18n/translate.ts'

/** An example address for the URL field, per preset. */
export const urlPlaceholders: Record<Preset, string> = {
  generic: 'https://example.com/events',
  ntfy: 'https://ntfy.sh/mytopic/sse',
  mercure: 'https://example.com/.well-known/mercure?topic=orders',
  socketio: 'https://example.com/alerts',
  gotify: 'https://gotify.example.com',
}

/** The preset's own help under the preset field (what it needs, how it resumes); none for SSE presets. */
export const presetHints: Partial<Record<Preset, MessageKey>> = {
  socketio: 'feedDialog.socketioHint',
  gotify: 'feedDialog.gotifyHint',
}
