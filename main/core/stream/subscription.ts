/**
 * The supervised subscription of one feed: the supervisor owns every decision around the
 * connections a transport (transport.ts) opens (DESIGN.md, "Connection behaviour"): when to
 * reconnect and after how long (decisions.ts: planRetry, planWake), when a silent stream is dead
 * (judgeSilence, with the limit from stall.ts), when to stop, and when a received event counts —
 * only once `deliver()` has stored it with its cursor (delivery-window.ts keeps the batches in
 * flight bounded and gives the transport its backpressure).
 */
import type { FeedEvent, ReplayGap, ResumeCursor, StopReason } from '../types.ts'
import { createDeliveryWindow } from './delivery-window.ts'
import { DROPPED_BINARY, DROPPED_NOT_A_MESSAGE, DROPPED_UNSERIALISABLE, PAUSE_IGNORED, SERVER_PAUSE, STALL_NO_RESPONSE, STALL_SILENT } from './error-codes.ts'
import { judgeSilence, planRetry, planServerPause, planWake, rearmAfterActivity } from './decisions.ts'
import type { Failure } from './response.ts'
import { createStallPolicy } from './stall.ts'
import { createStatusReporter } from './status-reporter.ts'
import type { DropReason, OpenInfo, TransportEnd, TransportSink, WireEvent } from './transport.ts'
import { selectTransport } from './transports.ts'
import { resolveTuning } from './tuning.ts'
import type { StreamDeps, SubscribeOptions, Subscription } from './subscription-api.ts'
import type { Connection } from './connection.ts'

export type { StreamDeps, SubscribeOptions, Subscription } from './subscription-api.ts'

/**
 * Connection attempts are numbered across every subscription of the process, so a store that
 * refuses the rest of a failed attempt never mistakes a later subscription's attempt for it.
 */
let nextAttempt = 1

const monotonic = (): number => performance.now()

