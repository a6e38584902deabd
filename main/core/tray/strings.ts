/**
 * Every word the tray shows (tooltip, menu), in English and Simplified Chinese. The window has its
 * own catalogues; the tray is drawn by the main process.
 */
import type { Locale } from '../locale.ts'
import type { FeedError, StopReason } from '../types.ts'

export const APP_NAME = 'Tidings'

/** The stream's and the keychain's codes the tray words (values of `FeedError.code`). */
const PROXY_AUTH_REQUIRED = 'PROXY_AUTH_REQUIRED'
const PROXY_REFUSED = 'PROXY_REFUSED'
const NO_RESPONSE = 'NO_RESPONSE'

/** "14:05" (zh-CN) or "2:05 PM" (en): a time of day today, in the local time zone. */
export function clockTime(ms: number, locale: Locale = 'en'): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en', { hour: 'numeric', minute: '2-digit', ...(locale === 'zh-CN' ? { hourCycle: 'h23' as const } : {}) }).format(ms)
}

/** A short time span for "retrying in …": seconds under a minute, then minutes, then hours. */
export function duration(ms: number, locale: Locale = 'en'): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  const units = locale === 'zh-CN' ? { s: ' 秒', min: ' 分钟', h: ' 小时' } : { s: ' s', min: ' min', h: ' h' }
  if (seconds < 60) return `${seconds}${units.s}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return `${minutes}${units.min}`
  return `${Math.ceil(minutes / 60)}${units.h}`
}

export interface TrayWords {
  tooltip: {
    noFeeds: string
    allPaused: string
    offline: string
    open(n: number): string
    retrying(n: number): string
    /** Feeds whose token or password waits for the OS keychain to unlock. */
    waitingForKeychain(n: number): string
    stopped(n: number): string
    paused(n: number): string
    unread(n: number): string
    doNotDisturb: string
  }
  /** The state half of a menu line ("open", "retrying in 12 s", "stopped: sign-in rejected"). */
  state: {
    open: string
    paused: string
    connecting: string
    retrying: string
    retryingIn(ms: number): string
    offlineRetryingIn(ms: number): string
    /** "server busy (HTTP 503), retrying in 12 s": a server-side cause worth naming. */
    causeRetryingIn(cause: string, ms: number): string
    stopped: string
    stoppedBecause(reason: StopReason): string
    /** The feed's token or password waits for the OS keychain to unlock. */
    waitingForKeychain: string
    /** The stored token or password cannot be read with this keychain: it must be entered again. */
    secretUnreadable: string
    /** The server paused the feed (SSE `event: pause`) until a time of day. */
    pausedByServerUntil(time: string): string
  }
  /**
   * A few words for a server-side failure while retrying, from the error's data (kind, status,
   * code); '' when the plain "retrying" says enough (network trouble reads as "offline", except a
   * proxy that refused or wants a sign-in: that is not the machine being offline).
   */
  cause(error: FeedError): string
  /** The fixed menu items. */
  menu: { open: string; doNotDisturb: string; pauseAll: string; resumeAll: string; quit: string }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const en: TrayWords = {
  tooltip: {
    noFeeds: 'no feeds',
    allPaused: 'all feeds paused',
    offline: 'offline',
    open: (n) => `${plural(n, 'feed', 'feeds')} open`,
    retrying: (n) => `${n} retrying`,
    waitingForKeychain: (n) => `${n} waiting for the keychain`,
    stopped: (n) => `${n} stopped`,
    paused: (n) => `${n} paused`,
    unread: (n) => `${n.toLocaleString('en-US')} unread`,
    doNotDisturb: 'Do Not Disturb',
  },
  state: {
    open: 'open',
    paused: 'paused',
    connecting: 'connecting…',
    retrying: 'retrying…',
    retryingIn: (ms) => `retrying in ${duration(ms)}`,
    offlineRetryingIn: (ms) => `offline, retrying in ${duration(ms)}`,
    causeRetryingIn: (cause, ms) => `${cause}, retrying in ${duration(ms)}`,
    stopped: 'stopped',
    stoppedBecause: (reason) =>
      `stopped: ${{ auth: 'sign-in rejected', 'not-found': 'not found', 'no-content': 'server asked to stop', 'content-type': 'not an event stream', invalid: 'invalid settings' }[reason]}`,
    waitingForKeychain: 'waiting for the keychain to unlock',
    secretUnreadable: 'stopped: enter the token or password again',
    pausedByServerUntil: (time) => `paused by the server until ${time}`,
  },
  cause: (error) => {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`
    switch (error.kind) {
      case 'rate-limited':
        return `server busy${status}`
      case 'http':
        return `server error${status}`
      case 'tls':
        return 'certificate not accepted'
      case 'network':
        if (error.code === PROXY_AUTH_REQUIRED) return 'proxy sign-in needed'
        if (error.code === PROXY_REFUSED) return 'proxy refused'
        return ''
      case 'stalled':
        return error.code === NO_RESPONSE ? 'server not answering' : 'connection went silent'
      case 'storage':
        return 'could not store events'
      default:
        return ''
    }
  },
  menu: { open: 'Open Tidings', doNotDisturb: 'Do Not Disturb', pauseAll: 'Pause all feeds', resumeAll: 'Resume all feeds', quit: 'Quit Tidings' },
}

