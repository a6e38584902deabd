/**
 * Lines to stdout that survive a reader going away (`tidings history | head -1`): a closed pipe
 * (EPIPE) is the end of the output, not a crash — later lines are dropped, and whoever waits on
 * `closed` (a running subscriber) stops cleanly.
 */
export interface Output {
  line(text: string): void
  /** Whether the reader is gone. */
  isClosed(): boolean
  /** Resolves when the reader goes away. */
  readonly closed: Promise<void>
}

export function lineOutput(stream: NodeJS.WritableStream): Output {
  let isClosed = false
  let markClosed: () => void = () => {}
  const closed = new Promise<void>((resolve) => (markClosed = resolve))
  stream.on('error', (error: NodeJS.ErrnoException) => {
    isClosed = true
    markClosed()
    // EPIPE / ERR_STREAM_DESTROYED: the reader left. Anything else is also the end of the output.
    void error
  })
  return {
    line(text) {
      if (!isClosed) stream.write(`${text}\n`)
    },
    isClosed: () => isClosed,
    closed,
  }
}
