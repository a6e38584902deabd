/**
 * Bench (figures, not a test): events/s of a WebSocket feed through the full path — a real core on
 * a temp data folder (ws transport → supervisor → SQLite history → status), counted when stored —
 * next to a bare `ws` client that only counts messages (the baseline), and their ratio. The server
 * runs in a child process and sends N JSON text messages (the SSE bench's body) as fast as the
 * socket takes them.
 *
 * Run: `node main/bench/bench-websocket.ts` on Node 24 (BENCH_EVENTS=N, default 100000). For
 * `npm run bench`, bench.ts can spawn this file and print its last line.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocket, WebSocketServer } from 'ws'
import { openEnvironment } from '../cli/environment.ts'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000)
/** The built writer thread, as users run it (as in bench.ts); from source when there is no build. */
const BUILT_WRITER = new URL('../../out/main/history-writer.js', import.meta.url)
/** The same event body as the SSE bench (sse-server.ts), so the two full-path figures compare. */
const PAYLOAD = 'x'.repeat(80)

/** Child mode: a ws server that sends `count` messages to each client. */
async function serve(count: number): Promise<void> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  wss.on('connection', (ws) => {
    let i = 0
    const pump = () => {
      // Respect the socket's buffer so the server's memory does not skew anything.
      while (i < count && ws.bufferedAmount < 1 << 20) {
        ws.send(`{"type":"bench","n":${i},"p":"${PAYLOAD}"}`)
        i++
      }
      if (i < count) setImmediate(pump)
    }
    pump()
  })
  process.stdout.write(`${(wss.address() as AddressInfo).port}\n`)
}

async function startServer(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', String(EVENTS)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())))
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  return { port, child }
}

function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms).unref())])
}

/** Baseline: a bare ws client counting messages. */
async function bare(port: number): Promise<number> {
  const started = performance.now()
  await deadline(
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
      let n = 0
      ws.on('message', () => {
        if (++n === EVENTS) {
          ws.close()
          resolve()
        }
      })
      ws.on('error', reject)
    }),
    120_000,
    'bare ws',
  )
  return EVENTS / ((performance.now() - started) / 1000)
}

/** The full path: a WebSocket feed on a real core; counted once stored. */
async function full(port: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-bench-ws-'))
  try {
    const env = await openEnvironment({ dataDir, writerScript: existsSync(BUILT_WRITER) ? BUILT_WRITER : undefined })
    await env.service.handlers['feeds:add']({ url: `ws://127.0.0.1:${port}/`, alerts: { enabled: false } })
    let stored = 0
    const done = new Promise<void>((resolve) => {
      env.service.on('events:new', (batch) => {
        stored += batch.length
        if (stored >= EVENTS) resolve()
      })
    })
    const started = performance.now()
    await env.service.start()
    await deadline(done, 180_000, 'full path')
    const rate = EVENTS / ((performance.now() - started) / 1000)
    await env.close()
    return rate
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const serveIndex = process.argv.indexOf('--serve')
  if (serveIndex !== -1) return serve(Number(process.argv[serveIndex + 1]))
  const rates: number[] = []
  for (const run of [bare, full]) {
    const server = await startServer()
    try {
      rates.push(await run(server.port))
    } finally {
      server.child.kill()
    }
  }
  const [bareRate, fullRate] = rates as [number, number]
  console.log(`websocket feed (${EVENTS} events): bare ws client ${Math.round(bareRate)} ev/s · full path ${Math.round(fullRate)} ev/s · ratio ${(fullRate / bareRate).toFixed(2)}`)
}

await main()
