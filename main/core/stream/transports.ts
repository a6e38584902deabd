/**
 * Which transport carries a feed. Today every feed is SSE; WebSocket (`ws:`/`wss:` URLs),
 * Socket.IO and gotify feeds get their own transport here, behind the same interface
 * (transport.ts), so the supervisor's rules stay written once.
 */
import type { Feed } from '../types.ts'
import { createSseTransport } from './sse-transport.ts'
import type { StreamDeps } from './subscription-api.ts'
import type { Transport } from './transport.ts'
import type { StreamTuning } from './tuning.ts'

/** The transport for `feed`, made for one subscription. */
export function selectTransport(_feed: Feed, deps: StreamDeps, tuning: StreamTuning): Transport {
  return createSseTransport({
    fetch: deps.fetch,
    now: () => deps.clock.now(),
    maxRetryAfterMs: tuning.maxRetryAfterMs,
    ...(tuning.onBuffered ? { onBuffered: tuning.onBuffered } : {}),
  })
}
