import { describe, expect, it } from 'vitest'
import { judgePause, MAX_SERVER_PAUSE_MS, pauseEnd } from './server-pause.ts'

const NOW = Date.UTC(2026, 11, 2, 14, 0)

describe('the server-directed pause', () => {
  it.each([
    ['in five minutes', String(NOW + 300_000), { kind: 'pause', untilMs: NOW + 300_000, delayMs: 300_000 }],
    ['now', String(NOW), { kind: 'pause', untilMs: NOW, delayMs: 0 }],
    ['in the past: at once', String(NOW - 60_000), { kind: 'pause', untilMs: NOW - 60_000, delayMs: 0 }],
    ['the epoch: at once', '0', { kind: 'pause', untilMs: 0, delayMs: 0 }],
    ['exactly 24 h away', String(NOW + MAX_SERVER_PAUSE_MS), { kind: 'pause', untilMs: NOW + MAX_SERVER_PAUSE_MS, delayMs: MAX_SERVER_PAUSE_MS }],
    ['with spaces and a line end', ` ${NOW + 1000}\n`, { kind: 'pause', untilMs: NOW + 1000, delayMs: 1000 }],
    ['more than 24 h away', String(NOW + MAX_SERVER_PAUSE_MS + 1), { kind: 'ignored', reason: 'too-far' }],
    ['seconds instead of ms are in the past: at once', String(Math.floor(NOW / 1000) + 60), { kind: 'pause', delayMs: 0 }],
    ['not a number', 'soon', { kind: 'ignored', reason: 'not-a-number' }],
    ['empty', '', { kind: 'ignored', reason: 'not-a-number' }],
    ['negative', '-5', { kind: 'ignored', reason: 'not-a-number' }],
    ['a fraction', `${NOW}.5`, { kind: 'ignored', reason: 'not-a-number' }],
    ['an exponent', '1.7e12', { kind: 'ignored', reason: 'not-a-number' }],
    ['JSON', `{"until":${NOW}}`, { kind: 'ignored', reason: 'not-a-number' }],
    ['an ISO date', '2026-12-02T14:05:00Z', { kind: 'ignored', reason: 'not-a-number' }],
    ['too many digits', '12345678901234567', { kind: 'ignored', reason: 'not-a-number' }],
  ])('%s', (_name, data, expected) => {
    expect(judgePause(data, NOW)).toMatchObject(expected)
  })

  it('ends the connection as a server-mandated wait', () => {
    const decision = judgePause(String(NOW + 300_000), NOW)
    if (decision.kind !== 'pause') throw new Error('expected a pause')
    expect(pauseEnd(decision)).toEqual({
      kind: 'retry',
      retryAfterMs: 300_000,
      failure: { kind: 'ended', code: 'SERVER_PAUSE', message: 'The server paused the feed until 2026-12-02T14:05:00.000Z.' },
    })
  })
})
