/**
 * The supervisor's timing decisions as pure functions: facts in, decision out — no timers, no
 * I/O — so each row of DESIGN.md's connection table that is about *time* has a table test
 * (decisions.test.ts). The supervisor (subscription.ts) only gathers the facts and obeys.
 */
import { backoffDelay } from './backoff.ts'
import type { BackoffOptions } from './backoff.ts'

/** What is known when a connection has ended and will be retried. */
export interface RetryFacts {
  /** The exponential step reached so far (0 = the next wait is the base delay). */
  step: number
  /** The base delay: the server's `retry:` or the default. */
  baseDelayMs: number
  /** How long the stream was open before it ended; null = it never opened. */
  openForMs: number | null
  /** Whether the connection moved the stored resume point (events were stored). */
  progressed: boolean
  /** The server's Retry-After, when it sent one. */
  retryAfterMs: number | null
}

export interface RetryRules {
  backoff: BackoffOptions
  /** A stream open at least this long was healthy. */
  stableAfterMs: number
}

/** How long to wait, the step to continue from, and whether the server mandated the wait. */
export interface RetryPlan {
  delayMs: number
  nextStep: number
  /** A wait the server asked for: wake-up does not cut it short. */
  mandated: boolean
}

/**
 * The wait before the next connection. A stream that stayed up a while, or that moved the
 * resume point, was healthy: the series starts afresh (a proxy cutting a busy stream every few
 * seconds must not push the delay to minutes). One the server accepts and closes at once keeps
 * growing the delay. Retry-After is honoured exactly the first time; when the server keeps
 * answering 429/503 the wait is at least the exponential backoff, so "Retry-After: 0" cannot make
 * a tight loop.
 */
export function planRetry(facts: RetryFacts, rules: RetryRules, random: () => number): RetryPlan {
  const healthy = facts.openForMs !== null && (facts.progressed || facts.openForMs >= rules.stableAfterMs)
  const step = healthy ? 0 : facts.step
  const backoff = backoffDelay(step, facts.baseDelayMs, rules.backoff, random)
  const delayMs = facts.retryAfterMs === null ? backoff : Math.max(facts.retryAfterMs, step === 0 ? 0 : backoff)
  return { delayMs, nextStep: step + 1, mandated: facts.retryAfterMs !== null }
}

/** What wake-up (OS resumed, network back) does to a feed waiting in backoff. */
export type WakePlan = { kind: 'now' } | { kind: 'keep'; remainingMs: number }

/**
 * Reconnect now — unless the server asked for the wait (Retry-After), which is kept, measured on
 * the wall clock so time asleep counts.
 */
export function planWake(facts: { mandated: boolean; nextRetryAt: number | null; now: number }): WakePlan {
  if (facts.mandated && facts.nextRetryAt !== null) {
    const remainingMs = facts.nextRetryAt - facts.now
    if (remainingMs > 0) return { kind: 'keep', remainingMs }
  }
  return { kind: 'now' }
}

/** What the watchdog knows when it fires. */
export interface SilenceFacts {
  /** Time since the server last sent anything (or since the attempt started). */
  silentMs: number
  limitMs: number
  /** We are not reading: storage is behind and the transport waits for room. */
  readerBlocked: boolean
  /** Whether the stream opened (else: still waiting for the response). */
  opened: boolean
}

export type SilenceVerdict =
  /** Alive (or not ours to judge): look again in `checkInMs`. */
  | { kind: 'alive'; checkInMs: number }
  /** Dead: no response at all, or no bytes on an open stream, for the whole limit. */
  | { kind: 'stalled'; phase: 'response' | 'stream' }

/** Judges a silence. Waiting for our own storage is not the server's silence. */
export function judgeSilence(facts: SilenceFacts): SilenceVerdict {
  if (facts.readerBlocked) return { kind: 'alive', checkInMs: facts.limitMs }
  // 1 ms of slack: timers may fire a little early.
  if (facts.silentMs < facts.limitMs - 1) return { kind: 'alive', checkInMs: facts.limitMs - facts.silentMs }
  return { kind: 'stalled', phase: facts.opened ? 'stream' : 'response' }
}

/**
 * After bytes arrived the limit may have changed. A limit that shrank must not wait out the old,
 * longer timer: the watchdog is re-armed for the new limit (returned); otherwise null (the armed
 * timer fires no later than needed and re-checks).
 */
export function rearmAfterActivity(limitBeforeMs: number, limitAfterMs: number): number | null {
  return limitAfterMs < limitBeforeMs ? limitAfterMs : null
}

/** The longest pause a server may order (further is ignored as a mistake or an attack). */
export const MAX_SERVER_PAUSE_MS = 24 * 60 * 60_000

export type ServerPausePlan =
  /** Close now and reconnect after `delayMs` (0 when the time has passed), at `until`. */
  | { kind: 'pause'; until: number; delayMs: number }
  /** Not a pause we obey: record `reason`, keep the stream. */
  | { kind: 'ignore'; reason: string }

/**
 * A server's `event: pause` (on a feed that obeys them): its data is a time in ms since the
 * epoch. A past time reconnects at once; a time more than 24 h away, or data that is not a
 * number, is ignored.
 */
export function planServerPause(data: string, now: number): ServerPausePlan {
  const text = data.trim()
  if (!/^[0-9]{1,16}$/.test(text)) return { kind: 'ignore', reason: `Ignored a server pause: "${text.slice(0, 40)}" is not a time in milliseconds.` }
  const until = Number(text)
  if (until - now > MAX_SERVER_PAUSE_MS) return { kind: 'ignore', reason: `Ignored a server pause until ${new Date(until).toISOString()}: more than 24 h away.` }
  return { kind: 'pause', until, delayMs: Math.max(0, until - now) }
}
