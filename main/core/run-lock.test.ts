import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { acquireRunLock } from './run-lock.ts'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tidings-lock-'))
  dirs.push(d)
  return d
}

it('is held by one subscriber at a time and free again once released', () => {
  const dir = tempDir()
  const first = acquireRunLock(dir, 'app')
  expect(first.ok).toBe(true)
  const second = acquireRunLock(dir, 'cli')
  expect(second).toEqual({ ok: false, holder: { pid: process.pid, who: 'app', since: expect.any(String) as string } })
  if (first.ok) first.release()
  const third = acquireRunLock(dir, 'cli')
  expect(third.ok).toBe(true)
  if (third.ok) third.release()
})

it('is released by the kernel when its holder is killed', async () => {
  const dir = tempDir()
  const script = `import { acquireRunLock } from ${JSON.stringify(new URL('./run-lock.ts', import.meta.url).href)}
const lock = acquireRunLock(${JSON.stringify(dir)}, 'cli'); process.stdout.write(lock.ok ? 'held\\n' : 'refused\\n'); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const said = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))
  expect(said).toBe('held')
  const whileAlive = acquireRunLock(dir, 'app')
  expect(whileAlive).toMatchObject({ ok: false, holder: { pid: child.pid, who: 'cli' } })
  child.kill('SIGKILL')
  await new Promise((resolve) => child.once('exit', resolve))
  const after = acquireRunLock(dir, 'app')
  expect(after.ok).toBe(true)
  if (after.ok) after.release()
})
