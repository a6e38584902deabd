/**
 * A FetchLike over `node:http` / `node:https`, for requests that go straight to the server (no
 * proxy). An SSE feed holds one request open for days, so what each open request keeps alive is
 * what 500 quiet feeds cost: about 8 KB of heap here against about 23 KB through undici's fetch
 * (Request, Headers, AbortSignal, a web stream pair and a pool per connection), which also lets
 * V8's young generation stay small after everything connected (`npm run bench`, idle case).
 *
 * What `fetch` does and the stream needs, kept:
 * - redirects followed (at most 20; 301/302/303/307/308), `Authorization` dropped when a redirect
 *   leaves the origin, as fetch does; `redirected` and the final `url` on the response.
 * - `gzip`, `deflate` and `br` bodies decoded (asked for with `Accept-Encoding`, as fetch asks).
 * - header values as byte strings (each byte one char, as fetch's Headers give them).
 * - abort at any point: before the request, while connecting, while reading the body.
 * - a feed's own CA (`FetchInit.ca`) trusted on top of the default roots for that request.
 * - no timeouts: silence is the stall watchdog's call (stall.ts), the connect phase included.
 * The body is a web ReadableStream with room for one chunk: the socket is paused while the reader
 * does not ask for more (backpressure reaches the server).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Readable, Transform } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate, constants as zlib } from 'node:zlib'
import type { FetchInit, FetchLike, FetchResponse } from '../ports.ts'

/** Redirects followed before giving up, as fetch. */
export const MAX_REDIRECTS = 20

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

export interface HttpFetchOptions {
  /** The trusted roots to put beside a feed's own CA (Node's default set). */
  defaultRoots: () => string[]
}

/** Why the signal aborted, as fetch rejects with it (an AbortError unless a reason was given). */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError')
}

/** A response's headers as fetch's `Headers.get` answers: lowercase names, repeats joined. */
function headersOf(message: IncomingMessage): FetchResponse['headers'] {
  const raw = message.headers
  return {
    get(name: string): string | null {
      const value = raw[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}

/** The decoders for a Content-Encoding, outermost first; null when one is unknown (left as is). */
function decodersFor(encoding: string | undefined): Transform[] | null {
  if (encoding === undefined) return []
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

/** The decoded body as a web stream; cancelling it ends the request. */
function bodyOf(request: ClientRequest, message: IncomingMessage, signal: AbortSignal): ReadableStream<Uint8Array> {
  let source: Readable = message
  const decoders = decodersFor(message.headers['content-encoding']) ?? []
  for (const decoder of decoders) {
    source.on('error', (error) => decoder.destroy(error))
    source = source.pipe(decoder)
  }
  const end = source
  let done = false
  let onAbort = (): void => {}
  let deliver = (): void => {}
  const finish = (): void => {
    done = true
    signal.removeEventListener('abort', onAbort)
    request.destroy()
    for (const decoder of decoders) decoder.destroy()
  }
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // Aborted while reading: the reader sees the abort, as with fetch (not the reset it causes).
        onAbort = () => {
          if (done) return
          finish()
          controller.error(abortError(signal))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        // The parser hands over each HTTP chunk (one per server write: often one event) as its
        // own 'data'; what one socket read brought is passed on as one piece, as fetch does.
        let pending: Buffer[] = []
        let pendingBytes = 0
        deliver = () => {
          if (done || pending.length === 0) return
          const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
          pending = []
          pendingBytes = 0
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 0) <= 0) end.pause()
        }
        end.on('data', (chunk: Buffer) => {
          if (done) return
          if (pending.length === 0) queueMicrotask(deliver)
          pending.push(chunk)
          pendingBytes += chunk.byteLength
        })
        end.on('end', () => {
          deliver()
          if (done) return
          done = true
          signal.removeEventListener('abort', onAbort)
          controller.close()
        })
        // A reset connection, an abort or a body that does not decode: the reader sees the error.
        end.on('error', (error) => {
          if (done) return
          finish()
          controller.error(error)
        })
        end.pause()
      },
      pull() {
        end.resume()
      },
      cancel() {
        finish()
      },
    },
    { highWaterMark: 1 },
  )
}

/** Creates the FetchLike; its agents keep no idle connections (each stream is one long request). */
export function createHttpFetch(options: HttpFetchOptions): FetchLike {
  const httpAgent = new HttpAgent({ keepAlive: false })
  const httpsAgent = new HttpsAgent({ keepAlive: false })

  /** One request, no redirects: resolves with the response head, the body unread. */
  function send(target: URL, init: FetchInit): Promise<{ request: ClientRequest; message: IncomingMessage }> {
    return new Promise((resolve, reject) => {
      const { signal } = init
      if (signal.aborted) return reject(abortError(signal))
      const secure = target.protocol === 'https:'
      if (!secure && target.protocol !== 'http:') return reject(new TypeError(`fetch failed: ${target.protocol} URLs are not supported`))
      const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' }
      for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value
      const request = (secure ? httpsRequest : httpRequest)(target, {
        method: 'GET',
        headers,
        agent: secure ? httpsAgent : httpAgent,
        ...(secure && init.ca ? { ca: [...options.defaultRoots(), init.ca] } : {}),
      })
      const onAbort = (): void => {
        request.destroy(abortError(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      request.once('close', () => signal.removeEventListener('abort', onAbort))
      request.on('error', reject)
      request.once('response', (message) => resolve({ request, message }))
      request.end()
    })
  }

  return async (url, init) => {
    let target = new URL(url)
    let headers = init.headers
    for (let redirects = 0; ; redirects += 1) {
      const { request, message } = await send(target, { ...init, headers })
      const status = message.statusCode ?? 0
      const location = message.headers.location
      if (init.redirect !== 'manual' && REDIRECT_STATUSES.has(status) && location !== undefined) {
        request.destroy()
        if (init.redirect === 'error') throw new TypeError('fetch failed: unexpected redirect')
        if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed: redirect count exceeded')
        const next = new URL(location, target)
        if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'))
        target = next
        continue
      }
      const body = status === 204 || status === 304 ? null : bodyOf(request, message, init.signal)
      if (body === null) request.destroy()
      return { status, url: target.href, redirected: redirects > 0, headers: headersOf(message), body }
    }
  }
}
