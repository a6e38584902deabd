/**
 * Test hook, active only with TIDINGS_E2E=1: appends what the OS was asked to show (toasts, tray
 * models) as JSON lines to `<userData>/e2e.jsonl`, so the Electron smoke test can see them without
 * reading the screen. Off, it does nothing and writes nothing.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'

/** The probe's file name in the user-data folder. */
export const E2E_LOG = 'e2e.jsonl'

export interface E2eProbe {
  record(kind: 'toast' | 'tray' | 'ready', data: unknown): void
}

/** A probe when `env.TIDINGS_E2E === '1'`, else null. */
export function createE2eProbe(env: NodeJS.ProcessEnv, userData: string): E2eProbe | null {
  if (env.TIDINGS_E2E !== '1') return null
  const file = join(userData, E2E_LOG)
  return {
    record(kind, data) {
      appendFileSync(file, `${JSON.stringify({ kind, at: Date.now(), data })}\n`)
    },
  }
}
