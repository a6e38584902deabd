import { describe, expect, it } from 'vitest'
import { testFeed, testStatus, type FeedOverrides } from '../../test-support/fixtures.ts'
import type { Feed, FeedStatus } from '../types.ts'
import { badgeText } from './badge.ts'
import { TRAY_ICONS } from './icons.ts'
import { trayModel, type Health, type TrayInput } from './model.ts'

const NOW = Date.parse('2024-03-05T12:00:00.000Z')

/** A feed named after its id. */
function makeFeed(id: string, over: FeedOverrides = {}): Feed {
  return testFeed({ id, name: id[0]!.toUpperCase() + id.slice(1), url: `https://example.test/${id}`, ...over })
}

/** Feed `feedId`'s status, in `state` for the last minute. */
function makeStatus(feedId: string, state: FeedStatus['state'], over: Partial<FeedStatus> = {}): FeedStatus {
  return testStatus({ feedId, state, since: NOW - 60_000, ...over })
}

const networkError = { kind: 'network' as const, message: 'ECONNREFUSED', at: NOW - 1_000 }

/** Feeds named after their ids, with the given statuses. */
function model(statuses: Record<string, FeedStatus | null>, over: Partial<TrayInput> = {}) {
  const feeds = Object.keys(statuses).map((id, order) => makeFeed(id, { order }))
  const map: Record<string, FeedStatus> = {}
  for (const [id, status] of Object.entries(statuses)) if (status) map[id] = status
  return trayModel({ feeds, statuses: map, unread: 0, doNotDisturb: false, now: NOW, ...over })
}

describe('health', () => {
  it('idle with no feeds, or when every feed is paused', () => {
    expect(model({}).health).toBe('idle')
    const feeds = [makeFeed('a', { paused: true }), makeFeed('b', { paused: true })]
    const m = trayModel({ feeds, statuses: { a: makeStatus('a', 'paused') }, unread: 0, doNotDisturb: false, now: NOW })
    expect(m.health).toBe('idle')
    expect(m.allPaused).toBe(true)
    expect(model({}).allPaused).toBe(false)
  })

  it('ok when every active feed is open; paused feeds do not count', () => {
    const feeds = [makeFeed('a'), makeFeed('b', { paused: true })]
    const m = trayModel({ feeds, statuses: { a: makeStatus('a', 'open') }, unread: 0, doNotDisturb: false, now: NOW })
    expect(m.health).toBe('ok')
    expect(m.allPaused).toBe(false)
  })

  it('retrying when some feed connects or backs off (a feed without a status yet is connecting)', () => {
    expect(model({ a: makeStatus('a', 'open'), b: makeStatus('b', 'backoff') }).health).toBe('retrying')
    expect(model({ a: makeStatus('a', 'open'), b: null }).health).toBe('retrying')
  })

  it('offline when every active feed fails with network errors', () => {
    const failing = { lastError: networkError }
    expect(model({ a: makeStatus('a', 'backoff', failing), b: makeStatus('b', 'connecting', failing) }).health).toBe('offline')
    // One feed still open: the network is fine, the other server is the problem.
    expect(model({ a: makeStatus('a', 'backoff', failing), b: makeStatus('b', 'open') }).health).toBe('retrying')
    // Backing off for another reason (HTTP 502) is not "offline".
    const http = { lastError: { kind: 'http' as const, message: '502', status: 502, at: NOW } }
    expect(model({ a: makeStatus('a', 'backoff', failing), b: makeStatus('b', 'backoff', http) }).health).toBe('retrying')
  })

  it('stopped when some feed needs the user', () => {
    expect(model({ a: makeStatus('a', 'open'), b: makeStatus('b', 'stopped', { stopReason: 'auth' }) }).health).toBe('stopped')
  })

  it('worst wins: stopped > offline > retrying > ok', () => {
    const failing = { lastError: networkError }
    const stopped = makeStatus('s', 'stopped', { stopReason: 'not-found' })
    expect(model({ s: stopped, a: makeStatus('a', 'backoff', failing) }).health).toBe('stopped')
    expect(model({ s: stopped, a: makeStatus('a', 'backoff'), b: makeStatus('b', 'open') }).health).toBe('stopped')
    expect(model({ a: makeStatus('a', 'backoff', failing), b: makeStatus('b', 'backoff', failing) }).health).toBe('offline')
    expect(model({ a: makeStatus('a', 'backoff'), b: makeStatus('b', 'open') }).health).toBe('retrying')
    expect(model({ a: makeStatus('a', 'open'), b: makeStatus('b', 'open') }).health).toBe('ok')
  })
})