const zhCN: TrayWords = {
  tooltip: {
    noFeeds: '没有订阅源',
    allPaused: '所有订阅源已暂停',
    offline: '离线',
    open: (n) => `${n} 个订阅源已连接`,
    retrying: (n) => `${n} 个正在重试`,
    waitingForKeychain: (n) => `${n} 个等待钥匙串解锁`,
    stopped: (n) => `${n} 个已停止`,
    paused: (n) => `${n} 个已暂停`,
    unread: (n) => `${n.toLocaleString('zh-CN')} 条未读`,
    doNotDisturb: '勿扰模式',
  },
  state: {
    open: '已连接',
    paused: '已暂停',
    connecting: '正在连接…',
    retrying: '正在重试…',
    retryingIn: (ms) => `${duration(ms, 'zh-CN')}后重试`,
    offlineRetryingIn: (ms) => `离线，${duration(ms, 'zh-CN')}后重试`,
    causeRetryingIn: (cause, ms) => `${cause}，${duration(ms, 'zh-CN')}后重试`,
    stopped: '已停止',
    stoppedBecause: (reason) =>
      `已停止：${{ auth: '登录被拒绝', 'not-found': '未找到', 'no-content': '服务器要求停止', 'content-type': '不是事件流', invalid: '设置无效' }[reason]}`,
    waitingForKeychain: '等待钥匙串解锁',
    secretUnreadable: '已停止：请重新输入令牌或密码',
    pausedByServerUntil: (time) => `服务器暂停至 ${time}`,
  },
  cause: (error) => {
    const status = error.status === undefined ? '' : `（HTTP ${error.status}）`
    switch (error.kind) {
      case 'rate-limited':
        return `服务器繁忙${status}`
      case 'http':
        return `服务器出错${status}`
      case 'tls':
        return '证书未被接受'
      case 'network':
        if (error.code === PROXY_AUTH_REQUIRED) return '代理需要登录'
        if (error.code === PROXY_REFUSED) return '代理拒绝连接'
        return ''
      case 'stalled':
        return error.code === NO_RESPONSE ? '服务器无应答' : '连接无响应'
      case 'storage':
        return '无法保存事件'
      default:
        return ''
    }
  },
  menu: { open: '打开 Tidings', doNotDisturb: '勿扰模式', pauseAll: '暂停所有订阅源', resumeAll: '恢复所有订阅源', quit: '退出 Tidings' },
}

export function trayWords(locale: Locale): TrayWords {
  return locale === 'zh-CN' ? zhCN : en
}

/** "Tidings — 3 feeds open, 1 retrying · 12 unread · Do Not Disturb". */
export function tooltip(states: string[], extras: string[], locale: Locale = 'en'): string {
  return [`${APP_NAME} — ${states.join(locale === 'zh-CN' ? '，' : ', ')}`, ...extras].join(' · ')
}

/** "Alerts — open". */
export function feedLine(name: string, state: string): string {
  return `${name} — ${state}`
}
