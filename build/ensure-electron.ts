/**
 * `npm start`, `npm run dev` and `npm run dist` run this first. Electron 45 no longer downloads its
 * binary at install time (it fetches it on demand), and `electron-vite preview` only reads
 * node_modules/electron/path.txt, so on a fresh `npm ci` it ends in "Error: Electron uninstall" and
 * a stack trace. Here: if the binary is missing, fetch it (`install-electron`, Electron's own
 * downloader); if that cannot happen (no access to GitHub), say so in one plain line and point to
 * the command-line client, which needs no Electron. Exits 1 then.
 *
 * Usage: node build/ensure-electron.ts
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/** The Electron executable if it is installed, else null (never downloads: `require('electron')` would). */
export function installedElectron(): string | null {
  const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const executable = override ? join(override, relative) : join(dir, 'dist', relative)
  return existsSync(executable) ? executable : null
}

/** The last meaningful line of the downloader's output (its error), for the one-line message. */
function reason(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '))
  const error = lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? 'no output'
  return error.length > 160 ? `${error.slice(0, 157)}…` : error
}

function main(): number {
  if (installedElectron()) return 0
  console.log('Tidings: downloading the Electron binary (once; from GitHub)…')
  const install = createRequire(join(root, 'package.json')).resolve('electron/install.js')
  const result = spawnSync(process.execPath, [install], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 })
  if (result.status === 0 && installedElectron()) return 0
  const why = result.error ? result.error.message : reason(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)
  console.error(
    `Tidings: the Electron binary could not be downloaded (${why}), so the desktop app cannot start here; the same feeds and history work without it: npm run tidings -- run`,
  )
  return 1
}

if (import.meta.main) process.exitCode = main()