describe('badge and icon', () => {
  it('badge text: empty at 0, the count up to 99, then 99+', () => {
    expect(badgeText(0)).toBe('')
    expect(badgeText(1)).toBe('1')
    expect(badgeText(99)).toBe('99')
    expect(badgeText(100)).toBe('99+')
    expect(badgeText(10_000)).toBe('99+')
    expect(badgeText(-3)).toBe('')
    expect(badgeText(Number.NaN)).toBe('')
  })

  it('icon is tray-<health>, with -dot when there is unread', () => {
    const open = { a: makeStatus('a', 'open') }
    expect(model(open).icon).toBe('tray-ok')
    expect(model(open, { unread: 3 })).toMatchObject({ icon: 'tray-ok-dot', badgeText: '3', unread: 3 })
    expect(model({ a: makeStatus('a', 'stopped', { stopReason: 'auth' }) }, { unread: 150 })).toMatchObject({
      icon: 'tray-stopped-dot',
      badgeText: '99+',
    })
    expect(model({}).icon).toBe('tray-idle')
  })

  it('TRAY_ICONS names every variant once', () => {
    expect([...TRAY_ICONS].sort()).toEqual(
      ['idle', 'ok', 'retrying', 'waiting', 'stopped', 'offline'].flatMap((h) => [`tray-${h}`, `tray-${h}-dot`]).sort(),
    )
  })
})

describe('a feed waiting for the keychain', () => {
  // It waits on the user to unlock the keychain: nothing failed, nothing is retried. Summed up as
  // waiting, with its own icon — never as "retrying" (amber) nor as an error (red).
  const keychain = (id: string) => makeStatus(id, 'connecting', { waitingFor: 'keychain' })
  const failing = { lastError: networkError }
  it.each<{ case: string; statuses: Record<string, FeedStatus>; health: Health; en: string; zh: string }>([
    {
      case: 'beside an open feed',
      statuses: { a: makeStatus('a', 'open'), k: keychain('k') },
      health: 'waiting',
      en: 'Tidings — 1 feed open, 1 waiting for the keychain',
      zh: 'Tidings — 1 个订阅源已连接，1 个等待钥匙串解锁',
    },
    {
      case: 'alone',
      statuses: { k: keychain('k') },
      health: 'waiting',
      en: 'Tidings — 0 feeds open, 1 waiting for the keychain',
      zh: 'Tidings — 0 个订阅源已连接，1 个等待钥匙串解锁',
    },
    {
      case: 'beside a feed that really retries: each counted as what it is',
      statuses: { a: makeStatus('a', 'open'), k: keychain('k'), b: makeStatus('b', 'backoff') },
      health: 'waiting',
      en: 'Tidings — 1 feed open, 1 waiting for the keychain, 1 retrying',
      zh: 'Tidings — 1 个订阅源已连接，1 个等待钥匙串解锁，1 个正在重试',
    },
    {
      case: 'while the others fail on the network: offline is still said',
      statuses: { k: keychain('k'), b: makeStatus('b', 'backoff', failing), c: makeStatus('c', 'connecting', failing) },
      health: 'waiting',
      en: 'Tidings — offline, 1 waiting for the keychain, 2 retrying',
      zh: 'Tidings — 离线，1 个等待钥匙串解锁，2 个正在重试',
    },
    {
      case: 'beside a stopped feed: the error wins the icon',
      statuses: { k: keychain('k'), s: makeStatus('s', 'stopped', { stopReason: 'auth' }) },
      health: 'stopped',
      en: 'Tidings — 0 feeds open, 1 waiting for the keychain, 1 stopped',
      zh: 'Tidings — 0 个订阅源已连接，1 个等待钥匙串解锁，1 个已停止',
    },
    {
      case: 'two of them',
      statuses: { a: makeStatus('a', 'open'), k: keychain('k'), l: keychain('l') },
      health: 'waiting',
      en: 'Tidings — 1 feed open, 2 waiting for the keychain',
      zh: 'Tidings — 1 个订阅源已连接，2 个等待钥匙串解锁',
    },
  ])('$case', ({ statuses, health, en, zh }) => {
    const m = model(statuses)
    expect(m.health).toBe(health)
    expect(m.icon).toBe(`tray-${health}`)
    expect(m.tooltip).toBe(en)
    expect(model(statuses, { locale: 'zh-CN' }).tooltip).toBe(zh)
    expect(model(statuses, { unread: 4 }).icon).toBe(`tray-${health}-dot`)
    expect(m.feeds.find((f) => f.id === 'k')!.label).toBe('K — waiting for the keychain to unlock')
  })

  it('a paused feed is paused, whatever it was waiting for; once the keychain opens it is an open feed like any other', () => {
    const feeds = [makeFeed('a'), makeFeed('k', { order: 1, paused: true })]
    const paused = trayModel({ feeds, statuses: { a: makeStatus('a', 'open'), k: keychain('k') }, unread: 0, doNotDisturb: false, now: NOW })
    expect(paused).toMatchObject({ health: 'ok', tooltip: 'Tidings — 1 feed open, 1 paused' })
    expect(model({ a: makeStatus('a', 'open'), k: makeStatus('k', 'open') })).toMatchObject({ health: 'ok', tooltip: 'Tidings — 2 feeds open' })
  })
})

