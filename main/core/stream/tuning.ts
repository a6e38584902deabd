/**
 * The supervisor's timing knobs, with production defaults. Tests pass small values (a 20 ms base
 * delay, a 50 ms silence limit) so every row of the connection table runs in milliseconds.
 */
import { defaultBackoff } from './backoff.ts'
import type { BackoffOptions } from './backoff.ts'
import { defaultStall } from './stall.ts'
import type { StallOptions } from './stall.ts'

export interface StreamTuning {
  backoff: BackoffOptions
  stall: StallOptions
  /** A connection that stayed open this long resets the exponential backoff. */
  stableAfterMs: number
  /** The longest `Retry-After` honoured; longer requests are cut to this. */
  maxRetryAfterMs: number
  /** Counter-only status updates (bytes, events) are sent at most this often. */
  statusThrottleMs: number
  /** Diagnostics: the most bytes the frame limiter held back, each time that grows. */
  onBuffered?: (maxBufferedBytes: number) => void
}

/** What a caller may override. */
export interface TuningInput {
  backoff?: Partial<BackoffOptions>
  stall?: Partial<StallOptions>
  stableAfterMs?: number
  maxRetryAfterMs?: number
  statusThrottleMs?: number
  onBuffered?: (maxBufferedBytes: number) => void
}

export const defaultTuning: StreamTuning = {
  backoff: defaultBackoff,
  stall: defaultStall,
  stableAfterMs: 30_000,
  maxRetryAfterMs: 60 * 60_000,
  statusThrottleMs: 250,
}

/** Fills in the defaults. */
export function resolveTuning(input: TuningInput | undefined): StreamTuning {
  return {
    backoff: { ...defaultTuning.backoff, ...input?.backoff },
    stall: { ...defaultTuning.stall, ...input?.stall },
    stableAfterMs: input?.stableAfterMs ?? defaultTuning.stableAfterMs,
    maxRetryAfterMs: input?.maxRetryAfterMs ?? defaultTuning.maxRetryAfterMs,
    statusThrottleMs: input?.statusThrottleMs ?? defaultTuning.statusThrottleMs,
    ...(input?.onBuffered ? { onBuffered: input.onBuffered } : {}),
  }
}
