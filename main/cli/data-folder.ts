/**
 * The data folder as the command finds it, checked before anything is written: a file in the way,
 * a system file system (/proc, where a recursive mkdir loops forever), a read-only folder. Created
 * one level at a time, and only by a command that is about to write — a failed command on a fresh
 * folder leaves nothing behind.
 */
import { accessSync, constants, mkdirSync, statSync, statfsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { FolderProblem } from './words.ts'

/** Magic numbers of file systems that cannot hold our files (Linux statfs f_type). */
const SPECIAL_FILE_SYSTEMS = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0x64626720, // debugfs
  0x73636673, // securityfs
  0x74726163, // tracefs
])

export type FolderState =
  | { kind: 'present'; writable: boolean }
  | { kind: 'absent' }
  | { kind: 'unusable'; problem: FolderProblem }

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'EIO'

/** The nearest folder that exists on the way up, or a problem (a file in the way). */
function nearestExisting(path: string): { path: string } | { problem: FolderProblem } {
  let at = path
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) return { problem: { kind: 'not-a-folder', path: at } }
      return { path: at }
    } catch (error) {
      const code = codeOf(error)
      if (code === 'ENOTDIR') {
        at = dirname(at)
        continue
      }
      if (code !== 'ENOENT') return { problem: { kind: 'cannot-create', path, code } }
      const up = dirname(at)
      if (up === at) return { problem: { kind: 'cannot-create', path, code } }
      at = up
    }
  }
}

function isSpecial(path: string): boolean {
  try {
    return SPECIAL_FILE_SYSTEMS.has(Number(statfsSync(path).type))
  } catch {
    return false
  }
}

/** Looks at the folder without changing anything. */
export function inspectDataFolder(dir: string): FolderState {
  const path = resolve(dir)
  const existing = nearestExisting(path)
  if ('problem' in existing) return { kind: 'unusable', problem: existing.problem }
  if (isSpecial(existing.path)) return { kind: 'unusable', problem: { kind: 'special', path } }
  if (existing.path !== path) return { kind: 'absent' }
  try {
    accessSync(path, constants.W_OK)
    return { kind: 'present', writable: true }
  } catch {
    return { kind: 'present', writable: false }
  }
}

/** Creates the folder and its missing parents, one level at a time; returns a problem or null. */
export function createDataFolder(dir: string): FolderProblem | null {
  const path = resolve(dir)
  const state = inspectDataFolder(path)
  if (state.kind === 'unusable') return state.problem
  if (state.kind === 'present') return state.writable ? null : { kind: 'read-only', path }
  const missing: string[] = []
  for (let at = path; ; at = dirname(at)) {
    try {
      statSync(at)
      break
    } catch {
      missing.unshift(at)
    }
  }
  for (const level of missing) {
    try {
      mkdirSync(level)
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') return { kind: 'cannot-create', path, code: codeOf(error) }
    }
  }
  return null
}
