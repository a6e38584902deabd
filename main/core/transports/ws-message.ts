/**
 * How one WebSocket message becomes an event (issue 8): a text message is one event whose `data`
 * is the text exactly as received; its `type` is the top-level string field `type` (else `event`)
 * when the text is a JSON object, otherwise `message`. Binary messages and messages over the
 * feed's size limit are dropped with a reason the supervisor counts; the stream goes on.
 */

/** What became of one message. */
export type WsMessageOutcome =
  | { kind: 'event'; type: string; data: string }
  | { kind: 'dropped'; reason: 'binary' | 'oversize'; bytes: number }

/** The type of an event whose data carries none. */
export const DEFAULT_WS_TYPE = 'message'

/**
 * Maps one message. `bytes` is its size on the wire (UTF-8 for text); a text message larger than
 * `maxEventBytes` is dropped before it is decoded or parsed.
 */
export function mapWsMessage(message: { binary: false; text: string; bytes: number } | { binary: true; bytes: number }, maxEventBytes: number): WsMessageOutcome {
  if (message.bytes > maxEventBytes) return { kind: 'dropped', reason: 'oversize', bytes: message.bytes }
  if (message.binary) return { kind: 'dropped', reason: 'binary', bytes: message.bytes }
  return { kind: 'event', type: typeOfText(message.text), data: message.text }
}

/** `type` (else `event`) of a JSON object's top level, when it is a non-empty string; else `message`. */
export function typeOfText(text: string): string {
  // Only an object can carry a type: skip the parse for anything else.
  if (!/^[\t\n\r ]*\{/.test(text)) return DEFAULT_WS_TYPE
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return DEFAULT_WS_TYPE
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return DEFAULT_WS_TYPE
  const record = value as Record<string, unknown>
  for (const key of ['type', 'event']) {
    const field = record[key]
    if (typeof field === 'string' && field !== '') return field
  }
  return DEFAULT_WS_TYPE
}

/**
 * The largest message the WebSocket client accepts into memory at all (`ws`'s `maxPayload`):
 * messages between the feed's limit and this are read and dropped (the connection goes on);
 * bigger ones make the client close the connection with 1009, so memory stays bounded whatever
 * the server sends.
 */
export function wirePayloadLimit(maxEventBytes: number): number {
  return Math.max(maxEventBytes * 4, maxEventBytes + 64 * 1024)
}
