/**
 * A node:http SSE server for resume tests: it serves ids 1..total (`id: N`, `event: tick`), resumes
 * after the `Last-Event-ID` it receives, and can be told to cut connections at random byte offsets
 * (mid-event) or be closed and restarted on the same port. Records every Last-Event-ID it received.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface ResumableServer {
  port: number
  url: string
  received: (string | undefined)[]
  /** Cut each connection after a random number of bytes in [min, max) (0 = never). */
  cutAfter: { min: number; max: number }
  close(): Promise<void>
  /** Close and listen again on the same port (a server restart). */
  restart(): Promise<void>
}

export function frame(n: number): string {
  return `id: ${n}\nevent: tick\ndata: {"n":${n},"text":"event number ${n}"}\n\n`
}

export async function startResumableServer(total: number, options: { perWrite?: number; random?: () => number } = {}): Promise<ResumableServer> {
  const perWrite = options.perWrite ?? 7
  const random = options.random ?? Math.random
  const sockets = new Set<Socket>()
  const state: ResumableServer = {
    port: 0,
    url: '',
    received: [],
    cutAfter: { min: 0, max: 0 },
    close: async () => {},
    restart: async () => {},
  }

  function serve(res: ServerResponse, lastId: string | undefined) {
    let next = (Number(lastId ?? 0) || 0) + 1
    const { min, max } = state.cutAfter
    let budget = max > 0 ? Math.floor(min + random() * (max - min)) : Infinity
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.write('retry: 1\n\n')
    const pump = () => {
      if (res.destroyed) return
      if (next > total) return void res.end()
      let chunk = ''
      for (let i = 0; i < perWrite && next <= total; i += 1) chunk += frame(next++)
      if (Buffer.byteLength(chunk) > budget) {
        // Cut mid-event: write a prefix, then drop the connection.
        res.write(Buffer.from(chunk).subarray(0, budget))
        res.socket?.destroy()
        return
      }
      budget -= Buffer.byteLength(chunk)
      if (res.write(chunk)) setImmediate(pump)
      else res.once('drain', pump)
    }
    pump()
  }

  let server: Server
  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        const lastId = req.headers['last-event-id'] as string | undefined
        state.received.push(lastId)
        serve(res, lastId)
      })
      server.on('connection', (s) => {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
      })
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        state.port = typeof address === 'object' && address ? address.port : 0
        state.url = `http://127.0.0.1:${state.port}/stream`
        resolve()
      })
    })
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  state.restart = async () => {
    await state.close()
    await listen(state.port)
  }
  await listen(0)
  return state
}
