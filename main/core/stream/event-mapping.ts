/**
 * How a parsed SSE event becomes history, per preset. Generic SSE and Mercure keep the event as it
 * came; ntfy puts everything in JSON data, marks protocol chatter (`open`, `keepalive`) with its
 * `event` field and resumes by message id rather than `id:` fields.
 */
import type { Preset } from '../types.ts'

/** An event as the parser dispatched it, with its id resolved across reconnects. */
export interface ParsedEvent {
  type: string
  data: string
  /** The last event ID string at dispatch ('' = none). */
  id: string
  /** The id differs from the one the previous event carried. */
  newId: boolean
}

export type MappedEvent =
  /** Store it; `since` is ntfy's new resume token, or null to keep the current one. */
  | { kind: 'event'; id: string; newId: boolean; type: string; data: string; since: string | null }
  /** Protocol, not history (it still counts as activity). */
  | { kind: 'protocol' }

/** ntfy events that are not messages worth keeping. */
const ntfyProtocol = new Set(['open', 'keepalive', 'poll_request'])

/** Whether `mapEvent` can change an event of this preset (else it is stored as it came). */
export function mapsEvents(preset: Preset): boolean {
  return preset === 'ntfy'
}

/** Maps one event for the feed's preset. */
export function mapEvent(preset: Preset, event: ParsedEvent): MappedEvent {
  if (preset === 'ntfy') {
    const ntfy = readNtfy(event.data)
    if (ntfy !== null) {
      if (ntfyProtocol.has(ntfy.event)) return { kind: 'protocol' }
      // ntfy sends no `id:`; its message id is the event's identity and the `since=` token.
      const isMessage = ntfy.event === 'message'
      return {
        kind: 'event',
        id: ntfy.id,
        newId: ntfy.id !== '',
        type: ntfy.event,
        data: event.data,
        since: isMessage && ntfy.id !== '' ? ntfy.id : null,
      }
    }
  }
  return { kind: 'event', id: event.id, newId: event.newId, type: event.type, data: event.data, since: null }
}

/** The `event` and `id` of ntfy's JSON data; null when the data is not an ntfy object. */
function readNtfy(data: string): { event: string; id: string } | null {
  if (!data.startsWith('{')) return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { event, id } = value as { event?: unknown; id?: unknown }
  if (typeof event !== 'string') return null
  return { event, id: typeof id === 'string' ? id : '' }
}
