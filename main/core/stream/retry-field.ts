/**
 * Finds `retry:` fields in whole event blocks. eventsource applies `retry` to its own reconnect
 * timer, which Tidings never uses (the supervisor owns every reconnect), and does not expose the
 * value — so the stream reads it here, from the same bytes the parser gets.
 */

const LF = 0x0a
const CR = 0x0d
const COLON = 0x3a
const SPACE = 0x20
const retryName = Buffer.from('retry', 'latin1')

/**
 * The value of the last valid `retry` field in `bytes`, or null if there is none. `bytes` must start
 * at the beginning of a line (the frame limiter only hands out whole blocks).
 */
export function lastRetryField(bytes: Uint8Array): number | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let found: number | null = null
  let at = buffer.indexOf(retryName)
  while (at !== -1) {
    const lineStart = at === 0 || buffer[at - 1] === LF || buffer[at - 1] === CR
    if (lineStart) {
      const value = fieldValue(buffer, at + retryName.length)
      // [spec] If the field value consists of only ASCII digits, then interpret the field value
      // as an integer in base ten, and set the event stream's reconnection time to that integer.
      // Otherwise, ignore the field.
      if (value !== null && /^[0-9]+$/.test(value)) found = Number(value)
    }
    at = buffer.indexOf(retryName, at + 1)
  }
  return found
}

/** The value of the field whose name ends at `at`, or null when the name goes on (e.g. `retryX`). */
function fieldValue(buffer: Buffer, at: number): string | null {
  const next = buffer[at]
  if (next === LF || next === CR || next === undefined) return '' // [spec] no colon: value is ''
  if (next !== COLON) return null
  // [spec] If value starts with a U+0020 SPACE character, remove it from value.
  let start = at + 1
  if (buffer[start] === SPACE) start++
  let end = start
  while (end < buffer.length && buffer[end] !== LF && buffer[end] !== CR) end++
  return buffer.toString('latin1', start, end)
}
