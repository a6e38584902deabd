/**
 * Status and error words are built from data only: the countdown leaves out zero parts, the cause
 * comes from the error's kind, status and system/TLS code (never its English message), and Chinese
 * sentences keep Chinese punctuation.
 */
import { describe, expect, test } from 'vitest'
import { testStatus } from '../../main/test-support/fixtures.ts'
import type { FeedError } from '../../preload/contract.ts'
import { describeCountdown, describeDuration, describeError, feedLine, statusSentence } from '../src/format/describe.ts'
import { formatDateTime, formatMoment, formatRelative } from '../src/format/numbers.ts'
import { createI18n } from '../src/i18n/setup.ts'
import type { Translate } from '../src/i18n/translate.ts'

const translator = (language: 'en' | 'zh-CN'): Translate => {
  const i18n = createI18n(language)
  return (key, values) => i18n.t(key, values ?? {})
}
const en = translator('en')
const zh = translator('zh-CN')
const NOW = Date.UTC(2026, 11, 2, 14, 0, 0)
const error = (over: Partial<FeedError>): FeedError => ({ kind: 'network', message: 'Could not connect: something in English.', at: NOW, ...over })
const plain = (text: string): string => text.replaceAll('\u00a0', ' ')

describe('countdowns and durations', () => {
  test('zero parts are left out; seconds only under ten minutes', () => {
    expect(plain(describeCountdown(NOW + 12_000, NOW, en))).toBe('in 12 s')
    expect(plain(describeCountdown(NOW + 120_000, NOW, en))).toBe('in 2 min')
    expect(plain(describeCountdown(NOW + 125_000, NOW, en))).toBe('in 2 min 5 s')
    expect(plain(describeCountdown(NOW + 725_000, NOW, en))).toBe('in 13 min')
    expect(plain(describeCountdown(NOW + 3_900_000, NOW, en))).toBe('in 1 h 5 min')
    expect(describeCountdown(NOW - 5, NOW, en)).toBe('now')
    expect(describeCountdown(NOW + 120_000, NOW, zh)).toBe('2 分钟后')
    expect(plain(describeDuration(600_000, en))).toBe('10 min')
  })
})

describe('errors from data', () => {
  test('the system or TLS code decides the sentence, not the message', () => {
    expect(describeError(error({ code: 'ECONNREFUSED' }), en)).toBe('The server refused the connection. Is it running on that port?')
    expect(describeError(error({ code: 'ENOTFOUND' }), en)).toMatch(/name could not be found/)
    expect(describeError(error({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), en)).toMatch(/self-signed/)
    expect(describeError(error({ kind: 'tls', code: 'CERT_HAS_EXPIRED' }), zh)).toBe('服务器的证书已过期（或尚未生效）。请检查服务器或本机时钟。')
    expect(describeError(error({ kind: 'rate-limited', status: 503, message: 'HTTP 503: retrying in 120 s as the server asked.' }), zh)).toBe(
      '服务器繁忙或正在限制请求（HTTP 503）。',
    )
    for (const t of [en, zh]) expect(describeError(error({}), t)).not.toContain('something in English')
  })

  test('one sentence per state, with Chinese punctuation in Chinese', () => {
    const clock = (ms: number) => formatMoment(ms, 'zh-CN', NOW)
    const retrying = testStatus({ state: 'backoff', nextRetryAt: NOW + 120_000, lastError: error({ code: 'ECONNREFUSED' }) })
    expect(statusSentence(retrying, NOW, zh, clock)).toBe('服务器拒绝了连接。该端口上的服务是否在运行？2 分钟后重试。')
    expect(feedLine(retrying, NOW, zh)).toBe('连接被拒绝，2 分钟后重试')
    expect(plain(feedLine(retrying, NOW, en))).toBe('Connection refused · retrying in 2 min')
    const stopped = testStatus({ state: 'stopped', stopReason: 'not-found', lastError: null })
    expect(statusSentence(stopped, NOW, zh, clock)).toBe('此地址下没有内容。请检查 URL。在修正订阅源（编辑）或重新连接之前，Tidings 不再重试。')
    expect(feedLine(stopped, NOW, en)).toBe('Not found')
    for (const sentence of [statusSentence(retrying, NOW, zh, clock), statusSentence(stopped, NOW, zh, clock)]) {
      expect(sentence).not.toMatch(/。 |[\u4e00-\u9fff][:,]/)
    }
  })
})

describe('times in the app language', () => {
  test('Chinese uses a 24-hour clock and unambiguous dates; relative times for rows', () => {
    const evening = new Date(2026, 11, 2, 22, 5, 9).getTime()
    expect(formatMoment(evening, 'zh-CN', evening + 60_000)).toBe('22:05')
    expect(formatDateTime(evening, 'zh-CN')).toBe('2026年12月2日 22:05:09')
    expect(formatDateTime(evening, 'en-GB')).toBe('2 Dec 2026, 22:05:09')
    expect(formatRelative(evening, 'en-GB', evening + 3 * 60_000 + 5_000)).toBe('3 min ago')
    expect(formatRelative(evening, 'zh-CN', evening + 3 * 60_000)).toBe('3分钟前')
    expect(formatRelative(evening, 'en-GB', evening + 3 * 86_400_000)).toBe('2 Dec')
  })
})
