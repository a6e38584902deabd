/**
 * A real HTTP proxy for tests (not shipped): Debian's `tinyproxy`, started in the foreground with
 * its own config in a temp folder, on a free port of 127.0.0.1; every request it relays is in its
 * log, and it adds `Via: 1.1 <viaName>` to forwarded requests. `.ci/run` installs it.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from './wait.ts'

/** Where Debian puts the binary (/usr/bin today, /usr/sbin in older releases); null when missing. */
export function findTinyproxy(): string | null {
  return ['/usr/bin/tinyproxy', '/usr/sbin/tinyproxy'].find((path) => existsSync(path)) ?? null
}

export interface Tinyproxy {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** The name in its Via header. */
  viaName: string
  /** Everything it logged so far (one line per connection it handled, at LogLevel Connect). */
  log(): string
  stop(): Promise<void>
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Starts tinyproxy and waits until it accepts connections. */
export async function startTinyproxy(binary: string): Promise<Tinyproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-proxy-'))
  const port = await freePort()
  const viaName = 'tidings-test-proxy'
  const conf = join(dir, 'tinyproxy.conf')
  // No ConnectPort line: CONNECT is allowed to any port (the test servers use random ones).
  writeFileSync(
    conf,
    [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 600', 'LogLevel Connect', 'MaxClients 50', 'Allow 127.0.0.1', `ViaProxyName "${viaName}"`, ''].join('\n'),
  )
  let output = ''
  const child: ChildProcess = spawn(binary, ['-d', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await waitFor(async () => child.exitCode === null && (await accepts(port)), () => `tinyproxy listening on ${port}: ${output}`, 10_000)
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `http://127.0.0.1:${port}`,
    viaName,
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
