/**
 * A FetchLike straight on undici's dispatcher (no proxy): the request and its response as
 * callbacks, without fetch's machinery (Request, Headers, AbortSignal and web stream pairs per
 * request). An SSE feed holds one request open for days, so what each open request keeps alive is
 * what 500 quiet feeds cost: ~8 KB of heap here against ~23 KB through `fetch` (which also let
 * V8's young generation grow after everything connected: `npm run bench`, idle case). Reading is
 * cheaper too: ~0.15 µs of CPU per HTTP chunk against ~0.4 through fetch and ~0.9 through node:http.
 *
 * What `fetch` does and the stream needs, kept:
 * - redirects followed (at most 20; 301/302/303/307/308), `Authorization` dropped when a redirect
 *   leaves the origin, as fetch does; `redirected` and the final `url` on the response.
 * - `gzip`, `deflate` and `br` bodies decoded as they arrive (asked for with `Accept-Encoding`).
 * - header values as byte strings (each byte one char, as fetch's Headers give them).
 * - a User-Agent (fetch sends `node`; here `Tidings`), unless the caller gives one.
 * - abort at any point: before the request, while connecting, while reading the body.
 * - a feed's own CA (`FetchInit.ca`) trusted on top of the default roots for that request.
 * - no body timeout: silence is the stall watchdog's call (stall.ts).
 * The body is a web ReadableStream with room for one chunk: the socket is paused while the reader
 * does not ask for more (backpressure reaches the server). What one socket read brought is one
 * chunk (the parser hands over each HTTP chunk, often a single event, on its own).
 */
import type { Transform } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate, constants as zlib } from 'node:zlib'
import { Agent } from 'undici'
import type { Dispatcher } from 'undici'
import type { FetchInit, FetchLike, FetchResponse } from '../ports.ts'

/** Redirects followed before giving up, as fetch. */
export const MAX_REDIRECTS = 20

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** What the requests say they are, unless a feed's headers say otherwise. */
export const USER_AGENT = 'Tidings'

export interface HttpFetchOptions {
  /** The trusted roots to put beside a feed's own CA (Node's default set). */
  defaultRoots: () => string[]
}

/** Why the signal aborted, as fetch rejects with it (an AbortError unless a reason was given). */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError')
}

/** Response headers as fetch's `Headers.get` answers: byte strings, any case, repeats joined. */
function headersOf(raw: Buffer[] | string[] | null | undefined): FetchResponse['headers'] {
  const map = new Map<string, string>()
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = String(raw[i]).toLowerCase()
      const item = raw[i + 1]!
      const value = typeof item === 'string' ? item : item.toString('latin1')
      const before = map.get(name)
      map.set(name, before === undefined ? value : `${before}, ${value}`)
    }
  }
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null }
}

/** The decoders for a Content-Encoding, in the order to apply; null when one is unknown (left as is). */
function decodersFor(encoding: string | null): Transform[] | null {
  if (encoding === null) return []
  const codings = encoding.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity')
  const decoders: Transform[] = []
  // Codings are listed in the order they were applied: undo the last one first.
  for (const coding of codings.reverse()) {
    // Flush what arrived at every write: an event must not wait for the next compressed block.
    const flush = { flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH }
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(createGunzip(flush))
    else if (coding === 'deflate') decoders.push(createInflate(flush))
    else if (coding === 'br') decoders.push(createBrotliDecompress({ flush: zlib.BROTLI_OPERATION_FLUSH, finishFlush: zlib.BROTLI_OPERATION_FLUSH }))
    else return null
  }
  return decoders
}

/** Where the dispatcher's callbacks put the body, and the web stream the reader sees. */
interface Body {
  stream: ReadableStream<Uint8Array>
  data(chunk: Buffer): void
  end(): void
  fail(error: Error): void
}

/**
 * The body of one response. `pause`/`resume` reach the socket; `cancel` ends the request. Decoders,
 * when the body is compressed, sit between the socket's bytes and the stream.
 */
function createBody(decoders: Transform[], pause: () => void, resume: () => void, cancel: () => void): Body {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let done = false
  let pending: Buffer[] = []
  let pendingBytes = 0
  let wantsMore = false
  const deliver = (): void => {
    if (done || pending.length === 0) return
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    if ((controller.desiredSize ?? 0) <= 0) {
      wantsMore = false
      pause()
    }
  }
  const decoded = (chunk: Buffer): void => {
    if (done) return
    if (pending.length === 0) queueMicrotask(deliver)
    pending.push(chunk)
    pendingBytes += chunk.byteLength
  }
  const close = (): void => {
    deliver()
    if (done) return
    done = true
    controller.close()
  }
  const fail = (error: Error): void => {
    if (done) return
    done = true
    for (const decoder of decoders) decoder.destroy()
    cancel()
    controller.error(error)
  }
  // Chain the decoders: bytes in at the first, decoded text out of the last.
  const first = decoders[0]
  const last = decoders[decoders.length - 1]
  for (let i = 0; i + 1 < decoders.length; i++) decoders[i]!.pipe(decoders[i + 1]!)
  for (const decoder of decoders) decoder.on('error', fail)
  last?.on('data', decoded)
  last?.on('end', close)

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
      },
      pull() {
        if (wantsMore) return
        wantsMore = true
        resume()
      },
      cancel() {
        if (done) return
        done = true
        for (const decoder of decoders) decoder.destroy()
        cancel()
      },
    },
    { highWaterMark: 1 },
  )
  return {
    stream,
    data: (chunk) => (first ? first.write(chunk) : decoded(chunk)),
    end: () => (first ? first.end() : close()),
    fail,
  }
}

