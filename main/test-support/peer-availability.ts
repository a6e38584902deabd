/**
 * Test support: which real peers this machine has. On the project's CI (`.ci/run` on Debian, CI=true)
 * every peer is installed and its tests must run — a missing one fails loudly. Elsewhere (the GitHub
 * workflow's Windows and macOS runners, which also have no `../shared`; a laptop) a suite whose peer is
 * missing is skipped, saying why. The GitHub workflow sets TIDINGS_PEERS_OPTIONAL=1.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe } from 'vitest'

export const peersRequired = process.platform === 'linux' && process.env.CI === 'true' && process.env.TIDINGS_PEERS_OPTIONAL !== '1'

const python = '/usr/bin/python3'

/** Whether Debian's python3 can import `module` (websockets, flask_socketio). */
export function pythonHas(module: string): boolean {
  return existsSync(python) && spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 20_000 }).status === 0
}

/** `describe` when the peer is here (or required), else `describe.skip` with one line saying what is missing. */
export function describeWithPeer(available: boolean, missing: string): typeof describe | typeof describe.skip {
  if (available || peersRequired) return describe
  console.warn(`skipping: ${missing} is not installed here (.ci/run installs it)`)
  return describe.skip
}
