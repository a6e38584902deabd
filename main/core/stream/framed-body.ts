/**
 * The response body as eventsource reads it: whole blocks only (through the frame limiter), byte
 * counts and activity reported per chunk, `retry:` fields picked up, plus two pieces of stream text
 * of our own — a prologue before the server's first byte and a marker block after every chunk.
 * The marker is dispatched by the parser right after the chunk's last event, so the supervisor
 * knows exactly when a chunk has been parsed and can store it as one batch.
 */
import { concatBytes, createFrameLimiter } from './frame-limiter.ts'
import { lastRetryField } from './retry-field.ts'

export interface FramedBodyHooks {
  /** Largest event block passed on; bigger ones are dropped (see frame-limiter.ts). */
  maxEventBytes: number
  /** Sent before the server's first block (it must be whole blocks). */
  prologue: Uint8Array
  /** Sent after each run of whole blocks (it must be a whole block). */
  marker: Uint8Array
  /** Bytes arrived from the network (every chunk, dropped or not). */
  onChunk(byteLength: number): void
  onOversize(bytesSeen: number): void
  /** A `retry:` field (ms) in a block that was passed on. */
  onRetry(ms: number): void
  /** The most bytes the limiter has held back so far, each time that grows. */
  onBuffered?(maxBuffered: number): void
  /** Backpressure: before each network read, a promise to wait for (storage catching up), or null. */
  beforeRead?(): Promise<void> | null
  /** The network read failed (reset, TLS alert): the error, with its code, before the parser hears of it. */
  onReadError?(error: unknown): void
}

/**
 * Wraps `source`. The result pulls one source chunk per read (no read-ahead), so the marker of
 * chunk n is parsed before chunk n+1 is even requested.
 */
export function framedBody(source: ReadableStream<Uint8Array>, hooks: FramedBodyHooks): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  const limiter = createFrameLimiter({ maxBlockBytes: hooks.maxEventBytes, onOversize: (bytesSeen) => hooks.onOversize(bytesSeen) })
  let prologue: Uint8Array | null = hooks.prologue
  let reportedBuffered = 0

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await hooks.beforeRead?.()
        for (;;) {
          let next: ReadableStreamReadResult<Uint8Array>
          try {
            next = await reader.read()
          } catch (error) {
            hooks.onReadError?.(error)
            throw error
          }
          const { done, value } = next
          if (done) {
            // [spec] Once the end of the file is reached, any pending data must be discarded.
            controller.close()
            return
          }
          hooks.onChunk(value.byteLength)
          const blocks = limiter.push(value)
          if (hooks.onBuffered && limiter.maxBuffered > reportedBuffered) {
            reportedBuffered = limiter.maxBuffered
            hooks.onBuffered(reportedBuffered)
          }
          if (blocks.length === 0) continue
          const retry = lastRetryField(blocks)
          if (retry !== null) hooks.onRetry(retry)
          const parts = prologue === null ? [blocks, hooks.marker] : [prologue, blocks, hooks.marker]
          prologue = null
          controller.enqueue(concatBytes(parts))
          return
        }
      },
      cancel(reason) {
        return reader.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}
