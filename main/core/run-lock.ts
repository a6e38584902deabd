/**
 * One subscriber per data folder. The app and `tidings run` share feeds and history; if both
 * subscribed at once, every event would arrive twice (events without an id cannot be told apart)
 * and toast twice. The lock is a small file naming the holder; a holder that died (kill -9, a
 * crash) leaves a file whose process is gone, which the next start takes over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export const RUN_LOCK_FILE = 'subscriber.lock'

export interface LockHolder {
  pid: number
  /** 'app' or 'cli'. */
  who: string
  since: string
}

export type RunLock = { ok: true; release(): void } | { ok: false; holder: LockHolder }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, who: String(parsed.who ?? '?'), since: String(parsed.since ?? '') } : null
  } catch {
    return null // unreadable or half-written: treated as stale
  }
}

/** Takes the data folder's subscriber lock, or says who holds it. */
export function acquireRunLock(dataDir: string, who: 'app' | 'cli', now = Date.now()): RunLock {
  const file = join(dataDir, RUN_LOCK_FILE)
  const me: LockHolder = { pid: process.pid, who, since: new Date(now).toISOString() }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      return {
        ok: true,
        release() {
          if (readHolder(file)?.pid === me.pid) unlinkSync(file)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(file)
      if (holder && alive(holder.pid)) return { ok: false, holder }
      try {
        unlinkSync(file) // stale: its process is gone
      } catch {
        // someone else removed it first; try again
      }
    }
  }
  const holder = readHolder(file)
  return holder ? { ok: false, holder } : acquireRunLock(dataDir, who, now)
}

/** The holder in words, for an error line or dialog. */
export function describeHolder(holder: LockHolder): string {
  const what = holder.who === 'app' ? 'the Tidings app' : '`tidings run`'
  return `${what} (process ${holder.pid}) is already subscribed to the feeds of this data folder`
}
