/**
 * Status and error words are built from data only: the countdown leaves out zero parts, the cause
 * comes from the error's kind, status and system/TLS code (never its English message), and Chinese
 * sentences keep Chinese punctuation.
 */
import { describe, expect, test } from 'vitest'
import { testFeed, testStatus } from '../../main/test-support/fixtures.ts'
import { trayWords } from '../../main/core/tray/strings.ts'
import type { FeedDto, FeedError, FeedStatusDto, TestResultDto } from '../../preload/contract.ts'
import { describeCountdown, describeDuration, describeError, feedLine, statusSentence } from '../src/format/describe.ts'
import { formatDateTime, formatMoment, formatRelative } from '../src/format/numbers.ts'
import { testHeadline } from '../src/components/test-result.tsx'
import { countStates, summarizeStates } from '../src/format/feeds-summary.ts'
import { describeGap } from '../src/format/gaps.ts'
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

describe('words for the core\'s newer data', () => {
  const clock = (ms: number) => formatMoment(ms, 'en-GB', NOW)
  const zhClock = (ms: number) => formatMoment(ms, 'zh-CN', NOW)

  test('a feed waiting for the keychain: sidebar line and sentence, en and zh-CN', () => {
    const waiting = testStatus({ state: 'connecting', waitingFor: 'keychain' })
    expect(feedLine(waiting, NOW, en)).toBe('Waiting for the keychain')
    expect(feedLine(waiting, NOW, zh)).toBe('等待钥匙串解锁')
    expect(statusSentence(waiting, NOW, en, clock)).toMatch(/^Waiting for the system keychain to unlock\./)
    expect(statusSentence(waiting, NOW, zh, zhClock)).toBe('正在等待系统钥匙串解锁。一旦能读取已保存的令牌或密码，订阅源就会连接。')
    expect(feedLine(testStatus({ state: 'connecting' }), NOW, en)).toBe('Connecting…')
  })

  test('All feeds sums a feed waiting for the keychain up as waiting, like the tray, not as connecting', () => {
    const feed = (id: string, status: Partial<FeedStatusDto>, paused = false): FeedDto => ({
      ...testFeed({ id, paused }),
      status: testStatus({ feedId: id, ...status }),
      unread: 0,
      hasSecret: true,
    })
    const feeds = [
      feed('a', { state: 'open' }),
      feed('k', { state: 'connecting', waitingFor: 'keychain' }),
      feed('c', { state: 'connecting' }),
      feed('b', { state: 'backoff', lastError: error({}) }),
      feed('s', { state: 'stopped', stopReason: 'not-found' }),
      // Paused wins over whatever the last status said.
      feed('p', { state: 'connecting', waitingFor: 'keychain' }, true),
    ]
    const counts = countStates(feeds)
    expect(counts).toEqual({ stopped: 1, waiting: 1, retrying: 1, connecting: 1, connected: 1, paused: 1 })
    const count = (n: number) => String(n)
    expect(summarizeStates(counts, en, count)).toBe('1 stopped, 1 waiting for the keychain, 1 retrying, 1 connecting, 1 connected, 1 paused')
    expect(summarizeStates(counts, zh, count)).toBe('1 个已停止，1 个等待钥匙串解锁，1 个正在重试，1 个正在连接，1 个已连接，1 个已暂停')
    // The same words as the tray's tooltip.
    expect(trayWords('en').tooltip.waitingForKeychain(2)).toBe(summarizeStates(countStates([feeds[1]!, { ...feeds[1]!, id: 'k2' }]), en, count))
    expect(trayWords('zh-CN').tooltip.waitingForKeychain(1)).toBe(summarizeStates(countStates([feeds[1]!]), zh, count))
  })

  test('Test connection says what it proved: the example feed has no server to accept anything', () => {
    const event = { feedId: 'f1', id: '1', newId: true, type: 'message', data: '{}', receivedAt: NOW }
    const result = (over: Partial<TestResultDto>): TestResultDto => ({
      ok: true, status: null, contentType: null, events: [event], error: null, suggestedPreset: 'generic', ...over,
    })
    // What the core answers for tidings-example:clock (main/core/feeds-example.test.ts).
    const example = result({})
    expect(testHeadline(example, true, en)).toBe('The example feed works: Tidings made an event just now, with no server and no network.')
    expect(testHeadline(example, true, zh)).toBe('示例订阅源工作正常：Tidings 刚刚自己生成了一个事件，无需服务器，也无需网络。')
    expect(testHeadline(result({ events: [] }), true, en)).toBe('The example feed works.')
    expect(testHeadline(example, true, en)).not.toMatch(/server accepted/)
    // Real servers keep their words.
    expect(testHeadline(result({ status: 200, contentType: 'text/event-stream' }), false, en)).toBe('Connected. The address sends an event stream.')
    expect(testHeadline(result({ status: 200 }), false, en)).toBe('Connected. The server accepted the subscription.')
    expect(testHeadline(result({ ok: false, error: error({ code: 'ECONNREFUSED' }) }), false, en)).toBe('The server refused the connection. Is it running on that port?')
  })

  test('an unreadable secret asks for it again, not "sign-in rejected"', () => {
    const lastError = error({ kind: 'auth', code: 'secret-unreadable', message: 'The stored secret cannot be read with this keychain (bad decrypt).' })
    const stopped = testStatus({ state: 'stopped', stopReason: 'auth', lastError })
    expect(feedLine(stopped, NOW, en)).toBe('Token or password unreadable')
    expect(feedLine(stopped, NOW, zh)).toBe('无法读取令牌或密码')
    expect(statusSentence(stopped, NOW, en, clock)).toBe('The stored token or password cannot be read with this keychain. Enter it again (Edit) to connect.')
    expect(describeError(lastError, zh)).toMatch(/^无法用此钥匙串读取已保存的令牌或密码/)
    // A real 401 still reads as rejected credentials.
    expect(feedLine(testStatus({ state: 'stopped', stopReason: 'auth', lastError: error({ kind: 'auth', status: 401 }) }), NOW, en)).toBe('Sign-in rejected')
  })

  test('the stream\'s own codes', () => {
    expect(describeError(error({ code: 'PROXY_AUTH_REQUIRED' }), en)).toBe('The proxy server asks for a user name and password (HTTP 407). Check the proxy settings.')
    expect(describeError(error({ code: 'PROXY_REFUSED' }), zh)).toBe('代理服务器拒绝连接到此地址。请检查代理设置。')
    expect(describeError(error({ kind: 'stalled', code: 'NO_RESPONSE' }), en)).toBe('The server accepted the connection but never answered.')
    const context = { nextRetryAt: null, stallLimitMs: 90_000, clock }
    expect(plain(describeError(error({ kind: 'stalled', code: 'SILENT' }), en, context))).toBe('No data arrived for 90 s, so the connection was treated as lost.')
    expect(describeError(error({ kind: 'stalled', code: 'SILENT' }), en)).toBe('No data arrived for too long, so the connection was treated as lost.')
    expect(describeError(error({ kind: 'invalid', code: 'PAUSE_IGNORED' }), en)).toMatch(/could not follow .* stayed connected/)

    const until = new Date(2026, 11, 2, 14, 5).getTime()
    const now = until - 125_000
    const paused = testStatus({ state: 'backoff', nextRetryAt: until, lastError: error({ kind: 'ended', code: 'SERVER_PAUSE' }) })
    const at = (lang: string) => (ms: number) => formatMoment(ms, lang, now)
    expect(feedLine(paused, now, en, at('en-GB'))).toBe('Paused by the server until 14:05')
    expect(feedLine(paused, now, zh, at('zh-CN'))).toBe('服务器暂停至 14:05')
    expect(plain(statusSentence(paused, now, en, at('en-GB')))).toBe('Paused by the server until 14:05 (in 2 min 5 s). Tidings reconnects then.')
    expect(statusSentence(paused, now, zh, at('zh-CN'))).toBe('服务器已将此订阅源暂停至 14:05（2 分 5 秒后），届时 Tidings 会重新连接。')
    expect(describeError(paused.lastError!, en, { nextRetryAt: until, stallLimitMs: 0, clock: at('en-GB') })).toBe('The server paused this feed until 14:05.')
  })

  test('system codes, each its own sentence; without a code the general one (the message is never parsed)', () => {
    const words = (code: string, kind: FeedError['kind'] = 'network') => describeError(error({ kind, code }), en)
    expect(words('ECONNREFUSED')).toMatch(/refused the connection/)
    expect(words('ENOTFOUND')).toMatch(/name could not be found/)
    expect(words('ECONNRESET')).toBe('The connection was cut off.')
    expect(words('UND_ERR_SOCKET')).toBe('The connection was cut off.')
    expect(words('ETIMEDOUT')).toBe('The server did not answer in time.')
    expect(words('DEPTH_ZERO_SELF_SIGNED_CERT', 'tls')).toMatch(/self-signed/)
    expect(words('SELF_SIGNED_CERT_IN_CHAIN', 'tls')).toMatch(/self-signed/)
    expect(words('CERT_HAS_EXPIRED', 'tls')).toMatch(/expired/)
    expect(words('ERR_TLS_CERT_ALTNAME_INVALID', 'tls')).toMatch(/another name/)
    expect(words('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls')).toMatch(/unknown authority/)
    expect(feedLine(testStatus({ state: 'backoff', nextRetryAt: null, lastError: error({ code: 'ETIMEDOUT' }) }), NOW, en)).toBe('No answer in time · retrying')
    // Failures without an HTTP status (other wires) never show "(HTTP )".
    for (const kind of ['http', 'auth', 'not-found', 'rate-limited'] as const) {
      for (const t of [en, zh]) expect(describeError(error({ kind }), t)).not.toMatch(/HTTP\s*[)）]/)
    }
    expect(describeError(error({ kind: 'rate-limited' }), en)).toBe('The server is busy or limiting requests.')
    // An old error whose code sits only in its English text reads as the general sentence.
    expect(describeError(error({ message: 'connect ECONNREFUSED 127.0.0.1:9' }), en)).toBe('The server could not be reached.')
    expect(describeError(error({ message: 'self signed certificate' }), en)).toBe('The server could not be reached.')
  })
})

