/**
 * `npm run bench` — figures, not a test (it asserts nothing about timing). On loopback, in one run:
 *  1. events/s of the full path (parse → store → status) vs two baselines: the bare `eventsource`
 *     client storing nothing, and the same client handing each batch to a bare SQLite table on a
 *     worker thread with our durability settings (the physical limit of a durable client); both
 *     ratios (targets: ≥ 0.5, goal 0.8, of the bare client, at steady state — the events after
 *     the first tenth, once connections, JIT and threads are up — and over the whole burst), the
 *     median of BENCH_ROUNDS interleaved rounds;
 *  2. storage alone: the writer's appends on one thread, no network (CPU µs per event; steadier
 *     than the end-to-end figures, for comparing changes to the schema and its upkeep);
 *  3. latency from the server's write to "stored" at 200 events/s (p50, p99; targets 2 ms, 10 ms);
 *  4. the built `tidings run` with 500 quiet feeds (a keepalive every 15 s): time until all are
 *     open (target < 10 s), RSS (target < 150 MB) next to the same command with no feeds, and CPU
 *     over an idle window (target < 1 % of a core).
 * Each case runs in its own child process; the SSE servers run in another one.
 * Knobs: BENCH_EVENTS, BENCH_ROUNDS (throughput rounds, default 3), BENCH_PACED, BENCH_FEEDS,
 * BENCH_IDLE_SECONDS.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { EventSource } from 'eventsource'
import { openEnvironment } from '../cli/environment.ts'
import { openHistory } from '../core/history/history.ts'
import { WRITER_CACHE_MIB, BURST_WAL_AUTOCHECKPOINT } from '../core/history/open-database.ts'
import type { EventColumns } from '../core/history/writer-wire.ts'

const here = fileURLToPath(new URL('.', import.meta.url))
const BURST = Number(process.env.BENCH_EVENTS ?? 100_000)
const PACED = Number(process.env.BENCH_PACED ?? 2_000)
const IDLE_FEEDS = Number(process.env.BENCH_FEEDS ?? 500)
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 32)
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
const BUILT_CLI = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url))
/**
 * The writer thread as users run it: the built bundle (`npm run bench` builds first). From source
 * the thread compiles each module with type stripping and starts ~2× slower (~280 ms against
 * ~140 ms here), a start-up no installed Tidings pays.
 */
const BUILT_WRITER = new URL('../../out/main/history-writer.js', import.meta.url)

async function startServer(mode: string, arg: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(here, 'sse-server.ts'), mode, arg], { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())))
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  return { port, child }
}

function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms).unref())])
}

