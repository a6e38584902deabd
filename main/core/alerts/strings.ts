/**
 * Every word the alerts module puts into a toast, in English and Simplified Chinese (toasts come
 * from the main process; the window has its own catalogues).
 */
import type { Locale } from '../locale.ts'
import type { StopReason } from '../types.ts'

/** The service's code for a secret this keychain cannot decrypt (`FeedError.code`). */
const SECRET_UNREADABLE = 'secret-unreadable'

/** Title for a generic event whose SSE type is not the default `message` (the same in every language). */
export function typedTitle(feedName: string, type: string): string {
  return `${feedName} · ${type}`
}

export interface AlertWords {
  /** Body of the one summary toast that stands for a held-back burst. */
  summaryBody(count: number, feedName: string): string
  /** Title of the calm, once-only toast for a feed that stopped and needs the user. */
  stoppedTitle(feedName: string): string
  /**
   * Body of the feed-stopped toast: what happened, and that nothing more will be tried. `code` is
   * the last error's: `secret-unreadable` (the stored token cannot be read with this keychain) asks
   * for the secret again instead of blaming the server.
   */
  stoppedBody(reason: StopReason, code?: string): string
}

const en: AlertWords = {
  summaryBody: (count, feedName) => (count === 1 ? `1 new event in ${feedName}` : `${count} new events in ${feedName}`),
  stoppedTitle: (feedName) => `${feedName} stopped`,
  stoppedBody: (reason, code) =>
    `${
      {
        auth:
          code === SECRET_UNREADABLE
            ? 'The stored token or password cannot be read with this keychain. Enter it again (Edit).'
            : 'The server rejected the sign-in. Check the token or password.',
        'not-found': 'The server says this feed does not exist (any more).',
        'no-content': 'The server asked Tidings to stop listening.',
        'content-type': 'The address did not answer with an event stream.',
        invalid: 'The feed’s settings are not valid.',
      }[reason]
    } Tidings will not retry until you resume it.`,
}

const zhCN: AlertWords = {
  summaryBody: (count, feedName) => `${feedName} 有 ${count} 条新事件`,
  stoppedTitle: (feedName) => `${feedName} 已停止`,
  stoppedBody: (reason, code) =>
    `${
      {
        auth: code === SECRET_UNREADABLE ? '无法用此钥匙串读取已保存的令牌或密码，请重新输入（编辑）。' : '服务器拒绝了登录，请检查令牌或密码。',
        'not-found': '服务器表示此订阅源不存在（或已不存在）。',
        'no-content': '服务器要求 Tidings 停止接收。',
        'content-type': '该地址返回的不是事件流。',
        invalid: '此订阅源的设置无效。',
      }[reason]
    }在你恢复之前，Tidings 不会重试。`,
}

export function alertWords(locale: Locale): AlertWords {
  return locale === 'zh-CN' ? zhCN : en
}
