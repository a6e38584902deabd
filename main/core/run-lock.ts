/**
 * One subscriber per data folder. The app and `tidings run` share feeds and history; if both
 * subscribed at once, every event would arrive twice (events without an id cannot be told apart)
 * and toast twice. The lock is an operating-system file lock — an exclusive SQLite transaction on
 * `subscriber.lock`, held for the process's life — so it is atomic, and the kernel releases it when
 * the holder dies (kill -9, a crash, a reused process id never matter). Who holds it is written
 * beside it, for the message.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

export const RUN_LOCK_FILE = 'subscriber.lock'
export const RUN_LOCK_HOLDER_FILE = 'subscriber.json'

export interface LockHolder {
  pid: number
  /** 'app' or 'cli'. */
  who: string
  since: string
}

export type RunLock = { ok: true; release(): void } | { ok: false; holder: LockHolder }

function readHolder(file: string): LockHolder {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>
    return { pid: Number(parsed.pid) || 0, who: String(parsed.who ?? '?'), since: String(parsed.since ?? '') }
  } catch {
    return { pid: 0, who: '?', since: '' }
  }
}

/** Takes the data folder's subscriber lock, or says who holds it. */
export function acquireRunLock(dataDir: string, who: 'app' | 'cli', now = Date.now()): RunLock {
  const holderFile = join(dataDir, RUN_LOCK_HOLDER_FILE)
  const lockFile = join(dataDir, RUN_LOCK_FILE)
  let db: DatabaseSync | null = null
  for (let attempt = 0; db === null; attempt += 1) {
    const candidate = new DatabaseSync(lockFile, { timeout: 0 })
    try {
      candidate.exec('PRAGMA locking_mode = EXCLUSIVE')
      candidate.exec('BEGIN EXCLUSIVE')
      db = candidate
    } catch (error) {
      candidate.close()
      const code = (error as { errcode?: number }).errcode
      // SQLITE_BUSY (5) / SQLITE_LOCKED (6): somebody holds it. Anything else (a damaged or foreign
      // file) holds nothing: replace it once.
      if (code === 5 || code === 6 || attempt > 0) return { ok: false, holder: readHolder(holderFile) }
      rmSync(lockFile, { force: true })
    }
  }
  const me: LockHolder = { pid: process.pid, who, since: new Date(now).toISOString() }
  writeFileSync(holderFile, JSON.stringify(me))
  let held = true
  return {
    ok: true,
    release() {
      if (!held) return
      held = false
      if (readHolder(holderFile).pid === me.pid) rmSync(holderFile, { force: true })
      db.exec('ROLLBACK')
      db.close()
    },
  }
}

/** The holder in words, for an error line or dialog (English; the CLI words it from the holder). */
export function describeHolder(holder: LockHolder): string {
  const what = holder.who === 'app' ? 'the Tidings app' : holder.who === 'cli' ? '`tidings run`' : 'another Tidings'
  return `${what}${holder.pid > 0 ? ` (process ${holder.pid})` : ''} is already subscribed to the feeds of this data folder`
}

/**
 * Who subscribes to this folder's feeds right now, as far as can be told without taking the lock
 * (a read-only look, e.g. `tidings feeds list`): the holder written beside the lock, if that
 * process is still alive; null when nobody is.
 */
export function currentHolder(dataDir: string, isAlive: (pid: number) => boolean = processAlive): LockHolder | null {
  const holder = readHolder(join(dataDir, RUN_LOCK_HOLDER_FILE))
  return holder.pid > 0 && isAlive(holder.pid) ? holder : null
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, somebody else's
  }
}
