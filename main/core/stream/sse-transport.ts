/**
 * The SSE transport: each connection is one eventsource `EventSource` over the injected fetch,
 * reading a framed body (frame-limiter.ts: memory bounded; framed-body.ts: chunk markers).
 *
 * Two small pieces of stream text of our own make one-shot EventSources behave like one
 * long-lived EventSource: a prologue `id:<marker>` (so events without `id:` are recognisably
 * inheriting the stored resume id, as [spec] "the buffer does not get reset" across
 * reconnections) and a chunk-end marker event after every chunk (so each chunk is handed over as
 * one batch with the exact last event ID the parser reached). Both use a random nonce per
 * transport and never reach history.
 */
import { randomUUID } from 'node:crypto'
import type { EventSourceFetchInit, FetchLikeResponse } from 'eventsource'
import type { FetchLike } from '../ports.ts'
import type { Feed, ResumeCursor } from '../types.ts'
import { mapEvent } from './event-mapping.ts'
import { SinkEventSource } from './event-source.ts'
import { classifyFetchError } from './fetch-error.ts'
import { framedBody } from './framed-body.ts'
import { fromByteString, requestHeaders, requestUrl } from './request.ts'
import { classifyResponse } from './response.ts'
import type { Verdict } from './response.ts'
import type { ConnectRequest, Transport, TransportConnection, TransportSink, WireEvent } from './transport.ts'

const encoder = new TextEncoder()

export interface SseTransportOptions {
  fetch: FetchLike
  now: () => number
  /** The longest Retry-After honoured. */
  maxRetryAfterMs: number
  /** Diagnostics: the most bytes the frame limiter held back, each time that grows. */
  onBuffered?: (maxBufferedBytes: number) => void
}

/** One SSE connection's own state (what the parser has seen). */
interface SseConnection {
  es: SinkEventSource | null
  ended: boolean
  verdict: Verdict | null
  opened: boolean
  /** Why fetch itself failed (no response at all). */
  fetchError?: unknown
  /** Why reading the body failed (the connection broke). */
  readError?: unknown
  /** The resume id sent with this attempt: what events without `id:` inherit. */
  startId: string
  /** The last event ID the previous event of this connection carried (raw, as the parser had it). */
  prevRawId: string
  /** ntfy's resume token as of the last parsed message. */
  since: string
  /** Events of the chunk being parsed. */
  batch: WireEvent[]
  /** Mercure: where the response's Last-Event-ID says replay really starts. */
  replayedFrom?: string
}

