/**
 * The transport seam as the stream helper is cutting it (`stream/transport.ts`, not yet on main
 * when this folder was written): the same shapes, so the transports here satisfy it structurally.
 * When `stream/transport.ts` lands, delete this file and import from there — the names and
 * fields are identical (`Failure` there is `stream/response.ts`'s, which gains `code`).
 *
 * Rules a transport keeps (the supervisor relies on them): `connect()` never calls the sink
 * synchronously; sink calls come in wire order and stop after `end()` or `close()`;
 * `activity()` reports every byte from the server (messages, pings, pongs) for the stall
 * watchdog; before reading more, a transport waits for `roomToRead()` when it returns a promise.
 */
import type { ErrorKind, Feed, ResumeCursor, StopReason } from '../types.ts'

/** A failure as the supervisor records it (`at` is added when it happens). */
export interface Failure {
  kind: ErrorKind
  message: string
  status?: number
  /** The system's, TLS library's or protocol's code (FeedError.code). */
  code?: string
}

/** One event as a transport hands it over; the supervisor adds `feedId` and `receivedAt`. */
export interface WireEvent {
  id: string
  newId: boolean
  type: string
  data: string
}

/** How a connection ended: `stop` until the user resumes, or `retry` after backoff / `retryAfterMs`. */
export type TransportEnd =
  | { kind: 'stop'; reason: StopReason; failure: Failure }
  | { kind: 'retry'; failure: Failure; retryAfterMs: number | null }

/** What a transport reports about one connection (implemented by the supervisor). */
export interface TransportSink {
  open(info?: { replayedFrom?: string }): void
  activity(byteLength: number): void
  batch(events: WireEvent[], cursor: ResumeCursor): void
  retryDelay(ms: number): void
  oversize(): void
  /**
   * Proposed here, not (yet) in stream/transport.ts: a message dropped for a reason other than
   * size (a WebSocket's binary message, a `/stream` text that is no gotify message), so health can
   * count and say it. Optional: a sink without it just does not hear of these drops.
   */
  dropped?(reason: DropReason, bytes: number): void
  end(end: TransportEnd): void
  roomToRead(): Promise<void> | null
}

/** Why a message was dropped (size drops also call `oversize()`). */
export type DropReason = 'binary' | 'oversize' | 'unserialisable' | 'not-a-message'

/** What one connection attempt starts from. */
export interface ConnectRequest {
  feed: Feed
  /** Full Authorization header value, or null. */
  authorization: string | null
  cursor: ResumeCursor
}

/** One live connection: the supervisor closes it when it gives up on it or is closed. */
export interface TransportConnection {
  close(): void
}

/** A wire protocol: opens connections, reports through the sink. Holds no per-feed state. */
export interface Transport {
  connect(request: ConnectRequest, sink: TransportSink): TransportConnection
}