describe('tooltip', () => {
  it('counts open and retrying feeds, unread and Do Not Disturb', () => {
    const m = model(
      { a: makeStatus('a', 'open'), b: makeStatus('b', 'open'), c: makeStatus('c', 'open'), d: makeStatus('d', 'backoff') },
      { unread: 12 },
    )
    expect(m.tooltip).toBe('Tidings — 3 feeds open, 1 retrying · 12 unread')
    const dnd = model({ a: makeStatus('a', 'open') }, { doNotDisturb: true, unread: 10_000 })
    expect(dnd.tooltip).toBe('Tidings — 1 feed open · 10,000 unread · Do Not Disturb')
    expect(dnd.doNotDisturb).toBe(true)
  })

  it('says so when there are no feeds, all are paused, or the machine is offline', () => {
    expect(model({}).tooltip).toBe('Tidings — no feeds')
    const paused = trayModel({ feeds: [makeFeed('a', { paused: true })], statuses: {}, unread: 0, doNotDisturb: false, now: NOW })
    expect(paused.tooltip).toBe('Tidings — all feeds paused')
    const failing = { lastError: networkError }
    expect(model({ a: makeStatus('a', 'backoff', failing), b: makeStatus('b', 'backoff', failing) }).tooltip).toBe(
      'Tidings — offline, 2 retrying',
    )
    const mixed = trayModel({
      feeds: [makeFeed('a'), makeFeed('b', { paused: true }), makeFeed('c')],
      statuses: { a: makeStatus('a', 'open'), c: makeStatus('c', 'stopped', { stopReason: 'auth' }) },
      unread: 0,
      doNotDisturb: false,
      now: NOW,
    })
    expect(mixed.tooltip).toBe('Tidings — 1 feed open, 1 stopped, 1 paused')
  })
})