async function withDataDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-bench-'))
  try {
    return await run(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Events per second, and CPU time (user + system) per event: of all threads of the process, and of
 * its main thread alone (the rest is the storage thread's, where there is one).
 */
interface Figures {
  perSecond: number
  cpuUsPerEvent: number
  mainCpuUsPerEvent: number
}

/**
 * One case's figures: over the whole burst (connecting, JIT warm-up and a storage thread's start
 * included) and at steady state — events after the first WARM_UP, when every thread is running.
 */
interface Rate {
  whole: Figures
  steady: Figures
}

const WARM_UP = Math.floor(BURST / 10)

interface Mark {
  at: number
  done: number
  process: NodeJS.CpuUsage
  main: NodeJS.CpuUsage
}

const mark = (done: number): Mark => ({ at: performance.now(), done, process: process.cpuUsage(), main: process.threadCpuUsage() })

function figures(from: Mark, to: Mark): Figures {
  const events = to.done - from.done
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => b.user - a.user + (b.system - a.system)
  return {
    perSecond: events / ((to.at - from.at) / 1000),
    cpuUsPerEvent: cpu(from.process, to.process) / events,
    mainCpuUsPerEvent: cpu(from.main, to.main) / events,
  }
}

/** Marks the start now; `count(done)` marks the end of the warm-up as it passes and says when all are done. */
function startMeter(): { count(done: number): boolean; rate(): Rate } {
  const start = mark(0)
  let warm: Mark | null = null
  let end: Mark | null = null
  return {
    count(done) {
      if (warm === null && done >= WARM_UP) warm = mark(done)
      if (end === null && done >= BURST) end = mark(done)
      return end !== null
    },
    rate() {
      if (warm === null || end === null) throw new Error('the burst did not finish')
      return { whole: figures(start, end), steady: figures(warm, end) }
    },
  }
}

/** Baseline: the bare eventsource client, counting events, storing nothing. */
async function bare(port: number): Promise<Rate> {
  const meter = startMeter()
  await new Promise<void>((resolve) => {
    const es = new EventSource(`http://127.0.0.1:${port}/`)
    let n = 0
    es.addEventListener('bench', () => {
      n += 1
      if (meter.count(n)) {
        es.close()
        resolve()
      }
    })
  })
  return meter.rate()
}

/**
 * Second baseline: the bare eventsource client, its events handed in batches (what one turn of
 * the event loop parsed, as our stream hands a chunk) to a worker thread that inserts each batch
 * into a bare table in one durable transaction; counted when the worker says it is committed.
 */
async function bareSqlite(port: number): Promise<Rate> {
  return withDataDir(async (dir) => {
    // The thread starts inside the measured time, as the full path's storage thread does.
    const meter = startMeter()
    const worker = new Worker(new URL('./bare-sqlite-worker.ts', import.meta.url), { workerData: { path: join(dir, 'bare.db') } })
    await new Promise<void>((resolve) => {
      const es = new EventSource(`http://127.0.0.1:${port}/`)
      let batch: { id: string; type: string; data: string; receivedAt: number }[] = []
      let stored = 0
      worker.on('message', (n: number) => {
        stored += n
        if (meter.count(stored)) resolve()
      })
      es.addEventListener('bench', (event) => {
        if (batch.length === 0) setImmediate(() => {
          worker.postMessage(batch)
          batch = []
        })
        batch.push({ id: event.lastEventId, type: event.type, data: String(event.data), receivedAt: Date.now() })
        if (stored + batch.length >= BURST) es.close()
      })
    })
    const result = meter.rate()
    worker.postMessage('close')
    await new Promise((resolve) => worker.once('message', resolve))
    await worker.terminate()
    return result
  })
}

/**
 * The full path: a real core on a temp data folder, its writer thread the built one; counted when
 * stored (history + status). What is measured is a user adding a feed to the running service
 * (app or `tidings run`) whose server sends its backlog at once: from the add — the settings
 * write, the writer thread's start (begun as the feed is added, as in the app), connecting — to
 * the last event stored. Nothing was stored before, so no thread runs when it begins.
 */
async function full(port: number): Promise<Rate> {
  return withDataDir(async (dataDir) => {
    const env = await openEnvironment({ dataDir, writerScript: BUILT_WRITER })
    await env.service.start()
    if (env.writer?.running()) throw new Error('the writer thread runs before the feed is added')
    let stored = 0
    let meter: ReturnType<typeof startMeter> | null = null
    const done = new Promise<void>((resolve) => {
      env.service.on('events:new', (batch) => {
        stored += batch.length
        if (meter!.count(stored)) resolve()
      })
    })
    meter = startMeter()
    await env.service.handlers['feeds:add']({ url: `http://127.0.0.1:${port}/`, alerts: { enabled: false } })
    await deadline(done, 120_000, 'full path')
    const result = meter.rate()
    await env.close()
    return result
  })
}

async function latency(port: number): Promise<number[]> {
  return withDataDir(async (dataDir) => {
    const env = await openEnvironment({ dataDir, writerScript: BUILT_WRITER })
    await env.service.handlers['feeds:add']({ url: `http://127.0.0.1:${port}/`, alerts: { enabled: false } })
    const samples: number[] = []
    const done = new Promise<void>((resolve) => {
      env.service.on('events:new', (batch) => {
        const now = performance.timeOrigin + performance.now()
        for (const e of batch) samples.push(now - Number(e.data))
        if (samples.length >= PACED) resolve()
      })
    })
    await env.service.start()
    await deadline(done, PACED * 10 + 30_000, 'latency')
    await env.close()
    return samples.slice(50) // skip connection warm-up
  })
}

/** RSS (bytes) of another process, read the portable way. */
function rssOf(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024
}

/** CPU time (ms, user + system, all threads) another process has used so far (Linux /proc). */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // Fields 14 and 15 of stat (utime, stime), counted from after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return null
  }
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

interface IdleFigures {
  rss: number
  open: number
  /** ms from spawn until every feed said open (or the first line, with no feeds). */
  connectMs: number
  /** % of one core used over the idle window; null where /proc is missing. */
  idleCpu: number | null
}

/**
 * As users run it: the built `tidings run` (the same core the app runs) holding `feeds` quiet
 * subscriptions open (the server sends a comment every 15 s), next to the same command with no
 * feeds. Connect time from spawn; RSS after all are open; CPU over a window of idle seconds that
 * spans two keepalive rounds.
 */
async function idleRun(port: number, feeds: number, windowSeconds: number): Promise<IdleFigures> {
  return withDataDir(async (dataDir) => {
    const env = await openEnvironment({ dataDir })
    for (let i = 0; i < feeds; i += 1) {
      await env.service.handlers['feeds:add']({ url: `http://127.0.0.1:${port}/feed/${i}`, name: `feed ${i}` })
    }
    await env.close()
    const spawned = performance.now()
    const cli = spawn(process.execPath, [BUILT_CLI, 'run', '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] })
    try {
      const open = new Set<string>()
      let partial = ''
      const ready = new Promise<void>((resolve) => {
        if (feeds === 0) cli.stderr.once('data', () => resolve())
        cli.stderr.on('data', (d: Buffer) => {
          const lines = (partial + d.toString()).split('\n')
          partial = lines.pop()!
          // `[name] connected` (older builds said `name: open`): one distinct line per feed.
          for (const line of lines) if (line.endsWith('] connected') || line.endsWith(': open')) open.add(line)
          if (feeds > 0 && open.size >= feeds) resolve()
        })
      })
      await deadline(ready, 60_000, 'idle feeds open')
      const connectMs = performance.now() - spawned
      await new Promise((r) => setTimeout(r, 2_000)) // let start-up garbage be collected before reading RSS
      const rss = rssOf(cli.pid!)
      const cpuBefore = cpuMsOf(cli.pid!)
      const windowStart = performance.now()
      await new Promise((r) => setTimeout(r, windowSeconds * 1000))
      const cpuAfter = cpuMsOf(cli.pid!)
      const idleCpu = cpuBefore === null || cpuAfter === null ? null : (100 * (cpuAfter - cpuBefore)) / (performance.now() - windowStart)
      return { rss: Math.max(rss, rssOf(cli.pid!)), open: open.size, connectMs, idleCpu }
    } finally {
      cli.kill('SIGTERM')
    }
  })
}

/**
 * Storage alone, without network, threads or messages: the writer's appends on one thread, as the
 * writer thread makes them (batches of 500 events, four to a transaction, the default retention of
 * 10,000 events and 90 days, so each stored event past the first 10,000 deletes one), CPU µs per
 * event over BURST events. The per-event cost of the schema and its upkeep, steadier than the
 * end-to-end figures (it moves by a few % between runs, not by ±10 %): for comparing changes.
 */
function storageAlone(): Promise<number> {
  return withDataDir(async (dir) => {
    const history = openHistory({ path: join(dir, 'history.db'), cacheMiB: WRITER_CACHE_MIB, walAutocheckpointPages: BURST_WAL_AUTOCHECKPOINT })
    try {
      history.setRetention('bench', { maxEvents: 10_000, maxAgeDays: 90 })
      const payload = 'x'.repeat(80)
      const batches: EventColumns[] = []
      for (let from = 1; from <= BURST; from += 500) {
        const columns = { ids: [] as string[], types: [] as string[], datas: [] as string[], newIds: [] as number[], receivedAt: [] as number[] }
        for (let n = from; n < from + 500 && n <= BURST; n++) {
          columns.ids.push(String(n))
          columns.types.push('bench')
          columns.datas.push(`{"n":${n},"p":"${payload}"}`)
          columns.newIds.push(1)
          columns.receivedAt.push(Date.now())
        }
        batches.push(columns)
      }
      const before = process.cpuUsage()
      for (let g = 0; g < batches.length; g += 4) {
        history.group(() => {
          for (const columns of batches.slice(g, g + 4)) history.appendSeqs('bench', columns, { lastEventId: columns.ids.at(-1)!, since: '' })
        })
      }
      const used = process.cpuUsage(before)
      return (used.user + used.system) / BURST
    } finally {
      history.close()
    }
  })
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

async function runCase(name: string): Promise<unknown> {
  if (name === 'throughput-bare' || name === 'throughput-full' || name === 'throughput-sqlite') {
    const server = await startServer('burst', String(BURST))
    try {
      if (name === 'throughput-sqlite') return await bareSqlite(server.port)
      return name === 'throughput-bare' ? await bare(server.port) : await full(server.port)
    } finally {
      server.child.kill()
    }
  }
  if (name === 'storage') return await storageAlone()
  if (name === 'latency') {
    const server = await startServer('paced', '200')
    try {
      return await latency(server.port)
    } finally {
      server.child.kill()
    }
  }
  const server = await startServer('idle', '0')
  try {
    return { none: await idleRun(server.port, 0, Math.min(IDLE_SECONDS, 10)), many: await idleRun(server.port, IDLE_FEEDS, IDLE_SECONDS) }
  } finally {
    server.child.kill()
  }
}

/** Runs one case in a fresh Node process and returns its JSON result. */
function child(name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--case', name], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as unknown) : reject(new Error(`${name} failed (${code})`))))
  })
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function main(): Promise<void> {
  const caseIndex = process.argv.indexOf('--case')
  if (caseIndex !== -1) {
    process.stdout.write(JSON.stringify(await runCase(process.argv[caseIndex + 1]!)))
    process.exit(0)
  }
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (npm run bench does)`)
  console.log(`Tidings benchmark — Node ${process.version}, ${process.platform}/${process.arch}, loopback`)
  // Rounds of the three cases, interleaved, so a busy moment of the machine does not hit one case
  // only; each figure is the median over the rounds.
  const rounds: Record<'bare' | 'sqlite' | 'full', Rate[]> = { bare: [], sqlite: [], full: [] }
  for (let round = 0; round < ROUNDS; round++) {
    rounds.bare.push((await child('throughput-bare')) as Rate)
    rounds.sqlite.push((await child('throughput-sqlite')) as Rate)
    rounds.full.push((await child('throughput-full')) as Rate)
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  }
  const medianOf = (rates: Rate[], part: keyof Rate): Figures => ({
    perSecond: median(rates.map((r) => r[part].perSecond)),
    cpuUsPerEvent: median(rates.map((r) => r[part].cpuUsPerEvent)),
    mainCpuUsPerEvent: median(rates.map((r) => r[part].mainCpuUsPerEvent)),
  })
  const show = (f: Figures) => `${Math.round(f.perSecond)} ev/s (${f.cpuUsPerEvent.toFixed(1)} µs CPU/event, main thread ${f.mainCpuUsPerEvent.toFixed(1)})`
  console.log(`throughput (${BURST} events; median of ${ROUNDS} rounds; CPU = all threads of the process):`)
  for (const part of ['steady', 'whole'] as const) {
    const [bareRate, sqliteRate, fullRate] = [medianOf(rounds.bare, part), medianOf(rounds.sqlite, part), medianOf(rounds.full, part)]
    const ratio = fullRate.perSecond / bareRate.perSecond
    const range = rounds.full.map((r) => (r[part].perSecond / 1000).toFixed(0)).join(', ')
    console.log(part === 'steady' ? `  steady state (events ${WARM_UP + 1}–${BURST}):` : '  whole burst (connecting, warm-up and thread start-up included):')
    console.log(`    bare eventsource ${show(bareRate)} · eventsource + bare SQLite on a worker ${show(sqliteRate)} · full path ${show(fullRate)} (rounds: ${range}k)`)
    // The target is the measure, the whole burst; steady state shows the per-event cost.
    console.log(
      `    full / bare eventsource ${ratio.toFixed(2)}` +
        (part === 'whole' ? ` (target ≥ 0.5, goal 0.8) ${ratio >= 0.5 ? 'OK' : 'MISSED'}` : '') +
        ` · full / bare SQLite ${(fullRate.perSecond / sqliteRate.perSecond).toFixed(2)}`,
    )
  }
  const storage: number[] = []
  for (let round = 0; round < 5; round++) storage.push((await child('storage')) as number)
  console.log(`storage alone (the writer's appends on one thread, no network; ${BURST} events at the default retention): ${median(storage).toFixed(2)} µs CPU/event (median of 5 rounds: ${storage.map((v) => v.toFixed(2)).join(', ')})`)
  const samples = ((await child('latency')) as number[]).sort((a, b) => a - b)
  const p50 = percentile(samples, 50)
  const p99 = percentile(samples, 99)
  console.log(`latency write→stored at 200 ev/s (${samples.length} events): p50 ${p50.toFixed(2)} ms (target 2) ${p50 <= 2 ? 'OK' : 'MISSED'} · p99 ${p99.toFixed(2)} ms (target 10) ${p99 <= 10 ? 'OK' : 'MISSED'}`)
  const mem = (await child('idle')) as { none: IdleFigures; many: IdleFigures }
  const { many, none } = mem
  const cpu = (figure: number | null) => (figure === null ? 'n/a' : `${figure.toFixed(2)} %`)
  console.log(`\`tidings run\` (built) with ${many.open} quiet feeds (a keepalive every 15 s):`)
  console.log(`  connect: all open ${(many.connectMs / 1000).toFixed(2)} s after start (target < 10 s) ${many.open >= IDLE_FEEDS && many.connectMs < 10_000 ? 'OK' : 'MISSED'} (no feeds: ready in ${(none.connectMs / 1000).toFixed(2)} s)`)
  console.log(`  RSS ${mb(many.rss)} (target < 150 MB) ${many.rss < 150 * 1024 * 1024 ? 'OK' : 'MISSED'} · with no feeds ${mb(none.rss)} (+${mb(many.rss - none.rss)})`)
  console.log(`  idle CPU over ${IDLE_SECONDS} s: ${cpu(many.idleCpu)} of a core (target < 1 %) ${many.idleCpu !== null && many.idleCpu < 1 ? 'OK' : 'MISSED'} · with no feeds ${cpu(none.idleCpu)}`)
  console.log(await websocketFigure())
}

/** The WebSocket feed's full path next to a bare `ws` client (bench-websocket.ts prints one line). */
async function websocketFigure(): Promise<string> {
  const script = fileURLToPath(new URL('./bench-websocket.ts', import.meta.url))
  const proc = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve))
  if (code !== 0) throw new Error(`bench-websocket.ts ended with code ${code}`)
  return out.trim().split('\n').at(-1) ?? ''
}

await main()
