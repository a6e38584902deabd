/**
 * What a command that only reads (`feeds list`, `history`) opens when it must not or cannot write
 * the data folder — a read-only folder, or one that does not exist yet: the settings file read
 * as it is, and a private copy of the history, so SQLite (WAL) needs no write access to the
 * folder and nothing is created in it.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SETTINGS_FILE } from '../core/settings/index.ts'
import type { KeyValueStore } from '../core/settings/index.ts'

/** Thrown when a read-only environment is asked to write. */
export class ReadOnlyError extends Error {
  override name = 'ReadOnlyError'
  readonly dataDir: string
  constructor(dataDir: string) {
    super(`data folder ${dataDir} is read-only`)
    this.dataDir = dataDir
  }
}

/** The settings file's keys, read fresh on every get; every set throws ReadOnlyError. */
export function readOnlyKeyValues(dataDir: string): KeyValueStore {
  const read = (): Record<string, unknown> => {
    let text: string
    try {
      text = readFileSync(join(dataDir, SETTINGS_FILE), 'utf8')
    } catch {
      return {}
    }
    if (text.trim() === '') return {}
    return JSON.parse(text) as Record<string, unknown>
  }
  return {
    get: (key) => read()[key],
    set() {
      throw new ReadOnlyError(dataDir)
    },
  }
}

/** A private copy of `file` (and its write-ahead log); `remove` deletes it. */
export function privateCopy(file: string): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-read-'))
  const path = join(dir, 'history.db')
  if (existsSync(file)) {
    copyFileSync(file, path)
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${path}-wal`)
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
