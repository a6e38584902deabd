/**
 * Test support: the real `tidings` command (main/cli/index.ts) spawned under Node, as a user runs
 * it — one-shot commands collected whole, `tidings run` read line by line while it runs — plus the
 * temp folders those tests give it. Children and folders are handed to the caller's clean-up
 * stack (run last-in, first-out), so a child is killed before the folder it writes is removed.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

/** The command's entry file, run from source under Node 24 (type stripping). */
export const cliEntry = fileURLToPath(new URL('../cli/index.ts', import.meta.url))

/** What a finished command left: exit code and its whole output. */
export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** How one command is started: environment entries over the harness's, and who runs it. */
export interface CliRunOptions {
  env?: NodeJS.ProcessEnv
  uid?: number
  gid?: number
}

/** A `tidings run` in the background; `lines` fills with its stdout lines as they come. */
export interface RunningCli {
  child: ChildProcessByStdio<null, Readable, Readable>
  lines: string[]
  exited: Promise<number | null>
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr(): string
}

/** Spawns the command for one test file; see the module comment. */
export interface CliProcesses {
  /** A new temp folder, removed on clean-up. */
  tempDir(): string
  /** Runs `tidings <args>` to the end. */
  run(args: string[], options?: CliRunOptions): Promise<CliResult>
  /** Starts `tidings run <extra> --data-dir <dataDir>`. */
  startRun(dataDir: string, extra?: string[]): RunningCli
}

/**
 * `cleanups` is the test file's own stack (its afterEach runs it in reverse); `env` is laid over
 * process.env for every child (e.g. `LANG: 'C'` for English words whatever the machine says).
 */
export function cliProcesses(options: { cleanups: (() => unknown)[]; tempPrefix: string; env?: NodeJS.ProcessEnv }): CliProcesses {
  const { cleanups } = options
  const start = (args: string[], run: CliRunOptions = {}): ChildProcessByStdio<null, Readable, Readable> => {
    const child = spawn(process.execPath, [cliEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env, ...run.env }, uid: run.uid, gid: run.gid })
    cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'))
    return child
  }
  return {
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), options.tempPrefix))
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
      return dir
    },
    run(args, runOptions) {
      return new Promise((resolve) => {
        const child = start(args, runOptions)
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
        // A command that cannot even start (EACCES, ENOENT) answers as a failed run, never hangs.
        child.on('error', (error) => resolve({ code: null, stdout, stderr: stderr + String(error) }))
        child.on('close', (code) => resolve({ code, stdout, stderr }))
      })
    },
    startRun(dataDir, extra = []) {
      const child = start(['run', ...extra, '--data-dir', dataDir])
      const lines: string[] = []
      let partial = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => {
        const parts = (partial + d.toString()).split('\n')
        partial = parts.pop()!
        lines.push(...parts.filter(Boolean))
      })
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
      return { child, lines, exited: ended.then((e) => e.code), ended, stderr: () => stderr }
    },
  }
}
