/**
 * The SSE transport: each connection is one fetch over the injected port, its body read one
 * network chunk at a time through the frame limiter (memory bounded: whole event blocks only) and
 * parsed by `eventsource-parser` (the spec's line and field rules). Each chunk's events are handed
 * over as one batch with the exact last event ID the parser reached.
 *
 * The stream itself keeps what the spec keeps across reconnections: the last event ID buffer
 * starts as the stored resume id (events without `id:` inherit it: [spec] "the buffer does not
 * get reset" across reconnections), and `retry:` goes to the supervisor, which owns every
 * reconnect.
 */
import { createParser } from 'eventsource-parser'
import type { EventSourceParser } from 'eventsource-parser'
import type { FetchLike, FetchResponse } from '../ports.ts'
import type { Feed, ResumeCursor } from '../types.ts'
import { mapEvent, mapsEvents } from './event-mapping.ts'
import { classifyFetchError } from './fetch-error.ts'
import { createFrameLimiter } from './frame-limiter.ts'
import { fromByteString, requestHeaders, requestUrl } from './request.ts'
import { classifyResponse } from './response.ts'
import type { ConnectRequest, Transport, TransportConnection, TransportEnd, TransportSink, WireEvent } from './transport.ts'

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
  ended: boolean
  controller: AbortController
  reader: ReadableStreamDefaultReader<Uint8Array> | null
  /** The resume id sent with this attempt: what events without `id:` inherit. */
  startId: string
  /** The last event ID buffer; null while it still holds the inherited `startId`. */
  lastId: string | null
  /** The last event ID the previous event of this connection carried (null = inherited). */
  prevId: string | null
  /** ntfy's resume token as of the last parsed message. */
  since: string
  /** Events of the chunk being parsed. */
  batch: WireEvent[]
}

