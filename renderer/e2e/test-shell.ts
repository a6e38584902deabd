/**
 * The desktop shell's channels (preload/contract.ts `ShellInvokes`) for the browser tests: the app
 * answers them in main/index.ts with a save dialog, the OS file manager and safeStorage. Here the
 * "dialog" picks a file in a temp folder (or is cancelled, when the test says so), the file is
 * written from the real core's export exactly as main does it, and the log folder and keychain
 * state are recorded/answered as the test sets them. Arguments are checked by the app's own
 * shell validators.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeychainDto, ShellInvokes, TidingsShellApi } from '../../preload/contract.ts'
import type { TidingsService } from '../../main/core/service-api.ts'

/** TidingsShellApi method → shell channel (as preload/index.ts binds them). */
export const shellChannels = {
  exportFeedsToFile: 'feeds:export-file',
  openLogFolder: 'app:open-log-folder',
  keychain: 'app:keychain',
} as const satisfies { [M in keyof TidingsShellApi]: keyof ShellInvokes }

/** What the test controls and observes of the shell. */
export interface TestShell {
  /** The next save dialog is cancelled (then this resets to false). */
  cancelNextSave: boolean
  /** The next export fails with this message (then resets to null). */
  failNextSave: string | null
  /** What `keychain()` answers. */
  keychain: KeychainDto
  /** Files written by exports, in order. */
  readonly saved: string[]
  /** How often the log folder was opened. */
  logFolderOpened: number
  handlers(service: TidingsService): ShellInvokes
  /** Removes the temp folder of the exports. */
  dispose(): void
}

/** A shell with a Linux-without-keychain answer by default (the situation CI machines are in). */
export function createTestShell(): TestShell {
  let folder: string | null = null
  const shell: TestShell = {
    cancelNextSave: false,
    failNextSave: null,
    keychain: { storage: 'user-file', backend: 'basic_text' },
    saved: [],
    logFolderOpened: 0,
    handlers(service) {
      return {
        'feeds:export-file': async (includeSecrets) => {
          if (shell.cancelNextSave) {
            shell.cancelNextSave = false
            return { saved: false, path: null }
          }
          if (shell.failNextSave !== null) {
            const message = shell.failNextSave
            shell.failNextSave = null
            throw new Error(message)
          }
          folder ??= mkdtempSync(join(tmpdir(), 'tidings-export-'))
          const path = join(folder, `tidings-feeds-${shell.saved.length + 1}.json`)
          // As main/index.ts: the text is built and written on this side of the bridge.
          writeFileSync(path, await service.handlers['feeds:export'](includeSecrets), { mode: includeSecrets ? 0o600 : 0o644 })
          if (includeSecrets) chmodSync(path, 0o600)
          shell.saved.push(path)
          return { saved: true, path }
        },
        'app:open-log-folder': async () => {
          shell.logFolderOpened += 1
        },
        'app:keychain': async () => shell.keychain,
      }
    },
    dispose() {
      if (folder !== null) rmSync(folder, { recursive: true, force: true })
      folder = null
    },
  }
  return shell
}
