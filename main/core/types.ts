/**
 * The domain's shared vocabulary: plain data that crosses module borders (stream → history →
 * alerts → service → bridge). Types only, so the renderer may import them through the contract.
 */

/**
 * How a feed resumes and how its data maps to a notification — and, with the URL's scheme, which
 * wire carries it: generic http(s) = SSE, generic ws(s) = WebSocket, `socketio` = Socket.IO,
 * `gotify` = gotify's `/stream` WebSocket with its `/message` catch-up.
 */
export type Preset = 'generic' | 'ntfy' | 'mercure' | 'socketio' | 'gotify'

/** Authentication scheme; the secret itself (token or password) lives in the SecretStore. */
export type FeedAuth =
  | { kind: 'none' }
  | { kind: 'bearer' }
  | { kind: 'basic'; username: string }

/** Notification priority on ntfy's scale: 1 min, 3 default, 5 max (breaks through quiet hours). */
export type Priority = 1 | 2 | 3 | 4 | 5

/** Per-feed notification settings, decided on by `alerts/`. */
export interface FeedAlertSettings {
  /** Toasts on/off for this feed; history records everything regardless. */
  enabled: boolean
  /**
   * Title/body templates. `{{data}}` is the raw data, `{{type}}` the event type, `{{id}}` the id,
   * `{{feed}}` the feed's name, `{{field.path}}` a field of JSON data. Empty = preset default.
   */
  titleTemplate: string
  bodyTemplate: string
  /** Events below this priority never toast. Generic events count as priority 3. */
  minPriority: Priority
  sound: boolean
  /** Notify only when the text matches one of these (empty = no restriction). Case-insensitive. */
  includeKeywords: string[]
  /** Never notify when the text matches one of these. Case-insensitive. */
  excludeKeywords: string[]
  /** Whether a `click` URL from the event may be opened in the browser (http/https only). */
  openLinks: boolean
}

/** Retention per feed; null = unlimited. Applied incrementally as events arrive. */
export interface RetentionPolicy {
  maxEvents: number | null
  maxAgeDays: number | null
}

/** A configured subscription, as stored in settings (never holds secrets). */
export interface Feed {
  id: string
  name: string
  /**
   * http(s) for SSE feeds (generic, ntfy, Mercure); ws(s) for WebSocket feeds (generic); either for
   * Socket.IO (ws(s): WebSocket transport only) and gotify (the server's base or its `/stream`).
   */
  url: string
  preset: Preset
  /** Extra request headers (not auth; auth goes through `auth` + the SecretStore). */
  headers: Record<string, string>
  auth: FeedAuth
  /** Event types to keep; empty = every type. ntfy's `open`/`keepalive` are never kept. */
  eventTypes: string[]
  paused: boolean
  /** Silence limit in seconds before the stream is treated as dead; null = adapt to keepalives. */
  stallTimeoutSec: number | null
  /** Largest event accepted, in bytes; bigger ones are dropped with a recorded reason. */
  maxEventBytes: number
  /**
   * Extra certificate authorities (PEM text) trusted for this feed only, on top of the system's
   * (a self-hosted server with its own CA); null = the system's trust only.
   */
  caCertificate: string | null
  /**
   * Obey the server's `event: pause` (data: a time in ms since the epoch): close and reconnect at
   * that time; the pause is not stored. Absent = false: `pause` is an ordinary event.
   */
  serverPause?: boolean
  retention: RetentionPolicy
  alerts: FeedAlertSettings
  /** Position in the sidebar (ascending). */
  order: number
  createdAt: string
}

/** What a user types to create or edit a feed; every field but `url` has a default. */
export interface FeedInput {
  url: string
  name?: string
  preset?: Preset
  headers?: Record<string, string>
  auth?: FeedAuth
  /** The bearer token or basic password; stored through the SecretStore, never in settings. */
  secret?: string
  eventTypes?: string[]
  paused?: boolean
  stallTimeoutSec?: number | null
  maxEventBytes?: number
  /** PEM text; null removes it. */
  caCertificate?: string | null
  /** See Feed.serverPause. */
  serverPause?: boolean
  retention?: Partial<RetentionPolicy>
  alerts?: Partial<FeedAlertSettings>
}

