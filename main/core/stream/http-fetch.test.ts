// The node:http FetchLike against real servers on 127.0.0.1: what fetch would do for an SSE
// stream (redirects, compressed bodies, byte-string headers, abort at every phase, backpressure).
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliCompressSync, constants as zlib, createBrotliCompress, createDeflate, createGzip, gzipSync } from 'node:zlib'
import type { BrotliCompress, Deflate, Gzip } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { createHttpFetch, MAX_REDIRECTS, USER_AGENT } from './http-fetch.ts'

const fetchLike = createHttpFetch({ defaultRoots: () => [] })
const decoder = new TextDecoder()

interface Peer {
  url: string
  requests: IncomingMessage[]
  /** Connections the server saw closed. */
  closed: number
}

let servers: Server[] = []
afterEach(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    ),
  )
  servers = []
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse, peer: Peer) => void): Promise<Peer> {
  const peer: Peer = { url: '', requests: [], closed: 0 }
  const server = createServer((req, res) => {
    peer.requests.push(req)
    req.socket.once('close', () => peer.closed++)
    handler(req, res, peer)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return peer
}

const init = (headers: Record<string, string> = {}, signal = new AbortController().signal) => ({ method: 'GET' as const, headers, signal, redirect: 'follow' as const })

/** Reads until `text` has arrived (or the body ends), with a deadline. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  let got = ''
  const deadline = Date.now() + 5_000
  while (!got.includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" within 5 s; got ${JSON.stringify(got)}`)
    const next = await reader.read()
    if (next.done) break
    got += decoder.decode(next.value, { stream: true })
  }
  return got
}

describe('compressed bodies', () => {
  const encoders: [string, () => Gzip | Deflate | BrotliCompress][] = [
    ['gzip', () => createGzip()],
    ['deflate', () => createDeflate()],
    ['br', () => createBrotliCompress()],
  ]
  for (const [name, encoder] of encoders) {
    it(`decodes ${name} as it arrives: the first event before the stream ends`, async () => {
      let finish: () => void = () => {}
      const peer = await serve((req, res) => {
        expect(req.headers['accept-encoding']).toContain(name)
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': name })
        const stream = encoder()
        stream.pipe(res)
        stream.write('data: first\n\n')
        // Flush: the event must reach the client now, not with the next compressed block.
        stream.flush(name === 'br' ? zlib.BROTLI_OPERATION_FLUSH : zlib.Z_SYNC_FLUSH)
        finish = () => stream.end('data: last\n\n')
      })
      const response = await fetchLike(`${peer.url}/events`, init())
      const reader = response.body!.getReader()
      expect(await readUntil(reader, 'first')).toBe('data: first\n\n')
      finish()
      expect(await readUntil(reader, 'never')).toBe('data: last\n\n')
    })
  }

  it('a body that does not decode fails the read and closes the connection', async () => {
    const peer = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' })
      res.write(Buffer.from('this is not gzip at all, not even close\n\n'))
    })
    const response = await fetchLike(`${peer.url}/`, init())
    await expect(response.body!.getReader().read()).rejects.toMatchObject({ code: 'Z_DATA_ERROR' })
    await waitFor(() => peer.closed === 1, 'the connection closed')
  })

  it('a gzip body cut short hands over what decoded, then ends', async () => {
    const whole = gzipSync('data: complete\n\ndata: cut off somewhere in the middle of this one\n\n')
    const peer = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' })
      res.end(whole.subarray(0, whole.length - 20))
    })
    const reader = (await fetchLike(`${peer.url}/`, init())).body!.getReader()
    const text = await readUntil(reader, 'never there')
    expect(text.startsWith('data: complete\n\n')).toBe(true)
    expect(text).not.toContain('this one')
    expect(await reader.read()).toEqual({ done: true, value: undefined })
  })

  it('an unknown coding is handed over as it came', async () => {
    const packed = brotliCompressSync('data: x\n\n')
    const peer = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'compress' })
      res.end(packed)
    })
    const reader = (await fetchLike(`${peer.url}/`, init())).body!.getReader()
    const chunks: number[] = []
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(...next.value)
    expect(Buffer.from(chunks).equals(packed)).toBe(true)
  })
})

describe('redirects', () => {
  it('follows a chain of relative and absolute redirects, and says where it ended', async () => {
    const peer = await serve((req, res, p) => {
      if (req.url === '/a') return res.writeHead(301, { location: '/b' }).end()
      if (req.url === '/b') return res.writeHead(307, { location: `${p.url}/c?x=1` }).end()
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: here\n\n')
    })
    const response = await fetchLike(`${peer.url}/a`, init())
    expect(response.status).toBe(200)
    expect(response.redirected).toBe(true)
    expect(response.url).toBe(`${peer.url}/c?x=1`)
    expect(await readUntil(response.body!.getReader(), 'here')).toBe('data: here\n\n')
    expect(peer.requests.map((r) => r.url)).toEqual(['/a', '/b', '/c?x=1'])
  })

  it(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    const peer = await serve((req, res) => {
      const n = Number(req.url!.slice(1))
      res.writeHead(302, { location: `/${n + 1}` }).end()
    })
    await expect(fetchLike(`${peer.url}/0`, init())).rejects.toThrow(/redirect count exceeded/)
    expect(peer.requests).toHaveLength(MAX_REDIRECTS + 1)
  })

  it('keeps the Authorization header within the origin and drops it when a redirect leaves it', async () => {
    const other = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end())
    const peer = await serve((req, res) => {
      if (req.url === '/start') return res.writeHead(302, { location: '/same' }).end()
      res.writeHead(302, { location: `${other.url}/elsewhere` }).end()
    })
    const response = await fetchLike(`${peer.url}/start`, init({ Authorization: 'Bearer secret', 'Last-Event-ID': '7' }))
    expect(response.url).toBe(`${other.url}/elsewhere`)
    expect(peer.requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret', 'Bearer secret'])
    expect(other.requests[0]!.headers.authorization).toBeUndefined()
    expect(other.requests[0]!.headers['last-event-id']).toBe('7')
  })

  it('refuses a redirect to a URL with credentials, and answers URLs without their fragment', async () => {
    const peer = await serve((req, res) => {
      if (req.url === '/creds') return res.writeHead(302, { location: 'http://user:secret@127.0.0.1:9/' }).end()
      if (req.url === '/frag') return res.writeHead(302, { location: '/there#part' }).end()
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end()
    })
    await expect(fetchLike(`${peer.url}/creds`, init())).rejects.toThrow(/credentials/)
    expect((await fetchLike(`${peer.url}/frag`, init())).url).toBe(`${peer.url}/there`)
    expect((await fetchLike(`${peer.url}/direct#x`, init())).url).toBe(`${peer.url}/direct`)
  })

  it("redirect: 'manual' hands the redirect itself over", async () => {
    const peer = await serve((_req, res) => res.writeHead(302, { location: '/next' }).end())
    const response = await fetchLike(`${peer.url}/`, { ...init(), redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/next')
    expect(peer.requests).toHaveLength(1)
  })
})

describe('the request', () => {
  it('says who it is, unless the caller does', async () => {
    const peer = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end())
    await fetchLike(`${peer.url}/`, init())
    await fetchLike(`${peer.url}/`, init({ 'User-Agent': 'curl/8' }))
    expect(peer.requests.map((r) => r.headers['user-agent'])).toEqual([USER_AGENT, 'curl/8'])
  })
})

describe('the response', () => {
  it('gives header values as byte strings, names in any case, repeats joined', async () => {
    const peer = await serve((_req, res) => {
      // The UTF-8 bytes of "é" (C3 A9), written as two bytes.
      res.setHeader('Last-Event-ID', '\u00c3\u00a9')
      res.setHeader('X-Many', ['a', 'b'])
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end()
    })
    const response = await fetchLike(`${peer.url}/`, init())
    expect(response.headers.get('last-event-id')).toBe('\u00c3\u00a9')
    expect(response.headers.get('X-MANY')).toBe('a, b')
    expect(response.headers.get('absent')).toBeNull()
  })

  it('204 has no body and frees the connection', async () => {
    const peer = await serve((_req, res) => res.writeHead(204).end())
    const response = await fetchLike(`${peer.url}/`, init())
    expect(response.status).toBe(204)
    expect(response.body).toBeNull()
    await waitFor(() => peer.closed === 1, 'the connection closed')
  })

  it('a refused connection rejects with the system code', async () => {
    const peer = await serve(() => {})
    const url = peer.url
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()))
    await expect(fetchLike(`${url}/`, init())).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('a reader that does not read pauses the socket: the server cannot push without end', async () => {
    const cap = 256 * 1024 * 1024
    let sent = 0
    let blocked = false
    const peer = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      // Writes while the socket takes them, again at each drain; bounded by `cap`.
      const push = (): void => {
        blocked = false
        while (sent < cap) {
          sent += chunk.length
          if (!res.write(chunk)) {
            blocked = true
            res.once('drain', push)
            return
          }
        }
      }
      push()
    })
    const response = await fetchLike(`${peer.url}/`, init())
    const reader = response.body!.getReader()
    await reader.read()
    await waitFor(() => blocked, 'the server blocked on a full socket')
    // A window to see that nothing drains it (a negative can only be watched for a while): without
    // backpressure the client takes all 256 MiB in well under this.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(blocked).toBe(true)
    expect(sent).toBeLessThan(64 * 1024 * 1024)
    await reader.cancel()
    await waitFor(() => peer.closed === 1, 'cancel closed the connection')
  })
})

describe('abort', () => {
  it('an aborted signal sends nothing', async () => {
    const peer = await serve(() => {})
    const controller = new AbortController()
    controller.abort()
    await expect(fetchLike(`${peer.url}/`, init({}, controller.signal))).rejects.toMatchObject({ name: 'AbortError' })
    expect(peer.requests).toHaveLength(0)
  })

  it('while waiting for the response: rejects and closes the connection', async () => {
    const peer = await serve(() => {})
    const controller = new AbortController()
    const pending = fetchLike(`${peer.url}/`, init({}, controller.signal))
    await waitFor(() => peer.requests.length === 1, 'the request arrived')
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await waitFor(() => peer.closed === 1, 'the connection closed')
  })

  it('while reading the body: the read rejects and the connection closes', async () => {
    const peer = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hi\n\n'))
    const controller = new AbortController()
    const reader = (await fetchLike(`${peer.url}/`, init({}, controller.signal))).body!.getReader()
    await readUntil(reader, 'hi')
    const next = reader.read()
    controller.abort()
    await expect(next).rejects.toMatchObject({ name: 'AbortError' })
    await waitFor(() => peer.closed === 1, 'the connection closed')
  })
})
