import { describe, expect, it } from 'vitest'
import { classifyClose, classifyHandshake, isNormalClose } from './ws-close.ts'

const headers = (h: Record<string, string> = {}) => ({ get: (name: string) => h[name.toLowerCase()] ?? null })
const NOW = Date.UTC(2026, 0, 1)

describe('a refused WebSocket upgrade', () => {
  it.each([
    [401, 'stop', 'auth', 'auth'],
    [403, 'stop', 'auth', 'auth'],
    [404, 'stop', 'not-found', 'not-found'],
    [410, 'stop', 'not-found', 'not-found'],
    [204, 'stop', 'no-content', 'no-content'],
    [206, 'stop', 'content-type', 'content-type'],
    [200, 'stop', 'content-type', 'content-type'],
    [500, 'retry', null, 'http'],
    [502, 'retry', null, 'http'],
    [503, 'retry', null, 'http'],
    [429, 'retry', null, 'rate-limited'],
    [400, 'retry', null, 'http'],
  ])('%i → %s %s (%s)', (status, kind, reason, errorKind) => {
    const end = classifyHandshake(status, headers(), NOW, 3_600_000)
    expect(end.kind).toBe(kind)
    if (end.kind === 'stop') expect(end.reason).toBe(reason)
    expect(end.failure).toMatchObject({ kind: errorKind, status })
  })

  it('honours Retry-After on 429 and 503', () => {
    expect(classifyHandshake(503, headers({ 'retry-after': '7' }), NOW, 3_600_000)).toMatchObject({ kind: 'retry', retryAfterMs: 7000, failure: { kind: 'rate-limited', status: 503 } })
    expect(classifyHandshake(429, headers({ 'retry-after': '99999' }), NOW, 60_000)).toMatchObject({ kind: 'retry', retryAfterMs: 60_000 })
  })
})

describe('a WebSocket close code', () => {
  it.each([
    [1000, 'ended', true],
    [1001, 'ended', true],
    [1005, 'ended', true],
    [1006, 'network', false],
    [1002, 'ended', false],
    [1008, 'ended', false],
    [1009, 'oversize', false],
    [1011, 'ended', false],
    [1012, 'ended', false],
    [1013, 'rate-limited', false],
    [1014, 'ended', false],
    [1015, 'tls', false],
    [4000, 'ended', false],
    [4401, 'ended', false],
    [3000, 'ended', false],
  ])('%i → retry, kind %s, normal %s', (code, kind, normal) => {
    const end = classifyClose(code, '')
    expect(end).toMatchObject({ kind: 'retry', retryAfterMs: null, failure: { kind, code: `WS_CLOSE_${code}` } })
    expect(isNormalClose(code)).toBe(normal)
  })

  it('keeps the server reason (bounded) in the technical message', () => {
    expect(classifyClose(1013, ' overloaded ').failure.message).toBe('The server closed the WebSocket (1013 try again later): overloaded.')
    expect(classifyClose(1011, 'x'.repeat(500)).failure.message.length).toBeLessThan(300)
  })
})
