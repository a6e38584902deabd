import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { countedStats, createScratch, seeded, storedStats, withRaw } from './test-support.ts'
import { openHistory } from './history.ts'

const scratch = createScratch()
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  scratch.cleanup()
})

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url))
/** Where the kills land; rerun a failure with TIDINGS_CRASH_SEED=<the seed it printed>. */
const SEED = Number(process.env.TIDINGS_CRASH_SEED ?? 20_261_202)

/** Every stored event id of the feed, oldest first, paging through the public API. */
function storedIds(file: string): { ids: string[]; cursor: { lastEventId: string; since: string } } {
  const history = scratch.open({ path: file })
  const ids: string[] = []
  let after: number | null = null
  for (let page = 0; page < 1000; page++) {
    const result = history.query({ feedId: 'crash', order: 'oldest', limit: 1000, after })
    ids.push(...result.events.map((e) => e.id))
    if (result.next === null) break
    after = result.next
  }
  const cursor = history.cursor('crash')
  history.close()
  return { ids, cursor }
}

describe('crash safety', () => {
  it('after kill -9 at a random instant, holds exactly the committed events and their cursor', async () => {
    try {
      await crashRounds(seeded(SEED))
    } catch (error) {
      if (error instanceof Error) error.message = `[TIDINGS_CRASH_SEED=${SEED}] ${error.message}`
      throw error
    }
  })
})

/** Four rounds: a child appends, is killed at a seeded-random point, and the file is checked. */
async function crashRounds(random: () => number): Promise<void> {
  const file = path.join(scratch.dir(), 'history.db')
  scratch.open({ path: file }).close() // the schema exists before the first child starts
  let stored = 0
  for (let round = 0; round < 4; round++) {
    const child = spawn(process.execPath, [CHILD, file], { stdio: ['ignore', 'ignore', 'pipe'] })
    children.push(child)
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = once(child, 'exit')

    // Wait (polling a reader connection) until the child has committed a random amount more.
    const target = stored + 200 + Math.floor(random() * 3000)
    const reader = new DatabaseSync(file, { readOnly: true, timeout: 5_000 })
    try {
      const count = reader.prepare('SELECT count(*) AS n FROM events')
      await waitFor(
        () => child.exitCode !== null || Number(count.get()!.n) >= target,
        () => `the child to commit ${target} events (child stderr: ${stderr})`,
        30_000,
      )
    } finally {
      reader.close()
    }
    expect(child.exitCode, stderr).toBeNull()
    // A random sub-millisecond-to-few-ms extra spin so the kill lands anywhere in the cycle.
    const until = performance.now() + random() * 4
    while (performance.now() < until) {
      /* spin */
    }
    child.kill('SIGKILL')
    await exited
    expect(child.signalCode).toBe('SIGKILL')

    // The file is intact, and so is the full-text index once it caught up with what was stored.
    const caughtUp = openHistory({ path: file })
    caughtUp.flushSearchIndex()
    caughtUp.close()
    withRaw(file, (db) => {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' })
      expect(() => db.exec("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")).not.toThrow()
    })
    const { ids, cursor } = storedIds(file)
    expect(ids.length).toBeGreaterThanOrEqual(target)
    // Contiguous 1..N, no duplicates (replays were skipped), and the cursor names the last one.
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => String(i + 1)))
    expect(cursor).toEqual({ lastEventId: String(ids.length), since: `since-${ids.length}` })
    expect(storedStats(file)).toEqual(countedStats(file))
    stored = ids.length
  }
}
