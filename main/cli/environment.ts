/**
 * A complete, real Tidings core on a data folder, without Electron: `conf` for settings (the same
 * file electron-store writes), a user-only secrets file, SQLite history. Used by the CLI and by the
 * browser tests, which bridge the window to it.
 */
import { accessSync, constants, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import { openHistory, READER_WAL_AUTOCHECKPOINT, type History, type HistoryUpgrade } from '../core/history/index.ts'
import { createHistoryWriter } from '../core/history/writer.ts'
import type { HistoryWriter } from '../core/history/writer.ts'
import type { Badge, Clock, FetchLike, Notifier, ProxyResolver } from '../core/ports.ts'
import { createTidings } from '../core/service.ts'
import type { TidingsService } from '../core/service-api.ts'
import { checkSettingsFile, createSettingsStore, settingsStoreOptions, type CheckedSettingsStore } from '../core/settings/index.ts'
import { fileSecretStore } from '../core/secrets.ts'
import { privateCopy, readOnlyKeyValues } from './read-only.ts'

export const HISTORY_FILE = 'history.db'
export const CLI_SECRETS_FILE = 'secrets.json'

/** A problem with the data folder or its files, said in one line. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError'
}

export interface EnvironmentOptions {
  dataDir: string
  notifier?: Notifier
  badge?: Badge
  fetch?: FetchLike
  /** The proxy of WebSocket / Socket.IO feeds; HTTP(S)_PROXY / NO_PROXY when absent (what `tidings` uses). */
  proxy?: ProxyResolver
  clock?: Clock
  version?: string
  /** The history writer's script when running from a build (out/main/history-writer.js). */
  writerScript?: URL
  /** Start the writer thread (default true); commands that only read or edit feeds do without. */
  writer?: boolean
  /**
   * Open without writing anything in the folder (a read-only or absent folder, for commands that
   * only read): the settings file as it is, a private copy of the history.
   */
  readOnly?: boolean
  /** The system locale the service speaks in (toasts) when the app's language is 'system'. */
  locale?: string
  /** Told before the history file (not a read-only copy) is brought to this version's schema. */
  onUpgrade?: (upgrade: HistoryUpgrade) => void
}

export interface Environment {
  service: TidingsService
  history: History
  settings: CheckedSettingsStore
  dataDir: string
  /** The history writer (absent for commands that only read or edit feeds). */
  writer: HistoryWriter | undefined
  close(): Promise<void>
}

/** Opens the settings file; a corrupt one is reported, never replaced. */
export function openSettings(dataDir: string): CheckedSettingsStore {
  try {
    checkSettingsFile(dataDir)
  } catch (error) {
    throw new EnvironmentError((error as Error).message, { cause: error })
  }
  try {
    const conf = new Conf<Record<string, unknown>>({ ...settingsStoreOptions, cwd: dataDir })
    return createSettingsStore({ get: (k) => conf.get(k), set: (k, v) => conf.set(k, v) })
  } catch (error) {
    const file = join(dataDir, 'config.json')
    throw new EnvironmentError(`settings file ${file} could not be read (${(error as Error).message}); Tidings left it untouched — fix it or move it away`)
  }
}

/** The settings file read as it is, for a folder the command must not write. */
export function openReadOnlySettings(dataDir: string): CheckedSettingsStore {
  try {
    checkSettingsFile(dataDir)
  } catch (error) {
    throw new EnvironmentError((error as Error).message, { cause: error })
  }
  return createSettingsStore(readOnlyKeyValues(dataDir))
}

export async function openEnvironment(options: EnvironmentOptions): Promise<Environment> {
  const { dataDir } = options
  const readOnly = options.readOnly === true
  if (!readOnly) {
    try {
      mkdirSync(dataDir, { recursive: true })
      accessSync(dataDir, constants.W_OK)
    } catch (error) {
      throw new EnvironmentError(`data folder ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    }
  }
  const settings = readOnly ? openReadOnlySettings(dataDir) : openSettings(dataDir)
  const copy = readOnly ? privateCopy(join(dataDir, HISTORY_FILE)) : null
  const withWriter = options.writer !== false && !readOnly
  let history: History
  try {
    history = openHistory({
      path: copy?.path ?? join(dataDir, HISTORY_FILE),
      clock: options.clock,
      ...(withWriter ? { walAutocheckpointPages: READER_WAL_AUTOCHECKPOINT } : {}),
      ...(options.onUpgrade && !readOnly ? { onUpgrade: options.onUpgrade } : {}),
    })
  } catch (error) {
    copy?.remove()
    throw new EnvironmentError((error as Error).message, { cause: error })
  }
  const writer = !withWriter ? undefined : createHistoryWriter({ path: join(dataDir, HISTORY_FILE), script: options.writerScript })
  const service = createTidings({
    settings,
    secrets: fileSecretStore(join(dataDir, CLI_SECRETS_FILE)),
    history,
    writer,
    notifier: options.notifier ?? { show() {} },
    badge: options.badge ?? { set() {} },
    clock: options.clock,
    fetch: options.fetch,
    proxy: options.proxy,
    info: { version: options.version ?? '0.0.0', platform: process.platform, locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale },
  })
  return {
    service,
    history,
    settings,
    dataDir,
    writer,
    async close() {
      await service.stop() // every batch received is stored before the writer closes
      try {
        await writer?.close()
      } finally {
        history.close()
        copy?.remove()
      }
    },
  }
}
