import { expect, it } from 'vitest'
import { classifyResponse, isEventStream } from './response.ts'

const now = Date.parse('2026-01-01T00:00:00Z')
const facts = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
})

it('opens only on 200 + text/event-stream, parameters ignored', () => {
  expect(classifyResponse(facts(200, { 'content-type': 'text/event-stream; charset=windows-1252' }), now, 3_600_000)).toEqual({ kind: 'open' })
  expect(isEventStream('Text/Event-Stream;')).toBe(true)
  expect(isEventStream('text/event-streamx')).toBe(false)
  expect(isEventStream(null)).toBe(false)
  expect(classifyResponse(facts(200, { 'content-type': 'application/json' }), now, 3_600_000)).toMatchObject({ kind: 'stop', reason: 'content-type' })
})

it('maps every row of the connection table', () => {
  const verdict = (status: number, headers?: Record<string, string>) => classifyResponse(facts(status, headers), now, 3_600_000)
  expect(verdict(204)).toMatchObject({ kind: 'stop', reason: 'no-content' })
  expect(verdict(401)).toMatchObject({ kind: 'stop', reason: 'auth', failure: { kind: 'auth', status: 401 } })
  expect(verdict(403)).toMatchObject({ kind: 'stop', reason: 'auth' })
  expect(verdict(404)).toMatchObject({ kind: 'stop', reason: 'not-found' })
  expect(verdict(410)).toMatchObject({ kind: 'stop', reason: 'not-found' })
  expect(verdict(429, { 'retry-after': '30' })).toMatchObject({ kind: 'retry', retryAfterMs: 30_000, failure: { kind: 'rate-limited' } })
  expect(verdict(503, { 'retry-after': '7200' })).toMatchObject({ kind: 'retry', retryAfterMs: 3_600_000 })
  expect(verdict(503)).toEqual({ kind: 'retry', retryAfterMs: null, failure: { kind: 'http', status: 503, message: 'HTTP 503 Service Unavailable' } })
  expect(verdict(429)).toMatchObject({ kind: 'retry', retryAfterMs: null, failure: { kind: 'rate-limited' } })
  expect(verdict(502)).toMatchObject({ kind: 'retry', retryAfterMs: null, failure: { kind: 'http', message: 'HTTP 502 Bad Gateway' } })
  expect(verdict(400)).toMatchObject({ kind: 'retry', failure: { kind: 'http' } })
})