describe('WebSocket, Socket.IO and gotify feeds', () => {
  test('close codes, Socket.IO reasons and dropped messages each have words; none shows the code\'s tag or "(HTTP )"', () => {
    const words = (kind: FeedError['kind'], code: string, t = en) => describeError(error({ kind, code }), t)
    expect(words('ended', 'WS_CLOSE_1011')).toBe('The server closed the connection after an internal error.')
    expect(words('ended', 'WS_CLOSE_1012')).toBe('The server is restarting.')
    expect(words('ended', 'WS_CLOSE_1001')).toBe('The server is going away (shutting down or restarting).')
    expect(words('ended', 'WS_CLOSE_4001')).toBe('The server closed the WebSocket connection (close code 4001).')
    expect(words('ended', 'WS_CLOSE_4001', zh)).toBe('服务器关闭了 WebSocket 连接（关闭代码 4001）。')
    expect(words('network', 'WS_CLOSE_1006')).toBe('The connection was cut off.')
    expect(words('rate-limited', 'WS_CLOSE_1013')).toBe('The server is busy or limiting requests.')
    expect(words('oversize', 'WS_CLOSE_1009')).toBe('An event was larger than the size limit and was dropped.')
    expect(words('auth', 'SOCKETIO_CONNECT_REFUSED')).toBe('The Socket.IO server refused the connection. Check the token or password.')
    expect(words('network', 'SOCKETIO_TIMEOUT')).toBe('The server did not answer in time.')
    expect(words('ended', 'SOCKETIO_IO_SERVER_DISCONNECT')).toBe('The server disconnected Tidings.')
    expect(words('invalid', 'DROPPED_BINARY')).toBe('A binary message was dropped: Tidings stores text messages only.')
    expect(words('invalid', 'DROPPED_NOT_A_MESSAGE', zh)).toBe('已丢弃一条不是 gotify 消息的数据。')
    expect(words('invalid', 'DROPPED_UNSERIALISABLE')).toMatch(/^A Socket.IO event/)
    const retrying = testStatus({ state: 'backoff', nextRetryAt: null, lastError: error({ kind: 'ended', code: 'WS_CLOSE_1012' }) })
    expect(feedLine(retrying, NOW, en)).toBe('Closed by the server · retrying')
    expect(feedLine(retrying, NOW, zh)).toBe('服务器关闭了连接，正在重试')
  })

  test('a gap on a feed that cannot replay: the time while disconnected may be missing events', () => {
    const from = new Date(2026, 11, 2, 14, 2).getTime()
    const to = new Date(2026, 11, 2, 14, 5).getTime()
    const gap = { feedId: 'f', requested: '', actual: '', at: to, missingSince: from }
    expect(plain(describeGap(gap, en, 'en-GB'))).toBe(
      `Events sent while disconnected, ${plain(formatDateTime(from, 'en-GB'))} – 14:05, may be missing: this kind of feed cannot replay them.`,
    )
    expect(describeGap(gap, zh, 'zh-CN')).toBe('断开连接期间（2026年12月2日 14:02:00 – 14:05）发送的事件可能已丢失：此类订阅源无法重放事件。')
    const readBack = { feedId: 'f', requested: '', actual: '', at: to }
    expect(describeGap(readBack, en, 'en-GB')).toMatch(/^The connection was lost before .*; events sent while disconnected may be missing\.$/)
    expect(describeGap({ feedId: 'f', requested: '41', actual: '57', at: to }, en, 'en-GB')).toMatch(/could not replay events between 41 and 57/)
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
