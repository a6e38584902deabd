/**
 * Test support: a peer server in a child process that speaks JSON lines — commands on its stdin,
 * reports on its stdout ({"ready": port} first, {"ack": n} after each command). The Python peers
 * (ws-peer.py, socketio-peer.py) use it; each test starts its own and stops it after.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { waitFor } from '../wait.ts'

/** A running line peer. */
export interface LinePeer {
  port: number
  /** Every report the peer printed, in order (ready and acks included). */
  reports: Record<string, unknown>[]
  /** Sends a command and resolves once the peer acknowledged it. */
  command(command: Record<string, unknown>): Promise<void>
  /** Resolves with the first report (at or after index `from`) that `match` accepts. */
  report(match: (report: Record<string, unknown>) => boolean, what: string, from?: number): Promise<Record<string, unknown>>
  /** Ends the peer (stdin closed, then SIGKILL if it lingers); resolves once it exited. */
  stop(): Promise<void>
  /** Kills it at once (SIGKILL), like a crash. */
  kill(): Promise<void>
}

/** Starts `/usr/bin/python3 script port` and waits for its `ready` report. */
export async function startLinePeer(script: string, port = 0, timeoutMs = 20_000): Promise<LinePeer> {
  const child = spawn('/usr/bin/python3', ['-u', script, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] })
  const reports: Record<string, unknown>[] = []
  let stderr = ''
  let exited = false
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true
    resolve()
  }))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      reports.push(JSON.parse(line) as Record<string, unknown>)
    } catch {
      stderr += `\n(stdout) ${line}`
    }
  })
  const describe = () => `${script} (${exited ? 'exited' : 'running'}); stderr: ${stderr.trim() || '(none)'}`
  const ready = await waitFor(() => reports.find((r) => typeof r['ready'] === 'number') ?? (exited ? { failed: true } : null), () => `${script} to be ready: ${describe()}`, timeoutMs)
  if (!('ready' in ready)) throw new Error(`${script} did not start: ${describe()}`)
  let sent = 0

  async function report(match: (report: Record<string, unknown>) => boolean, what: string, from = 0) {
    return waitFor(() => reports.slice(from).find(match), () => `${what} from ${describe()}`, timeoutMs)
  }

  return {
    port: ready['ready'] as number,
    reports,
    report,
    async command(command) {
      const n = ++sent
      child.stdin.write(`${JSON.stringify(command)}\n`)
      await report((r) => r['ack'] === n, `ack ${n} of ${JSON.stringify(command)}`)
    },
    stop: () => end(child, exit, () => child.stdin.end()),
    kill: () => end(child, exit, () => child.kill('SIGKILL')),
  }
}

async function end(child: ChildProcess, exit: Promise<void>, how: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  how()
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exit
  clearTimeout(timer)
}
