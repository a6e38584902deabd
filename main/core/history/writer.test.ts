import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedEvent } from '../types.ts'
import { openHistory } from './history.ts'
import { READER_WAL_AUTOCHECKPOINT } from './open-database.ts'
import { createHistoryWriter } from './writer.ts'
import { waitFor } from '../../test-support/wait.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-writer-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'history.db')
  const reader = openHistory({ path })
  cleanups.push(() => reader.close())
  const writer = createHistoryWriter({ path })
  cleanups.push(() => writer.close())
  return { reader, writer, path }
}

const ev = (id: string, data = `event ${id}`, newId = true): FeedEvent => ({ feedId: 'f', id, newId, type: 'message', data, receivedAt: 1_000 + Number(id) })

describe('history writer (a worker thread)', () => {
  it('stores batches in order, with their cursor, and returns what was new', async () => {
    const { reader, writer } = setup()
    const first = writer.append('f', 1, [ev('1'), ev('2')], { lastEventId: '2', since: '' })
    const second = writer.append('f', 1, [ev('2'), ev('3'), ev('3', 'event 3', false)], { lastEventId: '3', since: '' })
    expect((await first).map((e) => e.id)).toEqual(['1', '2'])
    const again = await second // '2' is a replay; the inherited-id '3' is a different event
    expect(again.map((e) => [e.id, e.newId])).toEqual([['3', true], ['3', false]])
    expect(again.map((e) => e.seq)).toEqual(reader.query({ order: 'oldest' }).events.slice(2).map((e) => e.seq))
    expect(reader.cursor('f')).toEqual({ lastEventId: '3', since: '' })
    expect(reader.unread().total).toBe(4)
  })

  it('after a failed batch, refuses the rest of that connection, and takes the next one', async () => {
    const { reader, writer } = setup()
    const ok = writer.append('f', 7, [ev('1')], { lastEventId: '1', since: '' })
    const bad = writer.append('f', 7, [{ ...ev('2'), data: { not: 'text' } as unknown as string }], { lastEventId: '2', since: '' })
    const after = writer.append('f', 7, [ev('3')], { lastEventId: '3', since: '' })
    await expect(ok).resolves.toHaveLength(1)
    await expect(bad).rejects.toThrow()
    await expect(after).rejects.toThrow(/earlier batch of this connection was not stored/)
    expect(reader.cursor('f')).toEqual({ lastEventId: '1', since: '' }) // nothing past the gap
    await expect(writer.append('f', 8, [ev('2'), ev('3')], { lastEventId: '3', since: '' })).resolves.toHaveLength(2)
    expect(reader.query({ order: 'oldest' }).events.map((e) => e.id)).toEqual(['1', '2', '3'])
  })

  it('acknowledges each of many queued batches only once a reader can see it stored', async () => {
    const { reader, writer } = setup()
    const seen: boolean[] = []
    const all = Array.from({ length: 60 }, (_, i) => {
      const id = String(i + 1)
      return writer.append('f', 1, [ev(id)], { lastEventId: id, since: '' }).then((stored) => {
        // Checked on another connection at the moment of acknowledgement: committed, not pending.
        seen.push(stored.length === 1 && reader.get(stored[0]!.seq) !== null && Number(reader.cursor('f').lastEventId) >= i + 1)
      })
    })
    await Promise.all(all)
    expect(seen).toEqual(Array.from({ length: 60 }, () => true))
    expect(reader.query({ order: 'oldest', limit: 100 }).events.map((e) => e.id)).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)))
  })

  it('says when its thread could not start, and refuses rather than loses', async () => {
    const writer = createHistoryWriter({ path: join(tmpdir(), 'unused.db'), script: new URL('file:///nonexistent/history-writer.js') })
    await expect(writer.append('f', 1, [ev('1')], { lastEventId: '1', since: '' })).rejects.toThrow()
    await waitFor(() => writer.broken(), 'broken')
    await writer.close()
  })
})

describe('history writer: a thread only while there is work', () => {
  it('starts with the first batch, stops when idle, starts again, and keeps policies set meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-writer-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'history.db')
    const reader = openHistory({ path })
    cleanups.push(() => reader.close())
    const writer = createHistoryWriter({ path, idleMs: 50 })
    cleanups.push(() => writer.close())

    expect(writer.running()).toBe(false)
    await writer.setRetention('f', { maxEvents: 3, maxAgeDays: null }) // no thread needed for that
    expect(writer.running()).toBe(false)
    const first = await writer.append('f', 1, [ev('1'), ev('2'), ev('3'), ev('4')], { lastEventId: '4', since: '' })
    expect(first.map((e) => e.id)).toEqual(['2', '3', '4']) // the policy reached the new thread first
    await waitFor(() => !writer.running(), 'the idle thread to stop')

    await writer.setRetention('f', { maxEvents: 2, maxAgeDays: null })
    const second = await writer.append('f', 1, [ev('5')], { lastEventId: '5', since: '' })
    expect(second.map((e) => e.id)).toEqual(['5'])
    expect(reader.query({ order: 'oldest' }).events.map((e) => e.id)).toEqual(['4', '5'])
    expect(reader.cursor('f')).toEqual({ lastEventId: '5', since: '' })
    expect(writer.broken()).toBe(false)
    await writer.close()
    expect(writer.running()).toBe(false)
  })
})

