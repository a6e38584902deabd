/** The main process speaks the user's language too: toasts and the tray in English or zh-CN. */
import { describe, expect, it } from 'vitest'
import { testAppSettings, testFeed, testStatus } from '../test-support/fixtures.ts'
import { createAlerts } from './alerts/index.ts'
import { resolveLocale, type Locale } from './locale.ts'
import type { Toast } from './ports.ts'
import { trayModel } from './tray/index.ts'
import type { StoredEvent } from './types.ts'

describe('which language', () => {
  it('follows the setting, else the system locale (any zh* is Simplified Chinese)', () => {
    expect(resolveLocale('system', 'zh-TW')).toBe('zh-CN')
    expect(resolveLocale('system', 'de-DE')).toBe('en')
    expect(resolveLocale('en', 'zh-CN')).toBe('en')
    expect(resolveLocale('zh-CN', 'en-US')).toBe('zh-CN')
  })
})

describe('toasts in the chosen language', () => {
  const event = (seq: number): StoredEvent => ({ feedId: 'f1', id: String(seq), newId: true, type: 'message', data: `e${seq}`, receivedAt: 0, seq, read: false })

  function run(locale: Locale) {
    const shown: Toast[] = []
    const pending: (() => void)[] = []
    let language = locale
    const alerts = createAlerts({
      notifier: { show: (t) => shown.push(t) },
      clock: { now: () => 0 },
      settings: () => testAppSettings({ coalesceMax: 1, coalesceWindowMs: 1000 }),
      timers: { set: (fn) => pending.push(fn), clear: () => {} },
      locale: () => language,
    })
    alerts.onStored(testFeed({ name: '告警' }), [event(1), event(2), event(3)])
    pending.splice(0).forEach((fn) => fn())
    alerts.onStatus(testFeed({ name: '告警' }), testStatus({ state: 'stopped', stopReason: 'auth' }))
    language = 'en' // a language change applies to the next toast
    return shown
  }

  it('speaks zh-CN', () => {
    const shown = run('zh-CN')
    expect(shown.find((t) => t.kind === 'summary')!.body).toBe('告警 有 2 条新事件')
    const stopped = shown.find((t) => t.kind === 'feed-stopped')!
    expect(stopped.title).toBe('告警 已停止')
    expect(stopped.body).toContain('服务器拒绝了登录')
  })

  it('and English', () => {
    const shown = run('en')
    expect(shown.find((t) => t.kind === 'summary')!.body).toBe('2 new events in 告警')
    expect(shown.find((t) => t.kind === 'feed-stopped')!.title).toBe('告警 stopped')
  })
})

describe('the tray in the chosen language', () => {
  it('tooltip, feed lines and menu labels', () => {
    const feeds = [testFeed({ id: 'a', name: 'Alerts' }), testFeed({ id: 'b', name: 'Builds', order: 1 })]
    const statuses = {
      a: testStatus({ feedId: 'a', state: 'open' }),
      b: testStatus({ feedId: 'b', state: 'backoff', nextRetryAt: 12_000, lastError: { kind: 'http', message: 'HTTP 500', status: 500, at: 0 } }),
    }
    const zh = trayModel({ feeds, statuses, unread: 3, doNotDisturb: true, now: 0, locale: 'zh-CN' })
    expect(zh.tooltip).toBe('Tidings — 1 个订阅源已连接，1 个正在重试 · 3 条未读 · 勿扰模式')
    expect(zh.feeds.map((f) => f.label)).toEqual(['Alerts — 已连接', 'Builds — 服务器出错（HTTP 500），12 秒后重试'])
    expect(zh.menu).toMatchObject({ open: '打开 Tidings', quit: '退出 Tidings' })
    const en = trayModel({ feeds, statuses, unread: 3, doNotDisturb: true, now: 0 })
    expect(en.tooltip).toBe('Tidings — 1 feed open, 1 retrying · 3 unread · Do Not Disturb')
    expect(en.feeds.map((f) => f.label)).toEqual(['Alerts — open', 'Builds — server error (HTTP 500), retrying in 12 s'])
    expect(en.menu.pauseAll).toBe('Pause all feeds')
  })
})

describe('the application menu in the chosen language', () => {
  it('has every item in both languages', async () => {
    const { appMenuWords } = await import('./menu-words.ts')
    const en = appMenuWords('en')
    const zh = appMenuWords('zh-CN')
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort())
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(zh[key], key).not.toBe(en[key])
  })
})
