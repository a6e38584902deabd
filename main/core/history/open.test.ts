import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_WAL_AUTOCHECKPOINT, HistoryOpenError, openDatabase, READER_CACHE_MIB, WRITER_CACHE_MIB, WRITER_WAL_AUTOCHECKPOINT } from './open-database.ts'
import { createScratch, events, withRaw } from './test-support.ts'

const scratch = createScratch()
afterEach(() => scratch.cleanup())

/** Runs `open` and returns what it threw (failing the test when it did not throw). */
function openError(open: () => unknown): HistoryOpenError {
  try {
    open()
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryOpenError)
    return error as HistoryOpenError
  }
  throw new Error('expected openHistory to throw')
}

describe('opening', () => {
  it('creates the file and its folder', () => {
    const file = path.join(scratch.dir(), 'nested', 'deeper', 'history.db')
    const history = scratch.open({ path: file })
    history.append('a', events('a', 1, 1), { lastEventId: '1', since: '' })
    expect(fs.existsSync(file)).toBe(true)
  })

  it('refuses a file that is not a SQLite database, and leaves it as it was', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const content = 'these are my notes, not a database\n'.repeat(200)
    fs.writeFileSync(file, content)
    const error = openError(() => scratch.open({ path: file }))
    expect(error.message).toBe(`history database ${file} is not a SQLite database`)
    expect(error.kind).toBe('not-a-database')
    expect(error.path).toBe(file)
    expect(fs.readFileSync(file, 'utf8')).toBe(content)
  })

  it('refuses a damaged database and names the file', () => {
    const file = path.join(scratch.dir(), 'history.db')
    const history = scratch.open({ path: file })
    history.append('a', events('a', 1, 50), { lastEventId: '50', since: '' })
    history.close()
    // Keep the 100-byte header, wreck the rest of page 1 (where the schema lives).
    const bytes = fs.readFileSync(file)
    bytes.fill(0xa5, 100, 4096)
    fs.writeFileSync(file, bytes)
    const error = openError(() => scratch.open({ path: file }))
    expect(error.message).toContain(`history database ${file} `)
    expect(['corrupt', 'not-a-database']).toContain(error.kind)
    expect(fs.readFileSync(file).equals(bytes)).toBe(true)
  })

  it('says so when the path cannot be opened (a directory)', () => {
    const dir = scratch.dir()
    const error = openError(() => scratch.open({ path: dir }))
    expect(error.kind).toBe('cannot-open')
    expect(error.message).toMatch(new RegExp(`^history database ${dir} cannot be opened`))
  })

  it('refuses a file written by a newer schema instead of guessing', () => {
    const file = path.join(scratch.dir(), 'history.db')
    scratch.open({ path: file }).close()
    withRaw(file, (db) => db.exec('PRAGMA user_version = 999'))
    const error = openError(() => scratch.open({ path: file }))
    expect(error.kind).toBe('newer-schema')
    expect(error.message).toContain(`history database ${file} was written by a newer version of Tidings`)
  })

  it('accepts an empty file as a new database', () => {
    const file = path.join(scratch.dir(), 'history.db')
    fs.writeFileSync(file, '')
    const history = scratch.open({ path: file })
    expect(history.append('a', events('a', 1, 2), { lastEventId: '2', since: '' })).toHaveLength(2)
  })

  it('bounds each connection\'s page cache: small for readers, larger for the writer thread', () => {
    const dir = scratch.dir()
    const settings = (cacheMiB?: number, checkpointPages?: number) => {
      const db = openDatabase(path.join(dir, 'cache.db'), undefined, cacheMiB, checkpointPages)
      try {
        return {
          cache: Number((db.prepare('PRAGMA cache_size').get() as { cache_size: number }).cache_size),
          checkpoint: Number((db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint),
        }
      } finally {
        db.close()
      }
    }
    expect(settings()).toEqual({ cache: -READER_CACHE_MIB * 1024, checkpoint: DEFAULT_WAL_AUTOCHECKPOINT })
    expect(settings(WRITER_CACHE_MIB, WRITER_WAL_AUTOCHECKPOINT)).toEqual({ cache: -WRITER_CACHE_MIB * 1024, checkpoint: WRITER_WAL_AUTOCHECKPOINT })
    expect(READER_CACHE_MIB).toBeLessThan(WRITER_CACHE_MIB)
  })

  it('changes no schema when a file already up to date is opened again (the writer thread opens it at each start)', () => {
    const file = path.join(scratch.dir(), 'history.db')
    scratch.open({ path: file }).close()
    const schemaVersion = () => withRaw(file, (db) => Number((db.prepare('PRAGMA schema_version').get() as { schema_version: number }).schema_version))
    const before = schemaVersion()
    const again = scratch.open({ path: file })
    again.append('a', events('a', 1, 2), { lastEventId: '2', since: '' })
    expect(again.query({ search: 'event' }).total).toBe(2) // the index still follows appends
    expect(schemaVersion()).toBe(before)
  })
})