/** One event as parsed off the wire, before it is stored. */
export interface FeedEvent {
  feedId: string
  /**
   * The event's id as the SSE standard defines it: the stream's last event ID buffer at dispatch
   * (an event without `id:` inherits the previous one). '' when none. For ntfy: the message id.
   */
  id: string
  /** True when the block set a new id (it differs from the previous last event ID); only such events are deduplicated by (feed, id). */
  newId: boolean
  type: string
  data: string
  /** ms since epoch. */
  receivedAt: number
}

/** Where the next connection of a feed resumes; saved in the same transaction as the events. */
export interface ResumeCursor {
  /** Sent as `Last-Event-ID` (generic, Mercure); '' = send none. */
  lastEventId: string
  /** ntfy: `?since=` value (last message id); '' = none. */
  since: string
}

/** An event once stored: `seq` is the history's own monotonically increasing key. */
export interface StoredEvent extends FeedEvent {
  seq: number
  read: boolean
}

/** Why a connection failed; the UI turns these into words. */
export type ErrorKind =
  | 'http' // unexpected HTTP status
  | 'auth' // 401 / 403
  | 'not-found' // 404 / 410
  | 'rate-limited' // 429 / 503 with Retry-After
  | 'no-content' // 204: the server asked us to stop
  | 'content-type' // not text/event-stream
  | 'network' // DNS, refused, reset
  | 'tls' // the server's certificate was not accepted
  | 'stalled' // no bytes for longer than the silence limit
  | 'ended' // the server closed the stream
  | 'oversize' // an event exceeded the size limit (dropped; the stream goes on)
  | 'invalid' // bad configuration (URL, header)
  | 'storage' // storing received events failed (disk full); not acknowledged, resumed after backoff

/**
 * A connection failure as data: the edges (window, toasts, tray, `tidings`) put `kind` and its
 * parameters into the user's language. `message` is technical detail in English for logs and a
 * "details" disclosure, never the sentence shown to a user.
 */
export interface FeedError {
  kind: ErrorKind
  message: string
  status?: number
  /** The system's or TLS library's error code (`ECONNREFUSED`, `ENOTFOUND`, `DEPTH_ZERO_SELF_SIGNED_CERT`). */
  code?: string
  /** ms since epoch. */
  at: number
}

export type ConnectionState = 'paused' | 'connecting' | 'open' | 'backoff' | 'stopped'

/** Why a feed stopped for good (until the user resumes it). */
export type StopReason = 'auth' | 'not-found' | 'no-content' | 'content-type' | 'invalid'

/**
 * A replay gap: the server could not replay from where we asked (Mercure, a gotify catch-up cut
 * short), or the protocol cannot replay at all (`missingSince`).
 */
export interface ReplayGap {
  feedId: string
  /** What we asked to resume from. */
  requested: string
  /** Where the server says replay really started ('' = unknown / from now). */
  actual: string
  at: number
  /**
   * Set when the feed's protocol cannot replay at all (a plain WebSocket, Socket.IO): nothing was
   * asked or refused, but events sent while disconnected — from this time (ms since epoch) until
   * `at` — may be missing. `requested` and `actual` are then both ''. History keeps it (schema
   * step 3); a gap stored by an earlier release is recognisable by that pair alone.
   */
  missingSince?: number
}

/** Live health of one feed. */
export interface FeedStatus {
  feedId: string
  state: ConnectionState
  /** ms since epoch when `state` was entered. */
  since: number
  stopReason: StopReason | null
  lastEventAt: number | null
  lastError: FeedError | null
  /** ms since epoch of the next connection attempt while in backoff. */
  nextRetryAt: number | null
  /**
   * Set while the feed cannot connect yet because something it needs is not ready: 'keychain' = its
   * token or password waits for the OS keychain (locked, or still starting at login).
   */
  waitingFor?: 'keychain'
  /** Current silence limit in ms (adaptive or configured). */
  stallLimitMs: number
  counters: {
    events: number
    reconnects: number
    bytes: number
    dropped: number
  }
  lastGap: ReplayGap | null
}
