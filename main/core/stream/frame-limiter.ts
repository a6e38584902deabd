/**
 * Keeps memory bounded whatever a server sends: bytes are passed on only as whole event blocks
 * (up to and including the blank line that ends them), and a block that grows past the size limit
 * is dropped — its bytes are discarded up to the next blank line, so even an endless line never
 * accumulates. The parser behind it therefore never buffers more than one block of at most
 * `maxBlockBytes`, and never sees half a block.
 */

const LF = 0x0a
const CR = 0x0d
const BOM = [0xef, 0xbb, 0xbf] as const
const LF_LF = Buffer.from([LF, LF])

export interface FrameLimiterOptions {
  /**
   * Largest block passed on: every byte from the block's first up to (not including) the
   * terminator of its blank line.
   */
  maxBlockBytes: number
  /** A block was dropped; `bytesSeen` is how far it had grown when it crossed the limit. */
  onOversize(bytesSeen: number): void
}

/** A stateful framer for one response body; feed it every chunk in order. */
export interface FrameLimiter {
  /** Takes the next chunk; returns the bytes of every block it completed (possibly empty). */
  push(chunk: Uint8Array): Uint8Array
  /** Bytes currently held back (the unfinished block). */
  readonly buffered: number
  /** The most bytes ever held back at once: never more than `maxBlockBytes`. */
  readonly maxBuffered: number
  /** Bytes allocated to hold an unfinished block (memory, not content): 0 while none is held. */
  readonly capacity: number
}

const empty = new Uint8Array(0)
/** The first allocation for a block that spans chunks. */
const MIN_HOLD = 4096
/** A hold larger than this is let go once emptied: one big event must not pin it for good. */
export const MAX_IDLE_HOLD = 64 * 1024

/**
 * Creates a limiter. It also strips the stream's leading byte order mark, because the stream code
 * puts bytes of its own in front of the server's and the parser would otherwise no longer see the
 * BOM at the start: // [spec] One leading U+FEFF BYTE ORDER MARK character must be ignored if any
 * are present.
 */