describe('per-feed menu lines', () => {
  it('one line per feed in sidebar order, saying its state', () => {
    const feeds = [
      makeFeed('chat', { name: 'Chat', order: 2 }),
      makeFeed('alerts', { name: 'Alerts', order: 0 }),
      makeFeed('builds', { name: 'Builds', order: 1 }),
      makeFeed('news', { name: 'News', order: 3, paused: true }),
      makeFeed('wiki', { name: 'Wiki', order: 4 }),
      makeFeed('home', { name: 'Home', order: 5 }),
      makeFeed('misc', { name: 'Misc', order: 6 }),
      makeFeed('busy', { name: 'Busy', order: 7 }),
    ]
    const m = trayModel({
      feeds,
      statuses: {
        alerts: makeStatus('alerts', 'open'),
        builds: makeStatus('builds', 'backoff', { nextRetryAt: NOW + 11_200 }),
        chat: makeStatus('chat', 'stopped', { stopReason: 'auth' }),
        wiki: makeStatus('wiki', 'backoff', { nextRetryAt: NOW + 125_000, lastError: networkError }),
        home: makeStatus('home', 'backoff', { nextRetryAt: NOW - 5 }),
        misc: makeStatus('misc', 'stopped'),
        busy: makeStatus('busy', 'backoff', { nextRetryAt: NOW + 30_000, lastError: { kind: 'rate-limited', status: 503, message: 'HTTP 503 Service Unavailable: retrying in 30 s', at: NOW } }),
      },
      unread: 0,
      doNotDisturb: false,
      now: NOW,
    })
    expect(m.feeds).toEqual([
      { id: 'alerts', label: 'Alerts — open', state: 'open' },
      { id: 'builds', label: 'Builds — retrying in 12 s', state: 'backoff' },
      { id: 'chat', label: 'Chat — stopped: sign-in rejected', state: 'stopped' },
      { id: 'news', label: 'News — paused', state: 'paused' },
      { id: 'wiki', label: 'Wiki — offline, retrying in 3 min', state: 'backoff' },
      { id: 'home', label: 'Home — retrying…', state: 'backoff' },
      { id: 'misc', label: 'Misc — stopped', state: 'stopped' },
      { id: 'busy', label: 'Busy — server busy (HTTP 503), retrying in 30 s', state: 'backoff' },
    ])
  })

  it('speaks Chinese from the same data: causes, countdowns and full-width punctuation', () => {
    const m = trayModel({
      feeds: [makeFeed('a', { name: 'A' }), makeFeed('b', { name: 'B', order: 1 }), makeFeed('c', { name: 'C', order: 2 })],
      statuses: {
        a: makeStatus('a', 'backoff', { nextRetryAt: NOW + 30_000, lastError: { kind: 'rate-limited', status: 503, message: 'HTTP 503 Service Unavailable', at: NOW } }),
        b: makeStatus('b', 'stopped', { stopReason: 'auth' }),
        c: makeStatus('c', 'backoff', { nextRetryAt: NOW + 125_000, lastError: networkError }),
      },
      unread: 0,
      doNotDisturb: false,
      now: NOW,
      locale: 'zh-CN',
    })
    expect(m.feeds.map((f) => f.label)).toEqual(['A — 服务器繁忙（HTTP 503），30 秒后重试', 'B — 已停止：登录被拒绝', 'C — 离线，3 分钟后重试'])
    expect(m.feeds.map((f) => f.label).join('').replaceAll('HTTP', '')).not.toMatch(/[A-Za-z]{4,}|: /)
  })

  it('other stop reasons, connecting, and long or odd names', () => {
    const long = 'A very long feed name that goes on and on and on and on'
    const m = trayModel({
      feeds: [makeFeed('a', { name: long }), makeFeed('b', { name: 'Line\nbreak\u0007', order: 1 }), makeFeed('c', { order: 2 })],
      statuses: { a: makeStatus('a', 'stopped', { stopReason: 'content-type' }), b: makeStatus('b', 'connecting') },
      unread: 0,
      doNotDisturb: false,
      now: NOW,
    })
    expect(m.feeds.map((f) => f.label)).toEqual([
      'A very long feed name that goes on and on and o… — stopped: not an event stream',
      'Line break — connecting…',
      'C — connecting…',
    ])
  })

  it('a feed waiting for the keychain, a secret to enter again, a server pause until a time, proxy and no-answer causes (en and zh-CN)', () => {
    const until = NOW + 65 * 60_000
    const feeds = ['a', 'b', 'c', 'd', 'e'].map((id, order) => makeFeed(id, { order }))
    const statuses: Record<string, FeedStatus> = {
      a: makeStatus('a', 'connecting', { waitingFor: 'keychain' }),
      b: makeStatus('b', 'stopped', { stopReason: 'auth', lastError: { kind: 'auth', code: 'secret-unreadable', message: 'bad decrypt', at: NOW } }),
      c: makeStatus('c', 'backoff', { nextRetryAt: until, lastError: { kind: 'ended', code: 'SERVER_PAUSE', message: 'The server paused the feed.', at: NOW } }),
      d: makeStatus('d', 'backoff', { nextRetryAt: NOW + 12_000, lastError: { kind: 'network', code: 'PROXY_AUTH_REQUIRED', message: 'Proxy response (407)', at: NOW } }),
      e: makeStatus('e', 'backoff', { nextRetryAt: NOW + 12_000, lastError: { kind: 'stalled', code: 'NO_RESPONSE', message: 'No response within 30 s', at: NOW } }),
    }
    const input = { feeds, statuses, unread: 0, doNotDisturb: false, now: NOW }
    const en = trayModel(input).feeds.map((f) => f.label)
    const enTime = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(until)
    expect(en).toEqual([
      'A — waiting for the keychain to unlock',
      'B — stopped: enter the token or password again',
      `C — paused by the server until ${enTime}`,
      'D — proxy sign-in needed, retrying in 12 s',
      'E — server not answering, retrying in 12 s',
    ])
    const zh = trayModel({ ...input, locale: 'zh-CN' }).feeds.map((f) => f.label)
    const zhTime = new Intl.DateTimeFormat('zh-CN', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).format(until)
    expect(zhTime).toMatch(/^\d{2}:\d{2}$/)
    expect(zh).toEqual(['A — 等待钥匙串解锁', 'B — 已停止：请重新输入令牌或密码', `C — 服务器暂停至 ${zhTime}`, 'D — 代理需要登录，12 秒后重试', 'E — 服务器无应答，12 秒后重试'])
    // The pause line is a time, not a countdown: a second later it reads the same (no menu rebuild).
    expect(trayModel({ ...input, now: NOW + 1_000 }).feeds[2]!.label).toBe(en[2])
  })
})