/** One request, no redirects; resolves with the response head, its body still arriving. */
function send(dispatcher: Dispatcher, target: URL, init: FetchInit): Promise<{ status: number; headers: FetchResponse['headers']; body: Body; stop(): void }> {
  return new Promise((resolve, reject) => {
    const { signal } = init
    if (signal.aborted) return reject(abortError(signal))
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new TypeError(`fetch failed: ${target.protocol} URLs are not supported`))
    // A User-Agent as fetch sends one (some servers and CDNs refuse requests without); a feed's
    // extra headers may set their own.
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', 'user-agent': USER_AGENT }
    for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value
    let control: Dispatcher.DispatchController | null = null
    let body: Body | null = null
    let settled = false
    const onAbort = (): void => {
      const error = abortError(signal)
      if (body !== null) body.fail(error)
      else if (!settled) {
        settled = true
        reject(error)
      }
      control?.abort(error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    const finished = (): void => signal.removeEventListener('abort', onAbort)
    const stop = (): void => {
      finished()
      if (control !== null && !control.aborted) control.abort(new DOMException('The response was not read', 'AbortError'))
    }
    dispatcher.dispatch(
      { origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET', headers },
      {
        onRequestStart(controller) {
          control = controller
          if (signal.aborted) controller.abort(abortError(signal))
        },
        onResponseStart(controller, status) {
          if (status < 200) return // 1xx: the real head follows
          const head = headersOf(controller.rawHeaders as Buffer[] | string[] | null | undefined)
          const decoders = status === 204 || status === 304 ? [] : (decodersFor(head.get('content-encoding')) ?? [])
          const created = createBody(
            decoders,
            () => controller.pause(),
            () => controller.resume(),
            stop,
          )
          body = created
          settled = true
          resolve({ status, headers: head, body: created, stop })
        },
        onResponseData(_controller, chunk) {
          body?.data(chunk)
        },
        onResponseEnd() {
          finished()
          body?.end()
        },
        onResponseError(_controller, error) {
          finished()
          if (body !== null) body.fail(signal.aborted ? abortError(signal) : error)
          else if (!settled) {
            settled = true
            reject(signal.aborted ? abortError(signal) : error)
          }
        },
      },
    )
  })
}

/** Creates the FetchLike: one connection pool per distinct CA, none kept idle past the server's word. */
export function createHttpFetch(options: HttpFetchOptions): FetchLike {
  const dispatchers = new Map<string, Dispatcher>()
  const dispatcherFor = (ca: string | undefined): Dispatcher => {
    const key = ca ?? ''
    let dispatcher = dispatchers.get(key)
    if (dispatcher === undefined) {
      dispatcher = new Agent({ bodyTimeout: 0, ...(ca ? { connect: { ca: [...options.defaultRoots(), ca] } } : {}) })
      dispatchers.set(key, dispatcher)
    }
    return dispatcher
  }

  return async (url, init) => {
    const dispatcher = dispatcherFor(init.ca)
    let target = new URL(url)
    let headers = init.headers
    for (let redirects = 0; ; redirects += 1) {
      const response = await send(dispatcher, target, { ...init, headers })
      const location = response.headers.get('location')
      if (init.redirect !== 'manual' && REDIRECT_STATUSES.has(response.status) && location !== null) {
        response.stop()
        if (init.redirect === 'error') throw new TypeError('fetch failed: unexpected redirect')
        if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed: redirect count exceeded')
        const next = new URL(location, target)
        // As fetch: no credentials smuggled in by a redirect.
        if (next.username !== '' || next.password !== '') throw new TypeError('fetch failed: a redirect to a URL with credentials')
        if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'))
        target = next
        continue
      }
      const status = response.status
      if (status === 204 || status === 304) response.stop()
      const finalUrl = new URL(target)
      finalUrl.hash = '' // a response's URL has no fragment
      return { status, url: finalUrl.href, redirected: redirects > 0, headers: response.headers, body: status === 204 || status === 304 ? null : response.body.stream }
    }
  }
}
