/**
 * The seam between the supervisor (subscription.ts: backoff, wake-up, stall watchdog, status,
 * acknowledgement after storage) and one wire protocol. A transport knows how to open one
 * connection and turn what arrives into events with a resume cursor; it makes no decision about
 * *when* to connect again. SSE (sse-transport.ts) is the first; WebSocket, Socket.IO and gotify
 * plug in the same way (transports.ts picks one per feed).
 *
 * Rules every transport keeps (the supervisor relies on them):
 * - `connect()` never calls the sink synchronously; everything arrives on later ticks.
 * - Calls on the sink come in wire order. After `end()`, or after the supervisor called
 *   `close()`, the transport calls nothing more (the supervisor ignores it anyway).
 * - `activity()` reports every byte from the server (events, comments, keepalives, pongs): it is
 *   what the stall watchdog measures silence by. Waiting for `roomToRead()` is not silence.
 * - Before reading more from the network, the transport awaits `roomToRead()` when it returns a
 *   promise (storage is behind). A pull-based body simply does not read; a push-based socket
 *   pauses itself until the promise resolves.
 */
import type { Feed, ResumeCursor, StopReason } from '../types.ts'
import type { Failure } from './response.ts'

/** One event as a transport hands it over; the supervisor adds `feedId` and `receivedAt`. */
export interface WireEvent {
  /** The event's identity (SSE: the last event ID buffer at dispatch; '' = none). */
  id: string
  /** True when this event set a new id (only such events are deduplicated by id). */
  newId: boolean
  type: string
  data: string
}

/**
 * How a connection ended. `stop`: do not reconnect until the user resumes (auth, gone, 204, bad
 * configuration). `retry`: reconnect after the backoff — or exactly `retryAfterMs` when the
 * server said how long (429/503 Retry-After). A normal close is `retry` with kind `ended`.
 */
export type TransportEnd =
  | { kind: 'stop'; reason: StopReason; failure: Failure }
  | { kind: 'retry'; failure: Failure; retryAfterMs: number | null }

/** What a transport reports about one connection (implemented by the supervisor). */
export interface TransportSink {
  /** The server accepted: the stream is open (see OpenInfo for what the transport may add). */
  open(info?: OpenInfo): void
  /** Bytes arrived from the server (any bytes): it is alive. */
  activity(byteLength: number): void
  /**
   * Events in wire order, with the resume cursor reached after the last of them (it may move
   * with no events, e.g. an id-only block). Stored in one transaction, acknowledged only once
   * stored; events of types the feed does not keep are filtered out by the supervisor.
   */
  batch(events: WireEvent[], cursor: ResumeCursor): void
  /** The server set its base reconnect delay (SSE `retry:`). */
  retryDelay(ms: number): void
  /** An event was dropped for being over `feed.maxEventBytes`. */
  oversize(): void
  /**
   * A message was dropped: a WebSocket's binary message, a `/stream` text that is no gotify
   * message, a Socket.IO argument that cannot be written as JSON. Counted and recorded like an
   * oversize drop; for `oversize` the transport also calls `oversize()`, which alone counts it.
   */
  dropped?(reason: DropReason, bytes: number): void
  /**
   * The server asked for a pause (SSE `event: pause` on a feed with `serverPause`): `data` as
   * sent. Everything before it has been handed over with `batch()` (the cursor past the pause
   * event). The supervisor decides: it closes the connection, or ignores the request and the
   * stream goes on.
   */
  pause(data: string): void
  /** The connection is over, and why. */
  end(end: TransportEnd): void
  /** Backpressure: null = read on; a promise = wait for it before reading more. */
  roomToRead(): Promise<void> | null
}

/** What a transport says about a connection when it opens. */
export interface OpenInfo {
  /**
   * Where the server says replay really starts (Mercure's `Last-Event-ID` response header, the
   * oldest message a gotify catch-up reached), when it says; the supervisor records a gap when it
   * differs from the requested resume id.
   */
  replayedFrom?: string
  /**
   * False when the protocol cannot replay at all (a plain WebSocket, Socket.IO): after a
   * disconnection the supervisor records a gap — events sent meanwhile may be missing.
   */
  replays?: boolean
}

/** Why a message was dropped (size drops also call `oversize()`). */
export type DropReason = 'binary' | 'oversize' | 'unserialisable' | 'not-a-message'

/** What one connection attempt starts from. */
export interface ConnectRequest {
  /** The feed (url, preset, headers, maxEventBytes, caCertificate…). */
  feed: Feed
  /** Full Authorization header value, or null. */
  authorization: string | null
  /** The acknowledged resume cursor: where this connection resumes. */
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