/** Creates the SSE transport. */
export function createSseTransport(options: SseTransportOptions): Transport {
  function connect(request: ConnectRequest, sink: TransportSink): TransportConnection {
    const { feed, cursor } = request
    const c: SseConnection = {
      ended: false,
      controller: new AbortController(),
      reader: null,
      startId: cursor.lastEventId,
      lastId: null,
      prevId: null,
      since: cursor.since,
      batch: [],
    }
    function close(): void {
      if (c.ended) return
      c.ended = true
      c.batch = []
      c.controller.abort()
      c.reader?.cancel().catch(() => {})
    }
    const end = (how: TransportEnd): void => {
      if (c.ended) return
      close()
      sink.end(how)
    }

    const target = requestUrl(feed, cursor)
    if (!target.ok) {
      const failure = { kind: 'invalid' as const, message: target.message }
      queueMicrotask(() => end({ kind: 'stop', reason: 'invalid', failure }))
      return { close }
    }
    // The fetch port is called on a later tick: connect() never reaches the sink synchronously.
    // Whatever throws on the way (a sink must not) ends the connection rather than escaping.
    void Promise.resolve()
      .then(() => run(c, request, target.url, sink, end))
      .catch((error: unknown) => end({ kind: 'retry', failure: classifyFetchError(error), retryAfterMs: null }))
    return { close }
  }

  async function run(c: SseConnection, request: ConnectRequest, url: string, sink: TransportSink, end: (how: TransportEnd) => void): Promise<void> {
    if (c.ended) return
    const { feed } = request
    let response: FetchResponse
    try {
      response = await options.fetch(url, {
        method: 'GET',
        headers: requestHeaders(feed, request.authorization, c.startId),
        signal: c.controller.signal,
        redirect: 'follow',
        cache: 'no-store',
        ...(feed.caCertificate ? { ca: feed.caCertificate } : {}),
      })
    } catch (error) {
      return end({ kind: 'retry', failure: classifyFetchError(error), retryAfterMs: null })
    }
    if (c.ended) {
      response.body?.cancel().catch(() => {})
      return
    }
    const verdict = classifyResponse(response, options.now(), options.maxRetryAfterMs)
    if (verdict.kind !== 'open') {
      response.body?.cancel().catch(() => {})
      if (verdict.kind === 'stop') return end({ kind: 'stop', reason: verdict.reason, failure: verdict.failure })
      return end({ kind: 'retry', failure: verdict.failure, retryAfterMs: verdict.retryAfterMs })
    }
    // Mercure: the response's Last-Event-ID says where replay really starts.
    let replayedFrom: string | undefined
    if (feed.preset === 'mercure' && c.startId !== '') {
      const header = response.headers.get('last-event-id')
      if (header !== null) replayedFrom = fromByteString(header)
    }
    sink.open(replayedFrom === undefined ? {} : { replayedFrom })
    if (c.ended) return
    if (response.body === null) {
      return end({ kind: 'retry', failure: { kind: 'network', message: 'Invalid response body, expected a web ReadableStream' }, retryAfterMs: null })
    }
    await read(c, feed, response.body, sink, end)
  }

  /** Reads the body one network chunk at a time; each chunk's whole blocks become one batch. */
  async function read(c: SseConnection, feed: Feed, body: ReadableStream<Uint8Array>, sink: TransportSink, end: (how: TransportEnd) => void): Promise<void> {
    const reader = body.getReader()
    c.reader = reader
    const limiter = createFrameLimiter({
      maxBlockBytes: feed.maxEventBytes,
      onOversize: () => {
        if (!c.ended) sink.oversize()
      },
    })
    // The limiter has already stripped the stream's leading BOM; any U+FEFF after it is data.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
    const parser = createSseParser(c, feed, sink)
    let reportedBuffered = 0
    for (;;) {
      const wait = sink.roomToRead()
      if (wait !== null) await wait
      if (c.ended) return
      let next: ReadableStreamReadResult<Uint8Array>
      try {
        next = await reader.read()
      } catch (error) {
        return end({ kind: 'retry', failure: classifyFetchError(error), retryAfterMs: null })
      }
      if (c.ended) return
      // [spec] Once the end of the file is reached, any pending data must be discarded.
      if (next.done) return end({ kind: 'retry', failure: { kind: 'ended', message: 'The server closed the stream.' }, retryAfterMs: null })
      const chunk = next.value
      sink.activity(chunk.byteLength)
      const blocks = limiter.push(chunk)
      if (options.onBuffered && limiter.maxBuffered > reportedBuffered) {
        reportedBuffered = limiter.maxBuffered
        options.onBuffered(reportedBuffered)
      }
      if (c.ended || blocks.length === 0) continue
      parser.feed(decoder.decode(blocks))
      if (c.ended) return
      flush(c, sink)
    }
  }

  /** The parser for one connection: it dispatches into `c.batch`, synchronously, in stream order. */
  function createSseParser(c: SseConnection, feed: Feed, sink: TransportSink): EventSourceParser {
    const mapping = mapsEvents(feed.preset)
    const parser = createParser({
      onId: (id) => {
        c.lastId = id
      },
      onRetry: (ms) => {
        // [spec] set the event stream's reconnection time to that integer.
        if (!c.ended) sink.retryDelay(ms)
      },
      onEvent: (event) => {
        if (c.ended) return
        const type = event.event || 'message'
        const raw = c.lastId
        // A server-directed pause is no event of the feed: what came before it is handed over
        // with the cursor past it, then the supervisor decides.
        if (feed.serverPause === true && type === 'pause') {
          c.prevId = raw
          flush(c, sink)
          if (!c.ended) sink.pause(event.data)
          return
        }
        const inherited = raw === null
        const newId = !inherited && raw !== '' && raw !== c.prevId
        c.prevId = raw
        const id = inherited ? c.startId : raw
        if (!mapping) {
          c.batch.push({ id, newId, type, data: event.data })
          return
        }
        const mapped = mapEvent(feed.preset, { type, data: event.data, id, newId })
        if (mapped.kind === 'protocol') return
        if (mapped.since !== null) c.since = mapped.since
        c.batch.push({ id: mapped.id, newId: mapped.newId, type: mapped.type, data: mapped.data })
      },
    })
    // Settles the parser's own leading-BOM check on a blank line (which dispatches nothing), so
    // a second U+FEFF — data, once the limiter took the first — is never stripped.
    parser.feed('\n')
    return parser
  }

  /** The parser finished a chunk (or reached a pause): hand its events over with the cursor reached. */
  function flush(c: SseConnection, sink: TransportSink): void {
    const cursor: ResumeCursor = { lastEventId: c.lastId ?? c.startId, since: c.since }
    const events = c.batch
    c.batch = []
    sink.batch(events, cursor)
  }

  return { connect }
}
