/**
 * The shape of the Tidings service as its hosts see it (Electron's IPC routes, the CLI, tests).
 * `handlers` answers every invoke channel of the bridge contract; `events` pushes what changed.
 */
import type { Invokes, Pushes } from '../../preload/contract.ts'

/** One async function per invoke channel, with the contract's exact arguments and result. */
export type Handlers = { [C in keyof Invokes]: (...args: Parameters<Invokes[C]>) => ReturnType<Invokes[C]> }

/** Subscribe to a push channel; returns the unsubscribe function. */
export type On = <C extends keyof Pushes>(channel: C, listener: Pushes[C]) => () => void

export interface TidingsService {
  readonly handlers: Handlers
  readonly on: On
  /** Connect every unpaused feed. */
  start(): Promise<void>
  /** Every feed waiting in backoff reconnects now (OS resumed, network back). */
  wake(reason: 'resume' | 'unlock' | 'online'): void
  /** Pause or resume every feed (tray menu). */
  setAllPaused(paused: boolean): Promise<void>
  /**
   * Reads the feed list again from the settings store after another process changed it (the app,
   * `tidings feeds add` in another terminal): added feeds connect, removed ones disconnect, edited
   * ones reconnect when the connection changed. A list equal to the current one changes nothing.
   */
  reloadFeeds(): Promise<void>
  /** Close every connection; resolves when everything received is stored. */
  stop(): Promise<void>
}
