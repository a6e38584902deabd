/**
 * Load generators for the benchmark: plain node:http SSE servers on 127.0.0.1. Run in a child
 * process (`node sse-server.ts MODE`) so the measured process holds only the client side.
 * Modes: `burst N` (N events as fast as possible, then end), `paced RATE` (RATE events/s with the
 * send time in the data, for latency), `idle` (any number of connections, a comment every 15 s).
 */
import { createServer, type ServerResponse } from 'node:http'

const [mode = 'idle', arg = '0'] = process.argv.slice(2)
const payload = 'x'.repeat(80)

function burst(res: ServerResponse, count: number, start: number): void {
  let n = start
  const write = () => {
    while (n < count) {
      n += 1
      const ok = res.write(`id: ${n}\nevent: bench\ndata: {"n":${n},"p":"${payload}"}\n\n`)
      if (!ok) return void res.once('drain', write)
    }
    res.end()
  }
  write()
}

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
  res.flushHeaders()
  if (mode === 'burst') {
    burst(res, Number(arg), Number(req.headers['last-event-id'] ?? 0) || 0)
  } else if (mode === 'paced') {
    const interval = 1000 / Number(arg)
    let n = 0
    const started = performance.timeOrigin + performance.now()
    const tick = () => {
      n += 1
      // Absolute wall-clock send time (ms, sub-ms precision); client and server share the clock.
      res.write(`id: ${n}\ndata: ${(performance.timeOrigin + performance.now()).toFixed(3)}\n\n`)
      const next = started + n * interval - (performance.timeOrigin + performance.now())
      timer = setTimeout(tick, Math.max(0, next))
    }
    let timer = setTimeout(tick, interval)
    req.on('close', () => clearTimeout(timer))
  } else {
    res.write(': idle\n\n')
    const timer = setInterval(() => res.write(': keepalive\n\n'), 15_000)
    req.on('close', () => clearInterval(timer))
  }
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`${address.port}\n`)
})
process.on('disconnect', () => process.exit(0))
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
