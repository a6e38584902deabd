/**
 * One supervised connection per feed: a transport (SSE, WebSocket, Socket.IO, gotify) behind one small
 * interface, and the supervisor's rules — backoff, resume, stall detection, bounded memory —
 * written once above it. See README.md.
 */
export { subscribe } from './subscription.ts'
export type { StreamDeps, SubscribeOptions, Subscription } from './subscription.ts'
export { createDefaultFetch, proxyFromEnv } from './default-fetch.ts'
export type { DefaultFetchOptions } from './default-fetch.ts'
export { PROXY_AUTH_REQUIRED, PROXY_REFUSED, STALL_NO_RESPONSE, STALL_SILENT } from './error-codes.ts'
export { backoffDelay, defaultBackoff, parseRetryAfter } from './backoff.ts'
export type { BackoffOptions } from './backoff.ts'
export { createStallPolicy, defaultStall } from './stall.ts'
export type { StallOptions, StallPolicy } from './stall.ts'
export { concatBytes, createFrameLimiter } from './frame-limiter.ts'
export type { FrameLimiter, FrameLimiterOptions } from './frame-limiter.ts'
export { fromByteString, requestHeaders, requestUrl, toByteString } from './request.ts'
export type { RequestUrl } from './request.ts'
export { classifyResponse, httpMessage, isEventStream } from './response.ts'
export type { Failure, ResponseFacts, Verdict } from './response.ts'
export { mapEvent } from './event-mapping.ts'
export type { MappedEvent, ParsedEvent } from './event-mapping.ts'
export { judgeSilence, planRetry, planWake, rearmAfterActivity } from './decisions.ts'
export type { RetryFacts, RetryPlan, RetryRules, SilenceFacts, SilenceVerdict, WakePlan } from './decisions.ts'
export type { ConnectRequest, Transport, TransportConnection, TransportEnd, TransportSink, WireEvent } from './transport.ts'
export { createSseTransport } from './sse-transport.ts'
export { defaultTuning, resolveTuning } from './tuning.ts'
export type { StreamTuning, TuningInput } from './tuning.ts'
