import { describe, expect, it } from 'vitest'
import { classifyConnectError, classifyDisconnect, transportStatus } from './socketio-close.ts'

const NOW = Date.UTC(2026, 0, 1)
const poll = (status: number, retryAfter: string | null = null) => ({ message: 'xhr poll error', type: 'TransportError', description: status, retryAfter })

describe('a Socket.IO connection that never came up', () => {
  it.each([
    [401, 'stop', 'auth'],
    [403, 'stop', 'auth'],
    [404, 'stop', 'not-found'],
    [410, 'stop', 'not-found'],
    [200, 'stop', 'content-type'],
    [500, 'retry', 'http'],
    [400, 'retry', 'http'],
  ])('polling answered %i: %s (%s)', (status, kind, errorKind) => {
    expect(classifyConnectError(poll(status), NOW, 60_000)).toMatchObject({ kind, failure: { kind: errorKind, status } })
  })

  it('honours Retry-After', () => {
    expect(classifyConnectError(poll(503, '9'), NOW, 60_000)).toMatchObject({ kind: 'retry', retryAfterMs: 9000, failure: { kind: 'rate-limited' } })
  })

  it('reads the status of a refused WebSocket upgrade', () => {
    const facts = { message: 'websocket error', type: 'TransportError', description: { message: 'Unexpected server response: 401' } }
    expect(transportStatus(facts)).toBe(401)
    expect(classifyConnectError(facts, NOW, 60_000)).toMatchObject({ kind: 'stop', reason: 'auth' })
  })

  it('no response at all is a network failure, with the system code', () => {
    expect(classifyConnectError(poll(0), NOW, 60_000)).toMatchObject({ kind: 'retry', failure: { kind: 'network' } })
    const refused = { message: 'websocket error', type: 'TransportError', description: { message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ECONNREFUSED' } }
    expect(classifyConnectError(refused, NOW, 60_000)).toMatchObject({ kind: 'retry', failure: { kind: 'network', code: 'ECONNREFUSED' } })
    expect(classifyConnectError({ message: 'timeout' }, NOW, 60_000)).toMatchObject({ kind: 'retry', failure: { code: 'SOCKETIO_TIMEOUT' } })
  })

  it('a connect handler that refuses stops the feed once, as auth', () => {
    expect(classifyConnectError({ message: 'not allowed', data: null }, NOW, 60_000)).toMatchObject({
      kind: 'stop', reason: 'auth', failure: { kind: 'auth', code: 'SOCKETIO_CONNECT_REFUSED' },
    })
  })
})

describe('a Socket.IO disconnect', () => {
  it.each([
    ['io server disconnect', 'ended', 'SOCKETIO_IO_SERVER_DISCONNECT'],
    ['transport close', 'ended', 'SOCKETIO_TRANSPORT_CLOSE'],
    ['transport error', 'network', 'SOCKETIO_TRANSPORT_ERROR'],
    ['ping timeout', 'stalled', 'SOCKETIO_PING_TIMEOUT'],
    ['parse error', 'ended', 'SOCKETIO_PARSE_ERROR'],
    ['something new', 'ended', 'SOCKETIO_SOMETHING_NEW'],
  ])('%s → retry (%s)', (reason, kind, code) => {
    expect(classifyDisconnect(reason)).toEqual({ kind: 'retry', retryAfterMs: null, failure: { kind, code, message: `The Socket.IO connection ended (${reason}).` } })
  })
})
