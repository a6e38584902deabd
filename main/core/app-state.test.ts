import { describe, expect, it } from 'vitest'
import type { FeedDto } from '../../preload/dto.ts'
import { testAppSettings, testFeed, testStatus } from '../test-support/fixtures.ts'
import { createAppState, trayChanges, type AppChange } from './app-state.ts'

const feedDto = (id: string, name: string, order: number): FeedDto => {
  const feed = testFeed({ id, name, order })
  return { ...feed, status: testStatus({ feedId: id, state: 'connecting' }), unread: 0, hasSecret: false }
}

function recorded(settings = testAppSettings()) {
  const state = createAppState({ settings, systemLocale: 'en-US' })
  const changes: AppChange[] = []
  state.subscribe((c) => changes.push(c))
  return { state, changes }
}

describe('the app state', () => {
  it('keeps feeds, statuses and the unread total, and says the tray changed only when it did', () => {
    const { state, changes } = recorded()
    state.setFeeds([feedDto('a', 'Alerts', 0), feedDto('b', 'Builds', 1)])
    state.setStatus(testStatus({ feedId: 'a', state: 'open' }))
    state.setUnread(3)
    state.setUnread(3)
    state.setStatus(testStatus({ feedId: 'gone', state: 'open' })) // not a feed (removed meanwhile)
    expect(changes).toEqual([
      { tray: true, locale: false, launchAtLogin: false },
      { tray: true, locale: false, launchAtLogin: false },
      { tray: true, locale: false, launchAtLogin: false },
    ])
    const tray = state.tray(0)
    expect(tray.unread).toBe(3)
    expect(tray.feeds.map((f) => [f.id, f.state])).toEqual([
      ['a', 'open'],
      ['b', 'connecting'],
    ])
  })

  it('reports a language change and a launch-at-login change apart, and nothing for other settings', () => {
    const { state, changes } = recorded(testAppSettings({ language: 'system', launchAtLogin: false }))
    expect(state.locale).toBe('en')
    state.setSettings(testAppSettings({ language: 'system', launchAtLogin: false, coalesceMax: 9 }))
    expect(changes).toEqual([])
    state.setSettings(testAppSettings({ language: 'zh-CN', launchAtLogin: false }))
    state.setSettings(testAppSettings({ language: 'zh-CN', launchAtLogin: true }))
    state.setSettings(testAppSettings({ language: 'zh-CN', launchAtLogin: true, doNotDisturb: true }))
    expect(changes).toEqual([
      { tray: true, locale: true, launchAtLogin: false },
      { tray: false, locale: false, launchAtLogin: true },
      { tray: true, locale: false, launchAtLogin: false },
    ])
    expect(state.locale).toBe('zh-CN')
    expect(state.doNotDisturb).toBe(true)
    expect(state.tray(0).menu.open).toBe('打开 Tidings')
  })

  it('takes the system language while the setting says "system"', () => {
    const state = createAppState({ settings: testAppSettings({ language: 'system' }), systemLocale: 'zh-TW' })
    expect(state.locale).toBe('zh-CN')
  })

  it('forgets the status of a removed feed', () => {
    const { state } = recorded()
    state.setFeeds([feedDto('a', 'Alerts', 0)])
    state.setStatus(testStatus({ feedId: 'a', state: 'stopped', stopReason: 'auth' }))
    state.setFeeds([])
    state.setFeeds([feedDto('a', 'Alerts', 0)])
    expect(state.tray(0).feeds[0]!.state).toBe('connecting')
  })
})

describe('tray changes', () => {
  it('draws everything the first time, then only what changed; a countdown never rebuilds the menu', () => {
    const { state } = recorded()
    state.setFeeds([feedDto('a', 'Alerts', 0)])
    state.setStatus(testStatus({ feedId: 'a', state: 'backoff', nextRetryAt: 20_000 }))
    const first = state.tray(0)
    const all = trayChanges(null, first)
    expect(all.menu).toBe(first)
    expect(all.icon).toBe(first.icon)
    expect(all.tooltip).toBe(first.tooltip)
    expect(all.unread).toBe(0)
    // Ten seconds later, the same retry: nothing to redo.
    const later = state.tray(10_000)
    expect(later.feeds[0]!.label).toBe(first.feeds[0]!.label)
    expect(trayChanges(first, later)).toEqual({ icon: null, tooltip: null, menu: null, unread: null })
    // An unread event: icon, tooltip and badge change; the menu items read the same.
    state.setUnread(1)
    const unread = state.tray(10_000)
    expect(trayChanges(later, unread)).toMatchObject({ icon: unread.icon, tooltip: unread.tooltip, menu: null, unread: 1 })
    // Do Not Disturb: the menu's checkbox changes, so the menu is rebuilt.
    state.setSettings(testAppSettings({ doNotDisturb: true }))
    expect(trayChanges(unread, state.tray(10_000)).menu).not.toBeNull()
  })
})