/** Creates the SSE transport (one per subscription: the markers' nonce is its own). */
export function createSseTransport(options: SseTransportOptions): Transport {
  const nonce = randomUUID()
  const inheritMarker = `\u0001tidings-inherit-${nonce}`
  const chunkEndType = `\u0000tidings-chunk-end-${nonce}`
  const prologue = encoder.encode(`id:${inheritMarker}\n\n`)
  const chunkEnd = encoder.encode(`event:${chunkEndType}\ndata\n\n`)

  function connect(request: ConnectRequest, sink: TransportSink): TransportConnection {
    const { feed, cursor } = request
    const c: SseConnection = {
      es: null,
      ended: false,
      verdict: null,
      opened: false,
      startId: cursor.lastEventId,
      prevRawId: inheritMarker,
      since: cursor.since,
      batch: [],
    }
    const end = (how: Parameters<TransportSink['end']>[0]): void => {
      if (c.ended) return
      close()
      sink.end(how)
    }
    function close(): void {
      c.ended = true
      c.batch = []
      const es = c.es
      if (es === null) return
      es.detach()
      es.close()
      // eventsource arms its own reconnect timer right after dispatching an error; a second close
      // clears it (it would do nothing but wait, as the EventSource is closed).
      queueMicrotask(() => es.close())
    }

    const target = requestUrl(feed, cursor)
    if (!target.ok) {
      const failure = { kind: 'invalid' as const, message: target.message }
      queueMicrotask(() => end({ kind: 'stop', reason: 'invalid', failure }))
      return { close }
    }
    c.es = new SinkEventSource(
      target.url,
      { fetch: (url, init) => attemptFetch(c, request, sink, String(url), init) },
      {
        open: () => {
          if (c.ended) return
          c.opened = true
          sink.open(c.replayedFrom === undefined ? {} : { replayedFrom: c.replayedFrom })
        },
        error: (detail) => onError(c, detail, end),
        message: (event) => onMessage(c, feed, sink, event),
      },
    )
    return { close }
  }

  async function attemptFetch(c: SseConnection, request: ConnectRequest, sink: TransportSink, url: string, init: EventSourceFetchInit): Promise<FetchLikeResponse> {
    const { feed } = request
    const headers = requestHeaders(feed, request.authorization, c.startId)
    const signal = init.signal as AbortSignal
    let response: Awaited<ReturnType<FetchLike>>
    try {
      response = await options.fetch(url, {
        method: 'GET',
        headers,
        signal,
        redirect: 'follow',
        cache: 'no-store',
        ...(feed.caCertificate ? { ca: feed.caCertificate } : {}),
      })
    } catch (error) {
      c.fetchError = error
      throw error
    }
    if (c.ended) return response
    const verdict = classifyResponse(response, options.now(), options.maxRetryAfterMs)
    c.verdict = verdict
    if (verdict.kind !== 'open' || response.body === null) return response
    // Mercure: the response's Last-Event-ID says where replay really starts.
    if (feed.preset === 'mercure' && c.startId !== '') {
      const header = response.headers.get('last-event-id')
      if (header !== null) c.replayedFrom = fromByteString(header)
    }
    const body = framedBody(response.body, {
      maxEventBytes: feed.maxEventBytes,
      prologue,
      marker: chunkEnd,
      onChunk: (byteLength) => {
        if (!c.ended) sink.activity(byteLength)
      },
      onOversize: () => {
        if (!c.ended) sink.oversize()
      },
      beforeRead: () => (c.ended ? null : sink.roomToRead()),
      onReadError: (error) => {
        c.readError = error
      },
      onRetry: (ms) => {
        // [spec] set the event stream's reconnection time to that integer.
        if (!c.ended) sink.retryDelay(ms)
      },
      ...(options.onBuffered ? { onBuffered: options.onBuffered } : {}),
    })
    return { status: response.status, url: response.url, redirected: response.redirected, headers: response.headers, body }
  }

  function onError(c: SseConnection, detail: { message: string | undefined }, end: (how: Parameters<TransportSink['end']>[0]) => void): void {
    if (c.ended) return
    const verdict = c.verdict
    if (verdict?.kind === 'stop') return end({ kind: 'stop', reason: verdict.reason, failure: verdict.failure })
    if (verdict?.kind === 'retry') return end({ kind: 'retry', failure: verdict.failure, retryAfterMs: verdict.retryAfterMs })
    if (!c.opened) {
      const failure = c.fetchError !== undefined ? classifyFetchError(c.fetchError) : { kind: 'network' as const, message: detail.message ?? 'no response' }
      return end({ kind: 'retry', failure, retryAfterMs: null })
    }
    if (c.readError !== undefined) return end({ kind: 'retry', failure: classifyFetchError(c.readError), retryAfterMs: null })
    if (detail.message !== undefined) return end({ kind: 'retry', failure: { kind: 'network', message: detail.message }, retryAfterMs: null })
    end({ kind: 'retry', failure: { kind: 'ended', message: 'The server closed the stream.' }, retryAfterMs: null })
  }

  function onMessage(c: SseConnection, feed: Feed, sink: TransportSink, event: MessageEvent<string>): void {
    if (c.ended) return
    if (event.type === chunkEndType) return flush(c, sink, event.lastEventId)
    // A server-directed pause is no event of the feed: what came before it is handed over with
    // the cursor past it, then the supervisor decides.
    if (feed.serverPause === true && event.type === 'pause') {
      c.prevRawId = event.lastEventId
      flush(c, sink, event.lastEventId)
      if (!c.ended) sink.pause(event.data)
      return
    }
    const raw = event.lastEventId
    const inherited = raw === inheritMarker
    const newId = !inherited && raw !== '' && raw !== c.prevRawId
    c.prevRawId = raw
    const mapped = mapEvent(feed.preset, { type: event.type, data: event.data, id: inherited ? c.startId : raw, newId })
    if (mapped.kind === 'protocol') return
    if (mapped.since !== null) c.since = mapped.since
    c.batch.push({ id: mapped.id, newId: mapped.newId, type: mapped.type, data: mapped.data })
  }

  /** The parser finished a chunk: hand its events over with the cursor it reached. */
  function flush(c: SseConnection, sink: TransportSink, rawLastEventId: string): void {
    const cursor: ResumeCursor = { lastEventId: rawLastEventId === inheritMarker ? c.startId : rawLastEventId, since: c.since }
    const events = c.batch
    c.batch = []
    sink.batch(events, cursor)
  }

  return { connect }
}