/** Starts the subscription: it connects on the next microtask, or reports `paused` if `feed.paused`. */
export function subscribe(options: SubscribeOptions, deps: StreamDeps): Subscription {
  const { feed } = options
  const { clock } = deps
  const random = deps.random ?? Math.random
  const tuning = resolveTuning(options.tuning)
  const stall = createStallPolicy(tuning.stall, feed.stallTimeoutSec === null ? null : feed.stallTimeoutSec * 1000)
  const transport = selectTransport(feed, deps, tuning)
  const wantedTypes = new Set(feed.eventTypes)

  /** The acknowledged resume point: the last stored cursor. */
  let cursor: ResumeCursor = { ...options.cursor }
  /** The cursor of the last batch handed over (not necessarily stored yet). */
  let sentCursor: ResumeCursor = { ...options.cursor }
  let baseDelayMs = tuning.backoff.baseMs
  let step = 0
  let attempts = 0
  let closed = false
  let current: Connection | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let retryMandated = false
  let connectQueued = false
  /**
   * When the last connection that had opened was lost (ms since epoch); null while none was. A
   * transport that cannot replay turns it into a gap on its next open.
   */
  let lostAt: number | null = options.missingSince ?? null
  /** Batches handed to deliver() and not answered yet, over all connections. */
  const delivery = createDeliveryWindow()

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
    const c: Connection = {
      handle: null,
      ended: false,
      openedAt: null,
      lastActivity: monotonic(),
      watchdog: null,
      startId: cursor.lastEventId,
      progressed: false,
      attempt: nextAttempt++,
      readerBlocked: false,
    }
    current = c
    setState('connecting', clock.now())
    // The watchdog also covers the wait for the response: a server that accepts the connection
    // and never answers is as dead as one that stops sending.
    armWatchdog(c, stall.limitMs())
    c.handle = transport.connect({ feed, authorization: options.authorization, cursor: { ...cursor } }, sinkFor(c))
  }

  /** What the transport reports about connection `c`; anything after its end is ignored. */
  function sinkFor(c: Connection): TransportSink {
    return {
      open: (info) => {
        if (!c.ended) onOpen(c, info)
      },
      activity: (byteLength) => {
        if (!c.ended) onActivity(c, byteLength)
      },
      batch: (events, next) => {
        if (!c.ended) handOver(c, events, next)
      },
      retryDelay: (ms) => {
        if (!c.ended) baseDelayMs = ms
      },
      oversize: () => {
        if (!c.ended) onOversize()
      },
      dropped: (reason, bytes) => {
        if (!c.ended) onDropped(reason, bytes)
      },
      pause: (data) => {
        if (!c.ended) onServerPause(c, data)
      },
      end: (how) => onEnd(c, how),
      roomToRead: () => {
        if (c.ended) return null
        const room = delivery.roomToRead()
        if (room === null) return null
        c.readerBlocked = true
        return room.then(() => {
          c.readerBlocked = false
          c.lastActivity = monotonic() // waiting for our own storage is not the server's silence
        })
      },
    }
  }

  function onOpen(c: Connection, info: OpenInfo | undefined): void {
    c.openedAt = monotonic()
    c.lastActivity = c.openedAt
    if (info?.replayedFrom !== undefined) checkReplayGap(c, info.replayedFrom)
    if (info?.replays === false && lostAt !== null) recordGap({ feedId: feed.id, requested: '', actual: '', at: clock.now(), missingSince: lostAt })
    lostAt = null
    setState('open', clock.now())
    armWatchdog(c, stall.limitMs())
  }

  function onEnd(c: Connection, how: TransportEnd): void {
    if (how.kind === 'stop') return fail(c, how.failure, how.reason)
    fail(c, how.failure, null, how.retryAfterMs)
  }

  /** Ends connection `c` and decides what happens next: stop, or wait and reconnect. */
  function fail(c: Connection, failure: Failure, stopReason: StopReason | null = null, retryAfterMs: number | null = null): void {
    if (c.ended) return
    endConnection(c)
    if (closed) return
    const at = clock.now()
    status.lastError = { ...failure, at }
    if (stopReason !== null) return setState('stopped', at, { stopReason })
    const plan = planRetry(
      { step, baseDelayMs, openForMs: c.openedAt === null ? null : monotonic() - c.openedAt, progressed: c.progressed, retryAfterMs },
      tuning,
      random,
    )
    step = plan.nextStep
    retryMandated = plan.mandated
    setState('backoff', at, { nextRetryAt: at + plan.delayMs })
    retryTimer = setTimeout(connect, plan.delayMs)
  }

  /**
   * The server ordered a pause: close, and reconnect at its time. Like Retry-After, the wait is
   * the server's: wake-up keeps it (only the user's resume() cuts it short).
   */
  function onServerPause(c: Connection, data: string): void {
    const at = clock.now()
    const plan = planServerPause(data, at)
    if (plan.kind === 'ignore') {
      status.lastError = { kind: 'invalid', code: PAUSE_IGNORED, message: plan.reason, at }
      return reporter.now()
    }
    endConnection(c)
    if (closed) return
    status.lastError = { kind: 'ended', code: SERVER_PAUSE, message: `The server paused the feed until ${new Date(plan.until).toISOString()}.`, at }
    step = 0
    retryMandated = true
    setState('backoff', at, { nextRetryAt: at + plan.delayMs })
    retryTimer = setTimeout(connect, plan.delayMs)
  }

  function endConnection(c: Connection): void {
    if (c.openedAt !== null && !c.ended) lostAt = clock.now()
    c.ended = true
    delivery.releaseReader()
    if (c.watchdog !== null) clearTimeout(c.watchdog)
    c.watchdog = null
    c.handle?.close()
    if (current === c) current = null
  }

  function clearRetryTimer(): void {
    if (retryTimer !== null) clearTimeout(retryTimer)
    retryTimer = null
    retryMandated = false
  }

  // --- bytes, silence, size -------------------------------------------------------------------

  function onActivity(c: Connection, byteLength: number): void {
    const now = monotonic()
    const before = stall.limitMs()
    stall.observeGap(now - c.lastActivity)
    c.lastActivity = now
    status.counters.bytes += byteLength
    status.stallLimitMs = stall.limitMs()
    const rearm = rearmAfterActivity(before, status.stallLimitMs)
    if (rearm !== null) armWatchdog(c, rearm)
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
    const silent = monotonic() - c.lastActivity
    const verdict = judgeSilence({ silentMs: silent, limitMs: limit, readerBlocked: c.readerBlocked, opened: c.openedAt !== null })
    if (verdict.kind === 'alive') return armWatchdog(c, verdict.checkInMs)
    if (verdict.phase === 'response') {
      return fail(c, { kind: 'stalled', code: STALL_NO_RESPONSE, message: `No response within ${seconds(silent)}; reconnecting.` })
    }
    // Count the silence as a gap: if the stream was merely quiet, the limit grows instead of
    // cutting it at the same point again.
    stall.observeGap(silent)
    status.stallLimitMs = stall.limitMs()
    fail(c, { kind: 'stalled', code: STALL_SILENT, message: `No data for ${seconds(silent)} (limit ${seconds(limit)}); reconnecting.` })
  }

  function onOversize(): void {
    status.counters.dropped++
    status.lastError = { kind: 'oversize', message: `Dropped an event larger than the ${feed.maxEventBytes}-byte limit.`, at: clock.now() }
    reporter.now()
  }

  /** A message the transport could not turn into an event; size drops are counted by onOversize. */
  function onDropped(reason: DropReason, bytes: number): void {
    if (reason === 'oversize') return
    status.counters.dropped++
    const code = reason === 'binary' ? DROPPED_BINARY : reason === 'not-a-message' ? DROPPED_NOT_A_MESSAGE : DROPPED_UNSERIALISABLE
    status.lastError = { kind: 'invalid', code, message: `Dropped a ${bytes}-byte message (${reason}).`, at: clock.now() }
    reporter.now()
  }

  function checkReplayGap(c: Connection, actual: string): void {
    if (c.startId === '' || actual === c.startId) return
    recordGap({ feedId: feed.id, requested: c.startId, actual, at: clock.now() })
  }

  function recordGap(gap: ReplayGap): void {
    status.lastGap = gap
    try {
      options.onGap(gap)
    } catch {
      // The gap is also in the status; a failing listener must not take the stream down.
    }
  }

  // --- events ---------------------------------------------------------------------------------

  /** A batch from the transport: store its events with the cursor it reached, in one call. */
  function handOver(c: Connection, wire: WireEvent[], next: ResumeCursor): void {
    const receivedAt = clock.now()
    const events: FeedEvent[] = []
    for (const e of wire) {
      // Filtered-out types are not stored, but the cursor still moves past them.
      if (wantedTypes.size > 0 && !wantedTypes.has(e.type)) continue
      events.push({ feedId: feed.id, id: e.id, newId: e.newId, type: e.type, data: e.data, receivedAt })
    }
    if (events.length === 0 && next.lastEventId === sentCursor.lastEventId && next.since === sentCursor.since) return
    sentCursor = next
    // Not stored, so not acknowledged: the next connection resumes from the last stored cursor.
    const refused = (error: unknown) => fail(c, { kind: 'storage', message: errorText(error), ...errorCode(error) })
    let answer: void | Promise<void>
    try {
      answer = options.deliver(events, next, c.attempt)
    } catch (error) {
      sentCursor = cursor
      return refused(error)
    }
    if (answer === undefined) return acknowledge(c, events.length, next, receivedAt)
    delivery.track(
      answer,
      () => acknowledge(c, events.length, next, receivedAt),
      (error) => {
        sentCursor = cursor
        refused(error)
      },
    )
  }

  /**
   * A batch is stored: its cursor is the resume point and its events count. The last event's time
   * is when it was received (what history stores), not when storing finished.
   */
  function acknowledge(c: Connection, count: number, next: ResumeCursor, receivedAt: number): void {
    if (next.lastEventId !== cursor.lastEventId || next.since !== cursor.since) c.progressed = true
    cursor = next
    if (count > 0) {
      status.counters.events += count
      status.lastEventAt = receivedAt
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
      const plan = planWake({ mandated: retryMandated, nextRetryAt: status.nextRetryAt, now: clock.now() })
      if (plan.kind === 'keep') {
        if (retryTimer !== null) clearTimeout(retryTimer)
        retryTimer = setTimeout(connect, plan.remainingMs)
        return
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

/** The error's own code (ENOSPC, ERR_SQLITE_ERROR…), when it has one. */
function errorCode(error: unknown): { code?: string } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' && code !== '' ? { code } : {}
}
