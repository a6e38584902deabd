/**
 * A log file a user can send: plain text lines in `<data folder>/logs/tidings.log`, rotated at a
 * size limit into `tidings.1.log` … `tidings.<keep>.log` (oldest dropped), so it never grows
 * without bound. Packaged Windows and macOS apps have no console: everything main would print goes
 * here. Lines are written synchronously (a few per minute), so a crash right after an error still
 * leaves it on disk. The clock and the file operations are injected for tests; `openLog` wires the
 * real ones and is what the app and `tidings run` call.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from './ports.ts'
import { systemClock } from './ports.ts'

export type LogLevel = 'info' | 'warn' | 'error'

/** What the app and the CLI log through. */
export interface Logger {
  info(message: string, detail?: unknown): void
  warn(message: string, detail?: unknown): void
  error(message: string, detail?: unknown): void
  /** The folder holding the log files ("Open Log Folder"). */
  readonly dir: string
}

/** The file operations the logger needs (Node's by default). */
export interface LogFiles {
  size(file: string): number
  append(file: string, text: string): void
  rename(from: string, to: string): void
  remove(file: string): void
  makeDir(dir: string): void
}

export interface LogOptions {
  dir: string
  clock?: Clock
  files?: LogFiles
  /** Rotate when the current file would pass this many bytes (1 MiB by default). */
  maxBytes?: number
  /** Rotated files kept besides the current one (3 by default). */
  keep?: number
  /** Also told of every line (the dev console); optional. */
  echo?: (line: string) => void
}

export const LOG_DIR = 'logs'
export const LOG_FILE = 'tidings.log'

const nodeFiles: LogFiles = {
  size(file) {
    try {
      return statSync(file).size
    } catch {
      return 0
    }
  },
  append: (file, text) => appendFileSync(file, text, { mode: 0o600 }),
  rename: (from, to) => renameSync(from, to),
  remove: (file) => rmSync(file, { force: true }),
  makeDir: (dir) => mkdirSync(dir, { recursive: true }),
}

/** One line: ISO time, level, message, and the detail (an Error's stack, or JSON). */
export function formatLogLine(at: number, level: LogLevel, message: string, detail?: unknown): string {
  let extra = ''
  if (detail instanceof Error) extra = ` ${detail.stack ?? `${detail.name}: ${detail.message}`}`
  else if (detail !== undefined) {
    try {
      extra = ` ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`
    } catch {
      extra = ` ${Object.prototype.toString.call(detail)}` // cyclic or otherwise unserialisable
    }
  }
  // One record per line for a reader; a stack's own newlines are indented under it.
  return `${new Date(at).toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}`.replace(/\r?\n/g, '\n    ') + '\n'
}

/** A rotating file logger in `options.dir`. Never throws: a log that cannot be written is skipped. */
export function createLog(options: LogOptions): Logger {
  const { dir, clock = systemClock, files = nodeFiles, maxBytes = 1024 * 1024, keep = 3, echo } = options
  const file = join(dir, LOG_FILE)
  const rotated = (n: number) => join(dir, `tidings.${n}.log`)
  let size: number | null = null

  const rotate = () => {
    files.remove(rotated(keep))
    for (let n = keep - 1; n >= 1; n--) if (files.size(rotated(n)) > 0) files.rename(rotated(n), rotated(n + 1))
    if (keep >= 1) files.rename(file, rotated(1))
    else files.remove(file)
    size = 0
  }

  const write = (level: LogLevel, message: string, detail?: unknown) => {
    const line = formatLogLine(clock.now(), level, message, detail)
    echo?.(line.trimEnd())
    try {
      if (size === null) {
        files.makeDir(dir)
        size = files.size(file)
      }
      const bytes = Buffer.byteLength(line)
      if (size > 0 && size + bytes > maxBytes) rotate()
      files.append(file, line)
      size += bytes
    } catch {
      size = null // the folder may be back next time; a log never breaks the app
    }
  }
  return {
    dir,
    info: (message, detail) => write('info', message, detail),
    warn: (message, detail) => write('warn', message, detail),
    error: (message, detail) => write('error', message, detail),
  }
}

/** The log of a data folder (`<dataDir>/logs/tidings.log`): the app and `tidings run` both write it. */
export function openLog(dataDir: string, options: Omit<LogOptions, 'dir'> = {}): Logger {
  return createLog({ ...options, dir: join(dataDir, LOG_DIR) })
}
