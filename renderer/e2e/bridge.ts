/**
 * `window.tidings` for a page in plain Chromium, wired to a REAL core in the test process: every
 * invoke goes through Playwright's exposeBinding, is validated by the same channel validators as
 * Electron's IPC routes, and is answered by the service's handlers; pushes are shaped as
 * the app does it (main/ipc/window-pushes.ts) and delivered with page.evaluate. The method → channel tables below
 * are the one place that maps TidingsApi to the contract for tests; their types check that every
 * method exists and carries its channel's signature. The desktop shell's methods (save dialog, log
 * folder, keychain) are answered by a test shell (test-shell.ts) unless the test asks for a bridge
 * without them.
 */
import type { Page } from 'playwright-core'
import type { Invokes, Pushes, ShellInvokes, TidingsApi } from '../../preload/contract.ts'
import type { TidingsService } from '../../main/core/service-api.ts'
import { channelValidators, shellValidators } from '../../main/ipc/channel-validators.ts'
import { forwardPushes } from '../../main/ipc/window-pushes.ts'
import { createTestShell, shellChannels, type TestShell } from './test-shell.ts'

type PushMethod = Extract<keyof TidingsApi, `on${string}`>
type InvokeMethod = Exclude<keyof TidingsApi, PushMethod>

/** The invoke channels whose function type is exactly the method's. */
type ChannelFor<M extends InvokeMethod> = {
  [C in keyof Invokes]: [Invokes[C]] extends [TidingsApi[M]] ? ([TidingsApi[M]] extends [Invokes[C]] ? C : never) : never
}[keyof Invokes]

/** The push channels whose listener type is exactly the method's argument. */
type PushFor<M extends PushMethod> = {
  [C in keyof Pushes]: [Pushes[C]] extends [Parameters<TidingsApi[M]>[0]] ? C : never
}[keyof Pushes]

/** TidingsApi method → invoke channel (as preload/index.ts binds them). */
export const invokeChannels = {
  listFeeds: 'feeds:list',
  addFeed: 'feeds:add',
  updateFeed: 'feeds:update',
  removeFeed: 'feeds:remove',
  pauseFeed: 'feeds:pause',
  resumeFeed: 'feeds:resume',
  reorderFeeds: 'feeds:reorder',
  testFeed: 'feeds:test',
  exportFeeds: 'feeds:export',
  importFeeds: 'feeds:import',
  importNtfy: 'feeds:import-ntfy',
  queryHistory: 'history:query',
  getEvent: 'history:get',
  eventTypes: 'history:types',
  markRead: 'history:mark-read',
  clearHistory: 'history:clear',
  gaps: 'history:gaps',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  unread: 'app:unread',
  info: 'app:info',
  openUrl: 'app:open-url',
} as const satisfies { [M in InvokeMethod]: ChannelFor<M> }

/** TidingsApi listener method → push channel. */
export const pushChannels = {
  onNewEvents: 'events:new',
  onFeedStatus: 'feeds:status',
  onFeedsChanged: 'feeds:changed',
  onUnreadChanged: 'unread:changed',
  onSettingsChanged: 'settings:changed',
  onShowEvent: 'app:show-event',
  onCommand: 'app:command',
} as const satisfies { [M in PushMethod]: PushFor<M> }

interface BridgeTables {
  invokes: Record<string, string>
  pushes: Record<string, string>
  /** The shell's methods; empty for a bridge without a shell. */
  shell: Record<string, string>
}

/**
 * Runs in the page before any of its scripts: defines a frozen `window.tidings` whose invoke
 * methods call the exposed binding and whose listener methods register with `__tidingsPush`.
 */
function defineTidings(tables: BridgeTables): void {
  type Listener = (...args: unknown[]) => void
  const w = window as unknown as {
    __tidingsInvoke: (channel: string, args: unknown[]) => Promise<unknown>
    __tidingsPush: (channel: string, args: unknown[]) => void
  }
  const listeners = new Map<string, Set<Listener>>()
  const api: Record<string, unknown> = {}
  for (const [method, channel] of Object.entries({ ...tables.invokes, ...tables.shell })) {
    api[method] = (...args: unknown[]) => w.__tidingsInvoke(channel, args)
  }
  for (const [method, channel] of Object.entries(tables.pushes)) {
    const set = new Set<Listener>()
    listeners.set(channel, set)
    api[method] = (listener: Listener) => {
      set.add(listener)
      return () => void set.delete(listener)
    }
  }
  Object.defineProperty(w, '__tidingsPush', {
    value: (channel: string, args: unknown[]) => {
      for (const listener of listeners.get(channel) ?? []) listener(...args)
    },
  })
  Object.defineProperty(window, 'tidings', { value: Object.freeze(api) })
}

/** A page's bridge; `detach` stops pushes (call before closing the core). */
export interface Bridge {
  /** Sends a push to the page as main would (used for app:command and app:show-event). */
  push<C extends keyof Pushes>(channel: C, ...args: Parameters<Pushes[C]>): void
  /** The desktop shell the page sees (null: the bridge has none). */
  shell: TestShell | null
  /** Re-points the bridge at another service (after a core restart). */
  attach(service: TidingsService): void
  detach(): void
}

/**
 * Installs the bridge on `page` (before navigation). Invokes are validated exactly like the IPC
 * routes validate them; pushes go through the app's own `forwardPushes`.
 */
export async function installBridge(page: Page, initial: TidingsService, options: { shell?: boolean } = {}): Promise<Bridge> {
  let service: TidingsService | null = null
  const shell = options.shell === false ? null : createTestShell()
  let stopPushes: () => void = () => {}

  const deliver = (channel: string, args: unknown[]): void => {
    if (page.isClosed()) return
    page
      .evaluate(([c, a]) => (window as unknown as { __tidingsPush?: (c: string, a: unknown[]) => void }).__tidingsPush?.(c, a), [channel, args] as const)
      .catch(() => undefined)
  }

  await page.exposeBinding('__tidingsInvoke', async (_source, channel: string, args: unknown[]) => {
    if (service === null) throw new Error('the core is not running')
    if (shell !== null && Object.hasOwn(shellValidators, channel)) {
      const key = channel as keyof ShellInvokes
      const validated = shellValidators[key](args) as unknown[]
      const handler = shell.handlers(service)[key] as (...a: unknown[]) => Promise<unknown>
      return handler(...validated)
    }
    if (!Object.hasOwn(channelValidators, channel)) throw new Error(`unknown channel ${channel}`)
    const key = channel as keyof Invokes
    const validated = channelValidators[key](args) as unknown[]
    const handler = service.handlers[key] as (...a: unknown[]) => Promise<unknown>
    return handler(...validated)
  })
  await page.addInitScript(defineTidings, { invokes: invokeChannels, pushes: pushChannels, shell: shell === null ? {} : shellChannels } satisfies BridgeTables)

  const bridge: Bridge = {
    shell,
    push(channel, ...args) {
      deliver(channel, args)
    },
    attach(next) {
      bridge.detach()
      service = next
      stopPushes = forwardPushes(next, (channel, ...args) => deliver(channel, args))
    },
    detach() {
      stopPushes()
      stopPushes = () => {}
      service = null
    },
  }
  bridge.attach(initial)
  return bridge
}
