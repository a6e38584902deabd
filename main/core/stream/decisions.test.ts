// The supervisor's timing decisions, as tables: situation → decision (DESIGN.md, "Connection behaviour").
import { describe, expect, it } from 'vitest'
import { judgeSilence, planRetry, planServerPause, planWake, rearmAfterActivity } from './decisions.ts'
import type { ServerPausePlan } from './decisions.ts'
import type { RetryFacts, SilenceFacts, SilenceVerdict } from './decisions.ts'

const rules = { backoff: { baseMs: 3_000, maxMs: 300_000, factor: 2, jitter: 0.5 }, stableAfterMs: 30_000 }
const full = () => 1 // random = 1: the full (un-jittered) delay

describe('planRetry: the wait before reconnecting', () => {
  const base: RetryFacts = { step: 0, baseDelayMs: 3_000, openForMs: null, progressed: false, retryAfterMs: null }
  const rows: [string, Partial<RetryFacts>, { delayMs: number; nextStep: number; mandated: boolean }][] = [
    ['first failure: the base delay', {}, { delayMs: 3_000, nextStep: 1, mandated: false }],
    ['refused again (step 1): ×2', { step: 1 }, { delayMs: 6_000, nextStep: 2, mandated: false }],
    ['refused again (step 3): ×8', { step: 3 }, { delayMs: 24_000, nextStep: 4, mandated: false }],
    ['refused for ever: capped', { step: 30 }, { delayMs: 300_000, nextStep: 31, mandated: false }],
    ['server retry: 150 is the base', { baseDelayMs: 150 }, { delayMs: 150, nextStep: 1, mandated: false }],
    ['opened and closed at once, no progress: keeps growing', { step: 3, openForMs: 10 }, { delayMs: 24_000, nextStep: 4, mandated: false }],
    ['opened, moved the cursor, closed at once (a proxy cutting a busy stream): base again', { step: 3, openForMs: 10, progressed: true }, { delayMs: 3_000, nextStep: 1, mandated: false }],
    ['stayed up past stableAfterMs: base again', { step: 3, openForMs: 30_000 }, { delayMs: 3_000, nextStep: 1, mandated: false }],
    ['just short of stableAfterMs: keeps growing', { step: 3, openForMs: 29_999 }, { delayMs: 24_000, nextStep: 4, mandated: false }],
    ['progress without ever opening cannot happen, and does not reset', { step: 2, openForMs: null, progressed: true }, { delayMs: 12_000, nextStep: 3, mandated: false }],
    ['Retry-After the first time: exactly that', { retryAfterMs: 120_000 }, { delayMs: 120_000, nextStep: 1, mandated: true }],
    ['Retry-After: 0 the first time: at once', { retryAfterMs: 0 }, { delayMs: 0, nextStep: 1, mandated: true }],
    ['Retry-After: 0 again: at least the backoff', { step: 2, retryAfterMs: 0 }, { delayMs: 12_000, nextStep: 3, mandated: true }],
    ['Retry-After longer than the backoff: the server wins', { step: 2, retryAfterMs: 60_000 }, { delayMs: 60_000, nextStep: 3, mandated: true }],
  ]
  for (const [situation, facts, expected] of rows) {
    it(situation, () => {
      expect(planRetry({ ...base, ...facts }, rules, full)).toEqual(expected)
    })
  }

  it('jitter stays within [delay/2, delay] and never below the base', () => {
    expect(planRetry({ ...base, step: 3 }, rules, () => 0).delayMs).toBe(12_000)
    expect(planRetry({ ...base, step: 1 }, rules, () => 0).delayMs).toBe(3_000)
  })
})

describe('planWake: OS resumed or network back, while waiting', () => {
  const rows: [string, { mandated: boolean; nextRetryAt: number | null; now: number }, ReturnType<typeof planWake>][] = [
    ['our own backoff: reconnect now', { mandated: false, nextRetryAt: 60_000, now: 1_000 }, { kind: 'now' }],
    ['a wait the server asked for: kept, on the wall clock', { mandated: true, nextRetryAt: 60_000, now: 1_000 }, { kind: 'keep', remainingMs: 59_000 }],
    ['the server’s wait is over (slept through it): now', { mandated: true, nextRetryAt: 60_000, now: 61_000 }, { kind: 'now' }],
  ]
  for (const [situation, facts, expected] of rows) {
    it(situation, () => expect(planWake(facts)).toEqual(expected))
  }
})

describe('judgeSilence: the stall watchdog fires', () => {
  const base: SilenceFacts = { silentMs: 0, limitMs: 50_000, readerBlocked: false, opened: true }
  const rows: [string, Partial<SilenceFacts>, SilenceVerdict][] = [
    ['bytes came recently: look again when the limit would be reached', { silentMs: 20_000 }, { kind: 'alive', checkInMs: 30_000 }],
    ['silent for the whole limit: stalled', { silentMs: 50_000 }, { kind: 'stalled', phase: 'stream' }],
    ['a timer 1 ms early still counts', { silentMs: 49_999 }, { kind: 'stalled', phase: 'stream' }],
    ['silent far past the limit: stalled', { silentMs: 3_600_000 }, { kind: 'stalled', phase: 'stream' }],
    ['no response yet for the whole limit: stalled before opening', { silentMs: 50_000, opened: false }, { kind: 'stalled', phase: 'response' }],
    ['waiting for our own storage is not the server’s silence', { silentMs: 3_600_000, readerBlocked: true }, { kind: 'alive', checkInMs: 50_000 }],
  ]
  for (const [situation, facts, expected] of rows) {
    it(situation, () => expect(judgeSilence({ ...base, ...facts })).toEqual(expected))
  }
})

describe('rearmAfterActivity: the limit moved after bytes arrived', () => {
  const rows: [string, number, number, number | null][] = [
    ['learned a shorter limit (keepalives every 15 s): re-arm for it', 600_000, 50_000, 50_000],
    ['the limit grew: the armed timer fires early and re-checks', 50_000, 65_000, null],
    ['unchanged: nothing to do', 50_000, 50_000, null],
  ]
  for (const [situation, before, after, expected] of rows) {
    it(situation, () => expect(rearmAfterActivity(before, after)).toBe(expected))
  }
})

describe('planServerPause: the server sent `event: pause` (feeds that obey it)', () => {
  const now = Date.UTC(2026, 11, 2, 14, 0)
  const hour = 3_600_000
  const rows: [string, string, ServerPausePlan['kind'], number | null][] = [
    ['a time ahead: pause until then', String(now + hour), 'pause', hour],
    ['with spaces around it', ` ${now + 5_000}\n`, 'pause', 5_000],
    ['a past time: reconnect at once', String(now - hour), 'pause', 0],
    ['exactly 24 h ahead: still obeyed', String(now + 24 * hour), 'pause', 24 * hour],
    ['more than 24 h ahead: ignored', String(now + 24 * hour + 1), 'ignore', null],
    ['not a number: ignored', 'soon', 'ignore', null],
    ['a negative number: ignored', '-5', 'ignore', null],
    ['seconds with a fraction: ignored', '1700000000.5', 'ignore', null],
    ['empty: ignored', '', 'ignore', null],
  ]
  for (const [situation, data, kind, delayMs] of rows) {
    it(situation, () => {
      const plan = planServerPause(data, now)
      expect(plan.kind).toBe(kind)
      if (plan.kind === 'pause') expect(plan.delayMs).toBe(delayMs)
      else expect(plan.reason).toMatch(/^Ignored a server pause/)
    })
  }
})
