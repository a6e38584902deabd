/**
 * Test support: a whole Tidings core on a temporary data folder (settings file, SQLite history
 * with its writer thread, secrets file), as `tidings run` builds it, with a Notifier that records
 * toasts. For tests that take a feed through the full path: wire → supervisor → history → alerts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEnvironment, type Environment } from '../cli/environment.ts'
import type { Clock, ProxyResolver, Toast } from '../core/ports.ts'
import type { FeedStatus, StoredEvent } from '../core/types.ts'

export interface CoreEnv {
  env: Environment
  toasts: Toast[]
  dataDir: string
  /** The feed's live status as the window would see it. */
  status(feedId: string): Promise<FeedStatus>
  /** The feed's stored events, oldest first. */
  events(feedId: string): StoredEvent[]
  /** Closes the core (history flushed) and removes the data folder. */
  dispose(): Promise<void>
}

/**
 * Opens and starts a core on a new data folder (or `dataDir`, kept on dispose when given); `clock`
 * is the core's Clock port (a test may move "now"), `proxy` its ProxyResolver port (the OS's proxy).
 */
export async function openCore(dataDir?: string, options: { clock?: Clock; proxy?: ProxyResolver } = {}): Promise<CoreEnv> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'tidings-wire-'))
  const toasts: Toast[] = []
  const env = await openEnvironment({ dataDir: dir, notifier: { show: (t) => toasts.push(t) }, ...(options.clock ? { clock: options.clock } : {}), ...(options.proxy ? { proxy: options.proxy } : {}) })
  await env.service.start()
  let disposed = false
  return {
    env,
    toasts,
    dataDir: dir,
    status: async (feedId) => (await env.service.handlers['feeds:list']()).find((f) => f.id === feedId)!.status,
    events: (feedId) => env.history.query({ feedId, order: 'oldest', limit: 1000 }).events,
    async dispose() {
      if (disposed) return
      disposed = true
      await env.close()
      if (dataDir === undefined) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** What a test file of cores needs: its clean-up stack, and `core()` whose dispose goes on it. */
export interface CoreTestScope {
  /** Undone newest first by `cleanUp`; push peers and servers here as they start. */
  cleanups: (() => unknown)[]
  /** Opens a core on a new data folder, closed and removed by `cleanUp`. */
  core(): Promise<CoreEnv>
  /** For afterEach: runs the clean-ups newest first, awaiting each. */
  cleanUp(): Promise<void>
}

/** One scope per test file; pass `cleanUp` to afterEach. */
export function coreTestScope(): CoreTestScope {
  const cleanups: (() => unknown)[] = []
  return {
    cleanups,
    async core() {
      const c = await openCore()
      cleanups.push(() => c.dispose())
      return c
    },
    async cleanUp() {
      for (const c of cleanups.splice(0).reverse()) await c()
    },
  }
}
