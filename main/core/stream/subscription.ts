/**
 * The supervised subscription of one feed. Each connection attempt is one eventsource
 * `EventSource`; the supervisor owns every decision around it (DESIGN.md, "Connection behaviour"):
 * when to reconnect and after how long, when to stop, when a silent stream is dead, and when a
 * received event counts — only once `deliver()` has stored it with its cursor.
 *
 * Two small pieces of stream text of our own make one-shot EventSources behave like one long-lived
 * EventSource: a prologue `id:<marker>` (so events without `id:` are recognisably inheriting the
 * stored resume id, as [spec] "the buffer does not get reset" across reconnections) and a chunk-end
 * marker event after every chunk (so each chunk is stored as one batch with the exact last event ID
 * the parser reached). Both use a random nonce and never reach history.
 */
import { randomUUID } from 'node:crypto'
import type { EventSourceFetchInit, FetchLikeResponse } from 'eventsource'
import type { FetchLike } from '../ports.ts'
import type { ReplayGap, ResumeCursor, StopReason } from '../types.ts'
import { backoffDelay } from './backoff.ts'
import { mapEvent } from './event-mapping.ts'
import { SinkEventSource } from './event-source.ts'
import { framedBody } from './framed-body.ts'
import { fromByteString, requestHeaders, requestUrl } from './request.ts'
import { classifyResponse } from './response.ts'
import { createDeliveryWindow } from './delivery-window.ts'
import { classifyFetchError } from './fetch-error.ts'
import type { Failure } from './response.ts'
import { createStallPolicy } from './stall.ts'
import { createStatusReporter } from './status-reporter.ts'
import { resolveTuning } from './tuning.ts'
import type { StreamDeps, SubscribeOptions, Subscription } from './subscription-api.ts'
import type { Connection } from './connection.ts'

export type { StreamDeps, SubscribeOptions, Subscription } from './subscription-api.ts'

/**
 * Connection attempts are numbered across every subscription of the process, so a store that
 * refuses the rest of a failed attempt never mistakes a later subscription's attempt for it.
 */
let nextAttempt = 1

const encoder = new TextEncoder()
const monotonic = (): number => performance.now()

