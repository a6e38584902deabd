/** The command's words for statuses and errors, made from data in English and Simplified Chinese. */
import { describe, expect, it } from 'vitest'
import type { FeedStatus } from '../core/types.ts'
import { statusText, toastText } from './format.ts'
import { cliLocale, wordsFor } from './words.ts'

const base: FeedStatus = {
  feedId: 'f1', state: 'open', since: 0, stopReason: null, lastEventAt: null, lastError: null, nextRetryAt: null,
  stallLimitMs: 45_000, counters: { events: 0, reconnects: 0, bytes: 0, dropped: 0 }, lastGap: null,
}
const en = wordsFor('en')
const zh = wordsFor('zh-CN')

describe('status lines', () => {
  it('names the feed once and says the reason once, from kind and code', () => {
    const refused = { ...base, state: 'backoff' as const, nextRetryAt: 3_000, lastError: { kind: 'network' as const, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9', at: 1 } }
    expect(statusText(refused, 'HTMLPage', en, 0)).toBe('[HTMLPage] retrying in 3 s: the server refused the connection (ECONNREFUSED)')
    expect(statusText(refused, 'HTMLPage', zh, 0)).toBe('[HTMLPage] 3 秒后重试：服务器拒绝了连接（ECONNREFUSED）')
    // A stream that sets no code yet: the code is found in the detail, the detail is not the sentence.
    const noCode = { ...refused, lastError: { ...refused.lastError, code: undefined } }
    expect(statusText(noCode, 'HTMLPage', en, 0)).toBe('[HTMLPage] retrying in 3 s: the server refused the connection (ECONNREFUSED)')
  })

  it('says why a feed stopped without promising a resume the command lacks', () => {
    const html = { ...base, state: 'stopped' as const, stopReason: 'content-type' as const, lastError: { kind: 'content-type' as const, message: 'Expected text/event-stream, got text/html', at: 1 } }
    const line = statusText(html, 'HTMLPage', en, 0)
    expect(line).toBe('[HTMLPage] stopped: the server does not send an event stream; the next `tidings run` tries again')
    expect(line.match(/HTMLPage/g)).toHaveLength(1)
    expect(line).not.toMatch(/resume/i)
    const auth = { ...base, state: 'stopped' as const, stopReason: 'auth' as const, lastError: { kind: 'auth' as const, status: 403, message: 'HTTP 403 Forbidden', at: 1 } }
    expect(statusText(auth, 'A', en, 0)).toMatch(/refused the credentials \(HTTP 403\)/)
    expect(statusText(auth, 'A', zh, 0)).toMatch(/服务器拒绝了凭据（HTTP 403）/)
    const stalled = { ...base, state: 'backoff' as const, nextRetryAt: 1_000, lastError: { kind: 'stalled' as const, message: 'no bytes for 45000 ms', at: 1 } }
    expect(statusText(stalled, 'A', en, 0)).toBe('[A] retrying in 1 s: no data for 45 s')
    const proxy = { ...stalled, lastError: { kind: 'network' as const, code: 'PROXY_AUTH_REQUIRED', message: 'proxy answered 407', at: 1 } }
    expect(statusText(proxy, 'A', en, 0)).toBe('[A] retrying in 1 s: the proxy wants credentials (PROXY_AUTH_REQUIRED)')
    const paused = { ...stalled, nextRetryAt: 60_000, lastError: { kind: 'ended' as const, code: 'SERVER_PAUSE', message: 'event: pause', at: 1 } }
    expect(statusText(paused, 'A', zh, 0)).toBe('[A] 60 秒后重试：服务器暂停了订阅源')
  })

  it('says what WebSocket and Socket.IO wires report: close codes after the sentence, dropped messages instead of it', () => {
    const closed = { ...base, state: 'backoff' as const, nextRetryAt: 2_000, lastError: { kind: 'ended' as const, code: 'WS_CLOSE_1011', message: 'close 1011', at: 1 } }
    expect(statusText(closed, 'WS', en, 0)).toBe('[WS] retrying in 2 s: the server closed the stream (WS_CLOSE_1011)')
    expect(statusText(closed, 'WS', zh, 0)).toBe('[WS] 2 秒后重试：服务器关闭了数据流（WS_CLOSE_1011）')
    const binary = { ...base, lastError: { kind: 'invalid' as const, code: 'DROPPED_BINARY', message: '12 bytes', at: 1 } }
    expect(en.errorReason(binary.lastError, binary)).toBe('a binary message was dropped (only text is kept)')
    expect(zh.errorReason(binary.lastError, binary)).toBe('丢弃了一条二进制消息（只保存文本）')
  })

  it('puts a toast on one line with its priority in words', () => {
    const toast = { feedId: 'f1', seq: 1, title: 'Disk\nfull', body: 'on  db-1', priority: 5 as const, sound: true, clickUrl: null, kind: 'event' as const }
    expect(toastText(toast, 'Ops', en)).toBe('[Ops] Disk full — on db-1 (priority 5)')
    expect(toastText(toast, 'Ops', zh)).toBe('[Ops] Disk full — on db-1（优先级 5）')
  })

  it('follows the app setting, else LC_ALL, LC_MESSAGES, LANG', () => {
    expect(cliLocale('system', { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN')
    expect(cliLocale('system', { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en')
    expect(cliLocale('en', { LANG: 'zh_CN.UTF-8' })).toBe('en')
    expect(cliLocale('zh-CN', {})).toBe('zh-CN')
    expect(cliLocale(undefined, {})).toBe('en')
  })
})
