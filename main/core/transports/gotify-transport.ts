/**
 * The gotify transport: the WebSocket `/stream` for live messages, and after every (re)connect
 * the missed ones from `GET /message` — stored oldest first, exactly once, before any live
 * message. The stream is opened first and buffers while the pages are walked, so a message sent
 * during the catch-up is in a page, on the stream or both, never neither (gotify-catch-up.ts).
 * The resume cursor is the last stored message id (`ResumeCursor.lastEventId`).
 *
 * The connection counts as open (sink.open) once the catch-up is handed over; when it stopped
 * short (more than `maxCatchUpMessages` missed) `replayedFrom` names the oldest message fetched,
 * so the supervisor records a gap.
 */
import type { FetchLike, ProxyResolver } from '../ports.ts'
import type { ResumeCursor } from '../types.ts'
import { createBatcher } from './batcher.ts'
import { createLiveGate, cursorToId, mergeCatchUp } from './gotify-catch-up.ts'
import { fetchMissed } from './gotify-fetcher.ts'
import { gotifyEvent, parseGotifyMessage, type GotifyMessage } from './gotify-message.ts'
import { gotifyHeaders, gotifyUrls } from './gotify-urls.ts'
import type { ConnectRequest, Transport, TransportConnection, TransportEnd, TransportSink, WireEvent } from '../stream/transport.ts'
import { openWebSocket } from './ws-client.ts'
import { wirePayloadLimit } from './ws-message.ts'

export interface GotifyTransportOptions {
  fetch: FetchLike
  now: () => number
  maxRetryAfterMs: number
  /** Client pings on the stream (default 30 s; gotify also pings every 45 s). */
  pingIntervalMs?: number
  /** The proxy for the stream's WebSocket (the OS's, in the app); when absent, HTTP(S)_PROXY / NO_PROXY from `env`. */
  proxy?: ProxyResolver
  /** Where HTTP(S)_PROXY / NO_PROXY are read without `proxy` (process.env when absent). */
  env?: Record<string, string | undefined>
  /** Messages per catch-up page (gotify allows at most 200). */
  pageLimit?: number
  /** The catch-up stops after this many messages and records a gap. */
  maxCatchUpMessages?: number
  /** Events per batch handed over during the catch-up. */
  catchUpBatch?: number
}

const cursorOf = (id: number): ResumeCursor => ({ lastEventId: String(id), since: '' })

/** Creates the gotify transport. */
export function createGotifyTransport(options: GotifyTransportOptions): Transport {
  const pageLimit = Math.min(200, Math.max(1, options.pageLimit ?? 200))
  const maxCatchUp = options.maxCatchUpMessages ?? 10_000
  const catchUpBatch = options.catchUpBatch ?? 200

  function connect(request: ConnectRequest, sink: TransportSink): TransportConnection {
    const { feed } = request
    let done = false
    const abort = new AbortController()
    /** Live messages that arrived while the catch-up ran, in arrival order. */
    let buffered: GotifyMessage[] | null = []
    let gate: ReturnType<typeof createLiveGate> | null = null

    const finish = (end: TransportEnd | null): void => {
      if (done) return
      done = true
      abort.abort()
      batcher.flush()
      batcher.close()
      client.close()
      if (end) sink.end(end)
    }

    const urls = gotifyUrls(feed.url)
    if (urls === null) {
      const failure = { kind: 'invalid' as const, message: `Not a gotify stream URL: ${feed.url}` }
      queueMicrotask(() => sink.end({ kind: 'stop', reason: 'invalid', failure }))
      return { close: () => undefined }
    }
    const headers = gotifyHeaders(feed.headers, request.authorization)

    /** Drops what cannot be stored; returns whether the message may go on. */
    function fits(message: GotifyMessage): boolean {
      const bytes = Buffer.byteLength(message.raw)
      if (bytes <= feed.maxEventBytes) return true
      sink.oversize()
      sink.dropped?.('oversize', bytes)
      return false
    }

    function live(message: GotifyMessage): void {
      if (gate?.admit(message) && fits(message)) batcher.push(gotifyEvent(message), cursorOf(message.id))
    }

    async function catchUp(): Promise<void> {
      const result = await fetchMissed({
        fetch: options.fetch,
        messagesUrl: urls!.messages,
        headers,
        ca: feed.caCertificate,
        signal: abort.signal,
        cursorId: cursorToId(request.cursor.lastEventId),
        pageLimit,
        maxMessages: maxCatchUp,
        maxPageBytes: pageLimit * (feed.maxEventBytes + 1024) + 4096,
        now: options.now,
        maxRetryAfterMs: options.maxRetryAfterMs,
        activity: (bytes) => {
          if (!done) sink.activity(bytes)
        },
      })
      if (done) return
      if (!result.ok) return finish(result.end)
      const stored = cursorToId(request.cursor.lastEventId)
      const start = stored ?? result.newestId
      const merged = mergeCatchUp(start, result.messages, buffered ?? [])
      // Live messages keep waiting until the catch-up is handed over: they come after it.
      buffered = []
      const oldest = result.messages.at(-1)
      sink.open(result.truncated && oldest ? { replayedFrom: String(oldest.id) } : {})
      const events: WireEvent[] = merged.messages.filter(fits).map(gotifyEvent)
      if (events.length === 0 && String(merged.cursorId) !== request.cursor.lastEventId) {
        // Nothing missed, but a new feed learnt where "now" is.
        sink.batch([], cursorOf(merged.cursorId))
      }
      for (let i = 0; i < events.length && !done; i += catchUpBatch) {
        const chunk = events.slice(i, i + catchUpBatch)
        sink.batch(chunk, { lastEventId: chunk.at(-1)!.id, since: '' })
        const room = sink.roomToRead()
        if (room) await room
      }
      if (done) return
      gate = createLiveGate(merged.cursorId)
      const late = buffered ?? []
      buffered = null
      for (const message of late) live(message)
      client.resume()
    }

    const client = openWebSocket(
      {
        url: urls.stream,
        headers,
        maxPayload: wirePayloadLimit(feed.maxEventBytes),
        ca: feed.caCertificate,
        pingIntervalMs: options.pingIntervalMs ?? 30_000,
        ...(options.proxy ? { proxy: options.proxy } : {}),
        ...(options.env ? { env: options.env } : {}),
        now: options.now,
        maxRetryAfterMs: options.maxRetryAfterMs,
      },
      {
        open: () => {
          void catchUp().catch((error: unknown) => {
            finish({ kind: 'retry', failure: { kind: 'network', message: `Catching up failed: ${String(error)}` }, retryAfterMs: null })
          })
        },
        activity: (bytes) => sink.activity(bytes),
        message(data, isBinary) {
          if (isBinary) return sink.dropped?.('binary', data.length)
          const message = parseGotifyMessage(data.toString('utf8'))
          if (message === null) return sink.dropped?.('not-a-message', data.length)
          if (buffered !== null) {
            buffered.push(message)
            // Bounded: a flood during the catch-up waits in the server's TCP window, not here.
            if (buffered.length >= maxCatchUp) client.pause()
            return
          }
          live(message)
        },
        end(end, detail) {
          if (detail.oversize) sink.oversize()
          finish(end)
        },
      },
    )
    const batcher = createBatcher(sink, client)
    return {
      close() {
        if (done) return
        done = true
        abort.abort()
        batcher.close()
        client.close()
      },
    }
  }
  return { connect }
}
