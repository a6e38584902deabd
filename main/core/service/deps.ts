/** What the Tidings service is built from: the ports its host (the app, the CLI, tests) hands in. */
import type { History } from '../history/index.ts'
import type { HistoryWriter } from '../history/writer.ts'
import type { Badge, Clock, FetchLike, Notifier, ProxyResolver, SecretStore, SettingsStore } from '../ports.ts'

export interface TidingsDeps {
  settings: SettingsStore
  secrets: SecretStore
  history: History
  /**
   * Appends on a worker thread (history/writer.ts), keeping storage off the thread that serves the
   * window. Without it, appends run on `history` synchronously.
   */
  writer?: HistoryWriter
  notifier: Notifier
  badge: Badge
  clock?: Clock
  fetch?: FetchLike
  /**
   * The proxy of WebSocket, Socket.IO and gotify stream connections: the OS's in the app (as
   * `fetch` has for SSE); HTTP(S)_PROXY / NO_PROXY when absent (the CLI).
   */
  proxy?: ProxyResolver
  info: { version: string; platform: string; locale: string }
  /** Opens an http(s) URL in the user's browser (the app); absent in the CLI. */
  openUrl?: (url: string) => void
}

/** A feed's key in the SecretStore. */
export const secretKey = (feedId: string) => `feed:${feedId}`