/** Starts the subscription: it connects on the next microtask, or reports `paused` if `feed.paused`. */
export function subscribe(options: SubscribeOptions, deps: StreamDeps): Subscription {
  const { feed } = options
  const { clock } = deps
  const random = deps.random ?? Math.random
  const tuning = resolveTuning(options.tuning)
  const stall = createStallPolicy(tuning.stall, feed.stallTimeoutSec === null ? null : feed.stallTimeoutSec * 1000)
  const nonce = randomUUID()
  const inheritMarker = `\u0001tidings-inherit-${nonce}`
  const chunkEndType = `\u0000tidings-chunk-end-${nonce}`
  const prologue = encoder.encode(`id:${inheritMarker}\n\n`)
  const chunkEnd = encoder.encode(`event:${chunkEndType}\ndata\n\n`)
  const wantedTypes = new Set(feed.eventTypes)

  let cursor: ResumeCursor = { ...options.cursor }
  let baseDelayMs = tuning.backoff.baseMs
  let step = 0
  let attempts = 0
  let closed = false
  let current: Connection | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let retryMandated = false
  /** Batches handed to deliver() and not answered yet, over all connections. */
  const delivery = createDeliveryWindow()
  /** The cursor of the last batch handed over (the acknowledged one is `cursor`). */
  let sentCursor: ResumeCursor = { ...options.cursor }
  let connectQueued = false

  const reporter = createStatusReporter(
    {
      feedId: feed.id,
      state: feed.paused ? 'paused' : 'connecting',
      since: clock.now(),
      stopReason: null,
      lastEventAt: null,
      lastError: null,
      nextRetryAt: null,
      stallLimitMs: stall.limitMs(),
      counters: { events: 0, reconnects: 0, bytes: 0, dropped: 0 },
      lastGap: null,
    },
    (snapshot) => options.onStatus(snapshot),
    tuning.statusThrottleMs,
  )
  const { status, setState } = reporter

  // --- connection lifecycle -------------------------------------------------------------------

  function connect(): void {
    clearRetryTimer()
    if (closed) return
    // A new connection resumes from what is stored: wait for batches still being stored.
    if (delivery.inFlight() > 0) {
      if (!connectQueued) {
        connectQueued = true
        delivery.afterSettled(() => {
          connectQueued = false
          connect()
        })
      }
      return
    }
    if (attempts > 0) status.counters.reconnects++
    attempts++
    const target = requestUrl(feed, cursor)
    if (!target.ok) {
      status.lastError = { kind: 'invalid', message: target.message, at: clock.now() }
      setState('stopped', clock.now(), { stopReason: 'invalid' })
      return
    }
    const c: Connection = {
      es: null,
      ended: false,
      verdict: null,
      openedAt: null,
      lastActivity: monotonic(),
      watchdog: null,
      startId: cursor.lastEventId,
      prevRawId: inheritMarker,
      since: cursor.since,
      batch: [],
      progressed: false,
      attempt: nextAttempt++,
      readerBlocked: false,
    }
    current = c
    setState('connecting', clock.now())
    // The watchdog also covers the wait for the response: a server that accepts the connection
    // and never answers is as dead as one that stops sending.
    armWatchdog(c, stall.limitMs())
    c.es = new SinkEventSource(
      target.url,
      { fetch: (url, init) => attemptFetch(c, String(url), init) },
      { open: () => onOpen(c), error: (detail) => onError(c, detail), message: (event) => onMessage(c, event) },
    )
  }

  async function attemptFetch(c: Connection, url: string, init: EventSourceFetchInit): Promise<FetchLikeResponse> {
    const headers = requestHeaders(feed, options.authorization, c.startId)
    const signal = init.signal as AbortSignal
    let response: Awaited<ReturnType<FetchLike>>
    try {
      response = await deps.fetch(url, { method: 'GET', headers, signal, redirect: 'follow', cache: 'no-store' })
    } catch (error) {
      c.fetchError = error
      throw error
    }
    if (c.ended) return response
    const verdict = classifyResponse(response, clock.now(), tuning.maxRetryAfterMs)
    c.verdict = verdict
    if (verdict.kind !== 'open' || response.body === null) return response
    c.lastActivity = monotonic()
    checkReplayGap(c, response.headers)
    const body = framedBody(response.body, {
      maxEventBytes: feed.maxEventBytes,
      prologue,
      marker: chunkEnd,
      onChunk: (byteLength) => onChunk(c, byteLength),
      onOversize: () => onOversize(c),
      beforeRead: () => {
        const room = delivery.roomToRead()
        if (room === null) return null
        c.readerBlocked = true
        return room.then(() => {
          c.readerBlocked = false
          c.lastActivity = monotonic() // waiting for our own storage is not the server's silence
        })
      },
      onRetry: (ms) => {
        // [spec] set the event stream's reconnection time to that integer.
        baseDelayMs = ms
      },
      ...(tuning.onBuffered ? { onBuffered: tuning.onBuffered } : {}),
    })
    return { status: response.status, url: response.url, redirected: response.redirected, headers: response.headers, body }
  }

  function onOpen(c: Connection): void {
    if (c.ended) return
    c.openedAt = monotonic()
    c.lastActivity = c.openedAt
    setState('open', clock.now())
    armWatchdog(c, stall.limitMs())
  }

  function onError(c: Connection, detail: { message: string | undefined }): void {
    if (c.ended) return
    const verdict = c.verdict
    if (verdict?.kind === 'stop') return fail(c, verdict.failure, verdict.reason)
    if (verdict?.kind === 'retry') return fail(c, verdict.failure, null, verdict.retryAfterMs)
    if (c.openedAt === null) {
      if (c.fetchError !== undefined) return fail(c, classifyFetchError(c.fetchError))
      return fail(c, { kind: 'network', message: `Could not connect: ${detail.message ?? 'unknown error'}.` })
    }
    if (detail.message !== undefined) return fail(c, { kind: 'network', message: `The connection broke: ${detail.message}.` })
    fail(c, { kind: 'ended', message: 'The server closed the stream.' })
  }

  /** Ends connection `c` and decides what happens next: stop, or wait and reconnect. */
  function fail(c: Connection, failure: Failure, stopReason: StopReason | null = null, retryAfterMs: number | null = null): void {
    if (c.ended) return
    endConnection(c)
    if (closed) return
    const at = clock.now()
    status.lastError = { ...failure, at }
    if (stopReason !== null) return setState('stopped', at, { stopReason })
    // A stream that stayed up a while, or that moved the resume point, was healthy: start the
    // exponential series afresh (a proxy cutting a busy stream every few seconds must not push the
    // delay to minutes). One that the server accepts and closes at once keeps growing the delay.
    if (c.openedAt !== null && (c.progressed || monotonic() - c.openedAt >= tuning.stableAfterMs)) step = 0
    // Retry-After is honoured exactly the first time; when the server keeps answering 429/503 the
    // wait is at least the exponential backoff, so "Retry-After: 0" cannot make a tight loop.
    const backoff = backoffDelay(step, baseDelayMs, tuning.backoff, random)
    const delay = retryAfterMs === null ? backoff : Math.max(retryAfterMs, step === 0 ? 0 : backoff)
    step++
    retryMandated = retryAfterMs !== null
    setState('backoff', at, { nextRetryAt: at + delay })
    retryTimer = setTimeout(connect, delay)
  }

  function endConnection(c: Connection): void {
    c.ended = true
    delivery.releaseReader()
    c.batch = []
    if (c.watchdog !== null) clearTimeout(c.watchdog)
    c.watchdog = null
    const es = c.es
    if (es !== null) {
      es.detach()
      es.close()
      // eventsource arms its own reconnect timer right after dispatching an error; a second close
      // clears it (it would do nothing but wait, as the EventSource is closed).
      queueMicrotask(() => es.close())
    }
    if (current === c) current = null
  }

  function clearRetryTimer(): void {
    if (retryTimer !== null) clearTimeout(retryTimer)
    retryTimer = null
    retryMandated = false
  }

  // --- bytes, silence, size -------------------------------------------------------------------

  function onChunk(c: Connection, byteLength: number): void {
    if (c.ended) return
    const now = monotonic()
    const before = stall.limitMs()
    stall.observeGap(now - c.lastActivity)
    c.lastActivity = now
    status.counters.bytes += byteLength
    status.stallLimitMs = stall.limitMs()
    // A limit that shrank must not wait out the old, longer timer.
    if (status.stallLimitMs < before) armWatchdog(c, status.stallLimitMs)
    reporter.soon()
  }

  function armWatchdog(c: Connection, delay: number): void {
    if (c.watchdog !== null) clearTimeout(c.watchdog)
    c.watchdog = setTimeout(() => checkSilence(c), Math.max(1, delay))
  }

  function checkSilence(c: Connection): void {
    c.watchdog = null
    if (c.ended) return
    const limit = stall.limitMs()
    if (c.readerBlocked) return armWatchdog(c, limit) // we are not reading: the server is not silent
    const silent = monotonic() - c.lastActivity
    if (silent < limit - 1) return armWatchdog(c, limit - silent)
    if (c.openedAt === null) {
      return fail(c, { kind: 'stalled', message: `No response within ${seconds(silent)}; reconnecting.` })
    }
    // Count the silence as a gap: if the stream was merely quiet, the limit grows instead of
    // cutting it at the same point again.
    stall.observeGap(silent)
    status.stallLimitMs = stall.limitMs()
    fail(c, { kind: 'stalled', message: `No data for ${seconds(silent)} (limit ${seconds(limit)}); reconnecting.` })
  }

  function onOversize(c: Connection): void {
    if (c.ended) return
    status.counters.dropped++
    status.lastError = { kind: 'oversize', message: `Dropped an event larger than the ${feed.maxEventBytes}-byte limit.`, at: clock.now() }
    reporter.now()
  }

  function checkReplayGap(c: Connection, headers: { get(name: string): string | null }): void {
    // Mercure: the response's Last-Event-ID says where replay really starts.
    if (feed.preset !== 'mercure' || c.startId === '') return
    const header = headers.get('last-event-id')
    if (header === null) return
    const actual = fromByteString(header)
    if (actual === c.startId) return
    const gap: ReplayGap = { feedId: feed.id, requested: c.startId, actual, at: clock.now() }
    status.lastGap = gap
    try {
      options.onGap(gap)
    } catch {
      // The gap is also in the status; a failing listener must not take the stream down.
    }
  }

  // --- events ---------------------------------------------------------------------------------

  function onMessage(c: Connection, event: MessageEvent<string>): void {
    if (c.ended) return
    if (event.type === chunkEndType) return flush(c, event.lastEventId)
    const raw = event.lastEventId
    const inherited = raw === inheritMarker
    const newId = !inherited && raw !== '' && raw !== c.prevRawId
    c.prevRawId = raw
    const mapped = mapEvent(feed.preset, { type: event.type, data: event.data, id: inherited ? c.startId : raw, newId })
    if (mapped.kind === 'protocol') return
    if (mapped.since !== null) c.since = mapped.since
    // Filtered-out types are not stored, but the cursor still moves past them.
    if (wantedTypes.size > 0 && !wantedTypes.has(mapped.type)) return
    c.batch.push({
      feedId: feed.id,
      id: mapped.id,
      newId: mapped.newId,
      type: mapped.type,
      data: mapped.data,
      receivedAt: clock.now(),
    })
  }

  /** The parser finished a chunk: store its events with the cursor it reached, in one call. */
  function flush(c: Connection, rawLastEventId: string): void {
    const next: ResumeCursor = {
      lastEventId: rawLastEventId === inheritMarker ? c.startId : rawLastEventId,
      since: c.since,
    }
    const events = c.batch
    c.batch = []
    if (events.length === 0 && next.lastEventId === sentCursor.lastEventId && next.since === sentCursor.since) return
    sentCursor = next
    // Not stored, so not acknowledged: the next connection resumes from the last stored cursor.
    const refused = (error: unknown) => fail(c, { kind: 'storage', message: `Could not store received events: ${errorText(error)}` })
    let answer: void | Promise<void>
    try {
      answer = options.deliver(events, next, c.attempt)
    } catch (error) {
      sentCursor = cursor
      return refused(error)
    }
    if (answer === undefined) return acknowledge(c, events.length, next)
    delivery.track(
      answer,
      () => acknowledge(c, events.length, next),
      (error) => {
        sentCursor = cursor
        refused(error)
      },
    )
  }

  /** A batch is stored: its cursor is the resume point and its events count. */
  function acknowledge(c: Connection, count: number, next: ResumeCursor): void {
    if (next.lastEventId !== cursor.lastEventId || next.since !== cursor.since) c.progressed = true
    cursor = next
    if (count > 0) {
      status.counters.events += count
      status.lastEventAt = clock.now()
    }
    if (!closed) reporter.soon()
  }


  // --- public ---------------------------------------------------------------------------------

  // Start on the next microtask, so the caller holds the Subscription before the first status.
  queueMicrotask(() => {
    if (closed || current !== null) return
    if (status.state === 'paused') reporter.now()
    else if (status.state === 'connecting') connect()
  })

  return {
    status: reporter.snapshot,
    wake() {
      if (closed || status.state !== 'backoff') return
      // A wait the server asked for (Retry-After) is kept, measured on the wall clock so time
      // asleep counts; only the exponential wait is cut short.
      if (retryMandated && status.nextRetryAt !== null) {
        const remaining = status.nextRetryAt - clock.now()
        if (remaining > 0) {
          if (retryTimer !== null) clearTimeout(retryTimer)
          retryTimer = setTimeout(connect, remaining)
          return
        }
      }
      step = 0
      connect()
    },
    resume() {
      if (closed || status.state === 'open' || status.state === 'connecting') return
      step = 0
      connect()
    },
    close() {
      closed = true
      clearRetryTimer()
      reporter.close()
      if (current !== null) endConnection(current)
      // Everything handed over is stored (or refused) before close() resolves.
      return new Promise<void>((resolve) => delivery.afterSettled(resolve))
    },
  }
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
