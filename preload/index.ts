/**
 * The bridge: builds `window.tidings` (preload/contract.ts) and is the only file that touches
 * ipcRenderer. Each method is bound to one channel by `invoke`/`listen`, so the renderer can call
 * exactly the contract's channels with the contract's arguments and nothing else; raw ipcRenderer
 * never crosses into the page. Built as CommonJS (out/preload/index.cjs): sandboxed preloads cannot
 * be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import type { Invokes, Pushes, ShellInvokes, TidingsApi, TidingsShellApi } from './contract.ts'

/** A function that sends its arguments on `channel` and resolves with main's answer. */
const invoke = <C extends keyof Invokes>(channel: C) =>
  ((...args: unknown[]) => ipcRenderer.invoke(channel, ...args)) as Invokes[C]

/** The same for a channel the desktop shell answers. */
const invokeShell = <C extends keyof ShellInvokes>(channel: C) =>
  ((...args: unknown[]) => ipcRenderer.invoke(channel, ...args)) as ShellInvokes[C]

/** Subscribes a listener to a push channel; the returned function unsubscribes it. */
const listen =
  <C extends keyof Pushes>(channel: C) =>
  (listener: Pushes[C]): (() => void) => {
    // The event object stays here: it carries `sender` (the ipcRenderer) which must not leak.
    const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => (listener as (...a: unknown[]) => void)(...args)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.off(channel, wrapped)
    }
  }

const api: TidingsApi & TidingsShellApi = {
  listFeeds: invoke('feeds:list'),
  addFeed: invoke('feeds:add'),
  updateFeed: invoke('feeds:update'),
  removeFeed: invoke('feeds:remove'),
  pauseFeed: invoke('feeds:pause'),
  resumeFeed: invoke('feeds:resume'),
  reorderFeeds: invoke('feeds:reorder'),
  testFeed: invoke('feeds:test'),
  exportFeeds: invoke('feeds:export'),
  importFeeds: invoke('feeds:import'),
  importNtfy: invoke('feeds:import-ntfy'),
  queryHistory: invoke('history:query'),
  getEvent: invoke('history:get'),
  eventTypes: invoke('history:types'),
  markRead: invoke('history:mark-read'),
  clearHistory: invoke('history:clear'),
  gaps: invoke('history:gaps'),
  getSettings: invoke('settings:get'),
  setSettings: invoke('settings:set'),
  unread: invoke('app:unread'),
  info: invoke('app:info'),
  openUrl: invoke('app:open-url'),
  onNewEvents: listen('events:new'),
  onFeedStatus: listen('feeds:status'),
  onFeedsChanged: listen('feeds:changed'),
  onUnreadChanged: listen('unread:changed'),
  onSettingsChanged: listen('settings:changed'),
  onShowEvent: listen('app:show-event'),
  onCommand: listen('app:command'),
  exportFeedsToFile: invokeShell('feeds:export-file'),
  openLogFolder: invokeShell('app:open-log-folder'),
  keychain: invokeShell('app:keychain'),
}

contextBridge.exposeInMainWorld('tidings', api)
