/**
 * Opens the history file with the settings durability depends on, and turns SQLite's failures into
 * errors that name the file and say what is wrong. A file that is not ours to read is never
 * replaced: the user decides what happens to it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { migrate, schemaVersion, SCHEMA_VERSION } from './schema.ts'

/** Why the history file could not be opened. */
export type HistoryOpenErrorKind =
  | 'not-a-database' // the file holds something else
  | 'corrupt' // a SQLite file, but damaged
  | 'cannot-open' // missing folder, a directory, no permission
  | 'busy' // another process holds the file locked
  | 'newer-schema' // written by a newer Tidings
  | 'io' // the disk failed to read or write

/** Thrown by `openHistory`; the message is complete on its own, `kind` lets the UI choose words. */
export class HistoryOpenError extends Error {
  readonly kind: HistoryOpenErrorKind
  readonly path: string

  constructor(kind: HistoryOpenErrorKind, file: string, detail: string, cause?: unknown) {
    super(`history database ${file} ${detail}`, { cause })
    this.name = 'HistoryOpenError'
    this.kind = kind
    this.path = file
  }
}

/**
 * Page cache of a connection that mostly reads (the app's and CLI's own): pages, searches and
 * counts touch few pages each, and the OS file cache holds the file anyway.
 */
export const READER_CACHE_MIB = 8
/**
 * Page cache of the writer thread's connection: the hot index pages of a busy log stay in memory
 * (32 MiB doubled append throughput at steady state with retention, against SQLite's 2 MiB). It
 * is freed when the idle thread stops.
 */
export const WRITER_CACHE_MIB = 32

/** SQLite's default: a commit that leaves the WAL past 1000 pages (~4 MB) checkpoints it. */
export const DEFAULT_WAL_AUTOCHECKPOINT = 1000
/**
 * The writer thread checkpoints at SQLite's default while events come one by one: a checkpoint of
 * 10,000 pages is a ~60 ms stall of the writer, and at a steady 200 ev/s such stalls took the p99
 * latency (server write → stored) from 6.5 ms to 16 ms.
 */
export const WRITER_WAL_AUTOCHECKPOINT = DEFAULT_WAL_AUTOCHECKPOINT
/**
 * While a burst lasts (groups of BURST_GROUP_EVENTS or more), the writer lets the WAL grow to this
 * many pages (~40 MB) before a commit checkpoints it, and checkpoints once the burst is over
 * (writer-worker.ts). A page the burst rewrites in many commits is then copied into the main file
 * once, not once per 1,000 pages of WAL: the thread spent ~17 % less CPU on a 100k-event burst.
 */
export const BURST_WAL_AUTOCHECKPOINT = 10_000
/**
 * A group of this many events on the writer thread means a burst (a replay after a gap, a busy
 * feed). Events that come one by one are stored in groups of one or two.
 */
export const BURST_GROUP_EVENTS = 256
/** Once no batch has come for this long after a burst, the writer checkpoints the WAL it left. */
export const BURST_SETTLE_MS = 25
/**
 * The connection of a process that leaves appends to the writer thread (the app's and `tidings
 * run`'s own) checkpoints only a WAL far larger than the thread ever leaves it: its few writes (read
 * marks, errors, gaps) right after a burst would otherwise copy the burst's whole WAL into the main
 * file on the main thread (~60 ms after a 100k-event burst, at the end of every burst). If the
 * thread breaks, appends come back to this connection and so does SQLite's default.
 */
export const READER_WAL_AUTOCHECKPOINT = 2 * BURST_WAL_AUTOCHECKPOINT
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024

/** Milliseconds a write waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5_000

/**
 * Opens (creating if absent) and migrates the database at `file`. WAL with synchronous=NORMAL:
 * a committed transaction survives the process being killed at any instant; only an OS crash or
 * power loss can drop the last few commits, and never corrupts the file.
 */
export function openDatabase(
  file: string,
  busyTimeoutMs = BUSY_TIMEOUT_MS,
  cacheMiB = READER_CACHE_MIB,
  walAutocheckpointPages = DEFAULT_WAL_AUTOCHECKPOINT,
  onUpgrade?: (upgrade: HistoryUpgrade) => void,
): DatabaseSync {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  let db: DatabaseSync
  try {
    db = new DatabaseSync(file, { timeout: busyTimeoutMs, enableForeignKeyConstraints: true })
  } catch (error) {
    throw translate(file, error)
  }
  try {
    // Reading the schema is the first thing that touches the file's contents.
    const version = schemaVersion(db)
    db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()
    if (version > SCHEMA_VERSION) {
      throw new HistoryOpenError(
        'newer-schema',
        file,
        `was written by a newer version of Tidings (schema ${version}, this version knows up to ${SCHEMA_VERSION}); update Tidings to read it`,
      )
    }
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    // Statement journals (multi-row deletes and updates with triggers) stay off the disk.
    db.exec('PRAGMA temp_store = MEMORY')
    // The page cache is memory that stays for the life of the connection once pages were read.
    // See READER_CACHE_MIB / WRITER_CACHE_MIB. No mmap (mmap_size 0, SQLite's default): mapped
    // pages would count in RSS too, for no gain on the write path.
    db.exec(`PRAGMA cache_size = ${-Math.max(1, Math.round(cacheMiB * 1024))}`)
    db.exec(`PRAGMA wal_autocheckpoint = ${Math.max(1, Math.floor(walAutocheckpointPages))}`)
    // After a checkpoint the WAL file is cut back to this size (it otherwise stays at its largest).
    db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
    if (version > 0 && version < SCHEMA_VERSION) onUpgrade?.({ from: version, to: SCHEMA_VERSION, events: storedEvents(db, version) })
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error instanceof HistoryOpenError ? error : translate(file, error)
  }
}

/** A file of an earlier schema about to be migrated: what `onUpgrade` is told. */
export interface HistoryUpgrade {
  from: number
  to: number
  /** Events the file holds (from the per-feed counters, schema 2 on); null when not counted. */
  events: number | null
}

function storedEvents(db: DatabaseSync, version: number): number | null {
  if (version < 2) return null
  return Number((db.prepare('SELECT coalesce(sum(total), 0) AS n FROM feed_stats').get() as { n: number }).n)
}

interface SqliteError {
  errcode?: number
  errstr?: string
  message?: string
}

/** Maps a SQLite result code (primary part) to words about the file. */
function translate(file: string, error: unknown): HistoryOpenError {
  const e = (error ?? {}) as SqliteError
  const reason = e.errstr ?? e.message ?? String(error)
  switch ((e.errcode ?? 0) & 0xff) {
    case 26: // SQLITE_NOTADB
      return new HistoryOpenError('not-a-database', file, 'is not a SQLite database', error)
    case 11: // SQLITE_CORRUPT
      return new HistoryOpenError('corrupt', file, `is damaged (${reason})`, error)
    case 14: // SQLITE_CANTOPEN
    case 3: // SQLITE_PERM
    case 23: // SQLITE_AUTH
    case 8: // SQLITE_READONLY
      return new HistoryOpenError('cannot-open', file, `cannot be opened for writing (${reason})`, error)
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return new HistoryOpenError('busy', file, `is locked by another process (${reason})`, error)
    case 10: // SQLITE_IOERR
    case 13: // SQLITE_FULL
      return new HistoryOpenError('io', file, `could not be read or written (${reason})`, error)
    default:
      return new HistoryOpenError('cannot-open', file, `could not be opened (${reason})`, error)
  }
}