export function createFrameLimiter(options: FrameLimiterOptions): FrameLimiter {
  // A broken limit (NaN, Infinity) must not switch the bound off: fall back to 1 MiB.
  const max = Number.isFinite(options.maxBlockBytes) ? Math.max(1, Math.floor(options.maxBlockBytes)) : 1024 * 1024
  let bomHead: number[] | null = [] // null once the leading BOM question is settled
  // The bytes of an unfinished block. Allocated when a block spans chunks, not per connection (a
  // quiet feed holds none), and let go once a large one has been passed on.
  let pending = empty
  let pendingLength = 0
  let maxBuffered = 0
  let blockBytes = 0 // bytes of the current block so far
  let lineBytes = 0 // bytes of the current line so far (0 = at the start of a line)
  let afterCR = false // the previous byte was CR: a following LF completes a CRLF pair
  let dropping = false

  /** The held bytes were passed on or dropped. */
  function emptied(): void {
    pendingLength = 0
    if (pending.length > MAX_IDLE_HOLD) pending = empty
  }

  function keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    const needed = pendingLength + bytes.length
    if (needed > pending.length) {
      const grown = new Uint8Array(Math.max(needed, Math.min(Math.max(pending.length * 2, MIN_HOLD), max)))
      grown.set(pending.subarray(0, pendingLength))
      pending = grown
    }
    pending.set(bytes, pendingLength)
    pendingLength = needed
    if (pendingLength > maxBuffered) maxBuffered = pendingLength
  }

  /** Settles the leading BOM; returns the chunk to frame (null while the answer is still open). */
  function stripBom(chunk: Uint8Array): Uint8Array | null {
    if (bomHead === null) return chunk
    const head = bomHead
    let i = 0
    while (i < chunk.length && head.length < 3) {
      const byte = chunk[i]!
      if (byte !== BOM[head.length]) break
      head.push(byte)
      i++
    }
    if (head.length === 3) {
      bomHead = null
      return chunk.subarray(i)
    }
    if (i === chunk.length) return null // still a possible BOM prefix: wait for more bytes
    bomHead = null
    if (head.length === 0) return chunk
    const joined = new Uint8Array(head.length + chunk.length - i)
    joined.set(head)
    joined.set(chunk.subarray(i), head.length)
    return joined
  }

  /**
   * The common case, byte for byte what the loop below does: LF line ends only, no block being
   * dropped, and no block in the chunk can reach the limit (all it could add is under it). The
   * native searches then find the last blank line without visiting every byte in JavaScript.
   */
  function pushLfOnly(chunk: Uint8Array): Uint8Array {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const blank = bytes.lastIndexOf(LF_LF)
    // [spec] If the line is empty (a blank line) — Dispatch the event.
    const end = blank !== -1 ? blank + 2 : lineBytes === 0 && chunk[0] === LF ? 1 : 0
    const tail = chunk.subarray(end)
    const lastLf = tail.lastIndexOf(LF)
    lineBytes = lastLf !== -1 ? tail.length - lastLf - 1 : end > 0 ? tail.length : lineBytes + tail.length
    if (end === 0) {
      blockBytes += chunk.length
      keep(chunk)
      return empty
    }
    blockBytes = tail.length
    let out = chunk.subarray(0, end)
    if (pendingLength > 0) {
      out = concatBytes([pending.subarray(0, pendingLength), out])
      emptied()
    }
    keep(tail)
    return out
  }

  function push(input: Uint8Array): Uint8Array {
    const chunk = stripBom(input)
    if (chunk === null || chunk.length === 0) return empty
    if (!dropping && !afterCR && blockBytes + chunk.length <= max && chunk.indexOf(CR) === -1) return pushLfOnly(chunk)
    const parts: Uint8Array[] = []
    let start = 0 // first byte of `chunk` not yet passed on or discarded
    let completeEnd = -1 // end of the last complete block in `chunk` since `start`

    /** The block being read crossed the limit at chunk[at]: pass on what came before, drop it. */
    const drop = (at: number): void => {
      if (completeEnd > start) parts.push(chunk.subarray(start, completeEnd))
      start = at + 1
      completeEnd = -1
      emptied()
      dropping = true
      options.onOversize(blockBytes)
    }

    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!
      if (afterCR) {
        afterCR = false
        // [spec] Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED
        // (CRLF) character pair, a single U+000A LINE FEED (LF) character, or a single U+000D
        // CARRIAGE RETURN (CR) character. — the LF of a CRLF is not a line of its own (but it is
        // a byte held, so it counts).
        if (byte === LF) {
          if (!dropping && ++blockBytes > max) drop(i)
          continue
        }
      }
      if (byte === LF || byte === CR) {
        afterCR = byte === CR
        if (lineBytes > 0) {
          lineBytes = 0
          if (!dropping && ++blockBytes > max) drop(i)
          continue
        }
        // [spec] If the line is empty (a blank line) — Dispatch the event.
        if (dropping) {
          dropping = false
          start = i + 1
          completeEnd = -1
        } else {
          if (pendingLength > 0) {
            parts.push(pending.slice(0, pendingLength))
            emptied()
          }
          completeEnd = i + 1
        }
        blockBytes = 0
        continue
      }
      lineBytes++
      if (!dropping && ++blockBytes > max) drop(i)
    }

    if (!dropping) {
      if (completeEnd > start) {
        parts.push(chunk.subarray(start, completeEnd))
        start = completeEnd
      }
      keep(chunk.subarray(start))
    }
    if (parts.length === 0) return empty
    if (parts.length === 1) return parts[0]!
    return concatBytes(parts)
  }

  return {
    push,
    get buffered() {
      return pendingLength
    },
    get capacity() {
      return pending.length
    },
    get maxBuffered() {
      return maxBuffered
    },
  }
}

/** Joins byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
