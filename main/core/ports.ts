/**
 * What the core needs from the outside world. Electron adapters (`main/electron/`) and the CLI
 * (`main/cli/`) implement these; tests implement them with a few lines that record calls.
 * Nothing here may import `electron`.
 */
import type { Feed, Priority } from './types.ts'

/** A toast the OS should show. */
export interface Toast {
  feedId: string
  /** The stored event behind it (for "click shows the window on that event"); null for summaries. */
  seq: number | null
  title: string
  body: string
  priority: Priority
  sound: boolean
  /** http(s) URL to open on click, only when the feed allows it. */
  clickUrl: string | null
  /** 'event' = one event, 'summary' = coalesced burst, 'feed-stopped' = a feed needs the user. */
  kind: 'event' | 'summary' | 'feed-stopped'
}

/** Shows native notifications (Electron `Notification`, or lines on stdout in the CLI). */
export interface Notifier {
  show(toast: Toast): void
}

/** Shows the unread count (tray icon, dock/taskbar badge); nothing in the CLI. */
export interface Badge {
  set(unread: number): void
}

/** Global settings outside feeds. */
export interface AppSettings {
  doNotDisturb: boolean
  quietHours: { enabled: boolean; start: string; end: string } // "HH:MM" local time
  /** Burst coalescing window in ms: more than `coalesceMax` toasts from one feed within it become one. */
  coalesceWindowMs: number
  coalesceMax: number
  launchAtLogin: boolean
  startHidden: boolean
  theme: 'system' | 'light' | 'dark'
  language: 'system' | 'en' | 'zh-CN'
}

/**
 * Durable settings: feed definitions and app settings (electron-store in the app, `conf` in the
 * CLI: one file format, one schema). Writes are synchronous and atomic.
 */
export interface SettingsStore {
  getFeeds(): Feed[]
  setFeeds(feeds: Feed[]): void
  getApp(): AppSettings
  setApp(settings: AppSettings): void
}

/**
 * Secrets (bearer tokens, basic passwords), encrypted or user-only at rest. Keyed by feed id.
 * Reading may wait: an OS keychain can be locked, or slow to start at login.
 */
export interface SecretStore {
  /** Whether a value is stored under `key`, without decrypting it. */
  has(key: string): boolean
  /**
   * The value; null when none is stored. Waits while the keychain cannot be read yet, and rejects
   * (`SecretUnreadableError`) when a stored value can never be read: never null for a stored secret.
   */
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** Time, injectable so tests can place "now" inside quiet hours. */
export interface Clock {
  now(): number
}

/** The slice of WHATWG fetch the stream needs; the default has no body timeout (stalls are ours). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>

export interface FetchInit {
  method?: 'GET'
  headers: Record<string, string>
  signal: AbortSignal
  redirect?: 'follow' | 'manual' | 'error'
  cache?: 'no-store'
  mode?: 'cors' | 'no-cors' | 'same-origin'
  /** Extra CA certificates (PEM) to trust for this request only (`Feed.caCertificate`). */
  ca?: string
}

export interface FetchResponse {
  readonly status: number
  readonly url: string
  readonly redirected: boolean
  readonly headers: { get(name: string): string | null }
  readonly body: ReadableStream<Uint8Array> | null
}

/**
 * Which proxy the OS uses for `target` (an http:, https:, ws: or wss: URL): an http(s) proxy URL,
 * or null to connect directly. Asked at each connection of a WebSocket or Socket.IO feed (SSE goes
 * through `FetchLike`, which knows its proxy itself). The app answers from the system settings and
 * PAC (Electron `session.resolveProxy`); the CLI and tests read HTTP(S)_PROXY / NO_PROXY.
 */
export type ProxyResolver = (target: URL) => Promise<URL | null>

/**
 * Signals that connectivity may be back: the OS resumed from sleep, the screen was unlocked, the
 * network came online. Every feed waiting in backoff reconnects at once.
 */
export interface WakeSignal {
  onWake(listener: (reason: 'resume' | 'unlock' | 'online') => void): () => void
}

export const systemClock: Clock = { now: () => Date.now() }