describe('history writer: warm', () => {
  it('starts a thread before the first batch, which stops again if none comes, and pending policies reach it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-writer-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'history.db')
    const writer = createHistoryWriter({ path, idleMs: 50 })
    cleanups.push(() => writer.close())

    await writer.setRetention('f', { maxEvents: 2, maxAgeDays: null })
    writer.warm()
    expect(writer.running()).toBe(true)
    await waitFor(() => !writer.running(), 'the unused thread to stop')

    writer.warm()
    writer.warm() // once running, another call starts nothing
    expect(writer.running()).toBe(true)
    const stored = await writer.append('f', 1, [ev('1'), ev('2'), ev('3')], { lastEventId: '3', since: '' })
    expect(stored.map((e) => e.id)).toEqual(['2', '3'])
    expect(writer.broken()).toBe(false)
    await writer.close()
    writer.warm() // after close: nothing starts
    expect(writer.running()).toBe(false)
  })
})

describe('history writer: process lifetime', () => {
  it('keeps the process alive while open, even with no thread running, and lets it end once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-writer-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const writerModule = new URL('./writer.ts', import.meta.url).href
    // An unref'd timer fires only if something else keeps the event loop alive: the open writer.
    const script = `
      const { createHistoryWriter } = await import(${JSON.stringify(writerModule)})
      const writer = createHistoryWriter({ path: ${JSON.stringify(join(dir, 'h.db'))} })
      setTimeout(async () => { process.stdout.write('alive '); await writer.close(); process.stdout.write('closed') }, 200).unref()
    `
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(out).toBe('alive closed')
    expect(code).toBe(0)
  })
})

describe('history writer: checkpoints after a burst, not during it', () => {
  const MB = 1024 * 1024
  /** A reader that never checkpoints the WAL itself, and a writer that settles after `settleMs`. */
  function burstSetup(settleMs: number) {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-writer-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'history.db')
    const reader = openHistory({ path, walAutocheckpointPages: READER_WAL_AUTOCHECKPOINT })
    cleanups.push(() => reader.close())
    const writer = createHistoryWriter({ path, settleMs })
    cleanups.push(() => writer.close())
    // Until a checkpoint copies it, what is stored sits in the WAL and the main file stays small.
    const size = (suffix = '') => statSync(path + suffix).size
    /** 60 batches of 500 events sent at once: the thread stores them in groups of hundreds or more. */
    const burst = () =>
      Promise.all(
        Array.from({ length: 60 }, (_, b) => {
          const events = Array.from({ length: 500 }, (_, i) => ev(String(b * 500 + i + 1), `burst event ${b * 500 + i + 1} ${'x'.repeat(80)}`))
          return writer.append('f', 1, events, { lastEventId: String((b + 1) * 500), since: '' })
        }),
      )
    return { reader, writer, size, burst }
  }

  it('lets the WAL grow while a burst lasts, then the next event one by one checkpoints it', async () => {
    const { reader, writer, size, burst } = burstSetup(60_000)
    await burst()
    expect(reader.query({}).total).toBe(30_000)
    // Past SQLite's default of 1,000 pages (~4 MB), and still nothing copied into the main file.
    expect(size('-wal')).toBeGreaterThan(5 * MB)
    expect(size()).toBeLessThan(1 * MB)
    // An event that comes alone is stored at the default limit again: its commit checkpoints.
    await writer.append('f', 1, [ev('30001')], { lastEventId: '30001', since: '' })
    expect(size()).toBeGreaterThan(4 * MB)
    expect(reader.query({}).total).toBe(30_001)
  })

  it('checkpoints what a burst left once no batch has come for a while', async () => {
    const { reader, size, burst } = burstSetup(30)
    await burst()
    await waitFor(() => size() > 4 * MB, () => `the main file to receive the burst (it holds ${size()} bytes)`)
    expect(reader.query({}).total).toBe(30_000)
    expect(reader.cursor('f')).toEqual({ lastEventId: '30000', since: '' })
  })
})
