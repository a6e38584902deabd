/**
 * Follows the settings file while `tidings run` runs, so feeds added, edited or removed elsewhere
 * (`tidings feeds add` in another terminal, the app) are picked up. Watches the folder, not the
 * file: conf and electron-store write a temporary file and rename it over `config.json`, which
 * replaces the file a file watch would hold. Changes are debounced; a slow check of the file's
 * identity backs the watcher up (network folders, editors that bypass it). A file that is not
 * readable when it is looked at is reported once and ignored — the feeds stay as they were.
 */
import { watch, statSync, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import { checkSettingsFile, SETTINGS_FILE } from '../core/settings/index.ts'

export interface SettingsWatchOptions {
  dataDir: string
  /** The file changed and reads as a settings file. */
  onChange: () => void | Promise<void>
  /** The file changed but cannot be read (a half-written or hand-broken file): said once. */
  onProblem: (detail: string) => void
  debounceMs?: number
  pollMs?: number
}

export interface SettingsWatch {
  close(): void
}

function identity(file: string): string {
  try {
    const s = statSync(file)
    return `${s.ino}:${s.size}:${s.mtimeMs}`
  } catch {
    return 'absent'
  }
}

export function watchSettingsFile(options: SettingsWatchOptions): SettingsWatch {
  const file = join(options.dataDir, SETTINGS_FILE)
  const debounceMs = options.debounceMs ?? 150
  let seen = identity(file)
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()
  let lastProblem = ''
  let closed = false

  const check = () => {
    timer = undefined
    if (closed) return
    seen = identity(file)
    running = running.then(async () => {
      if (closed) return
      try {
        checkSettingsFile(options.dataDir)
      } catch (error) {
        const detail = (error as Error).message
        if (detail !== lastProblem) options.onProblem(detail)
        lastProblem = detail
        return
      }
      lastProblem = ''
      try {
        await options.onChange()
      } catch (error) {
        // Read between a check and a rename: the next change (or the poll) reads it again.
        const detail = (error as Error).message
        if (detail !== lastProblem) options.onProblem(detail)
        lastProblem = detail
      }
    })
  }
  const soon = () => {
    if (closed) return
    clearTimeout(timer)
    timer = setTimeout(check, debounceMs)
  }

  let watcher: FSWatcher | null = null
  try {
    watcher = watch(options.dataDir, { persistent: false }, (_event, name) => {
      if (name === null || name === SETTINGS_FILE) soon()
    })
    watcher.on('error', () => {
      // The folder went away or the watcher broke: the poll still sees changes.
    })
  } catch {
    watcher = null
  }
  const poll = setInterval(() => {
    if (identity(file) !== seen) soon()
  }, options.pollMs ?? 2_000)
  poll.unref()

  return {
    close() {
      closed = true
      clearTimeout(timer)
      clearInterval(poll)
      watcher?.close()
    },
  }
}
