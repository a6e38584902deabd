/**
 * How one Socket.IO event becomes an event (issue 8): `type` is the event name; `data` is the
 * argument as text when it is a string, else its JSON; several arguments become a JSON array.
 * Binary arguments (Buffers, ArrayBuffers, typed arrays) are not text: such events are dropped
 * with a reason, like a WebSocket's binary messages, and so are events over the size limit.
 */

export type SocketIoOutcome =
  | { kind: 'event'; type: string; data: string }
  | { kind: 'dropped'; reason: 'binary' | 'oversize' | 'unserialisable'; bytes: number }

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value) || (typeof Blob !== 'undefined' && value instanceof Blob)
}

/** Whether a binary payload hides anywhere in the arguments (socket.io's own hasBinary, bounded). */
function containsBinary(value: unknown, depth = 0): boolean {
  if (isBinary(value)) return true
  if (depth > 32 || typeof value !== 'object' || value === null) return false
  const children = Array.isArray(value) ? value : Object.values(value)
  return children.some((child) => containsBinary(child, depth + 1))
}

/** Text of one argument: strings as they are, everything else as JSON (`undefined` → ''). */
function argText(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value) ?? ''
}

/** Maps one received event; `maxEventBytes` bounds the data's UTF-8 size. */
export function mapSocketIoEvent(name: string, args: readonly unknown[], maxEventBytes: number): SocketIoOutcome {
  if (args.some((arg) => containsBinary(arg))) return { kind: 'dropped', reason: 'binary', bytes: 0 }
  let data: string
  try {
    data = args.length === 0 ? '' : args.length === 1 ? argText(args[0]) : JSON.stringify(args)
  } catch {
    // A cycle or a BigInt cannot come off the wire, but a decoder bug must not break the feed.
    return { kind: 'dropped', reason: 'unserialisable', bytes: 0 }
  }
  const bytes = Buffer.byteLength(data)
  if (bytes > maxEventBytes) return { kind: 'dropped', reason: 'oversize', bytes }
  return { kind: 'event', type: name, data }
}
