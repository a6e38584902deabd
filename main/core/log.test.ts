import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLog, formatLogLine, LOG_DIR, LOG_FILE, openLog } from './log.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-log-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the log file', () => {
  it('writes one line per record, with time, level, message and detail, in <data>/logs', () => {
    const data = tempDir()
    const log = openLog(data, { clock: { now: () => Date.UTC(2026, 11, 2, 15, 0, 0) } })
    log.info('started', { version: '1.2.3' })
    log.error('window gone', new Error('crashed\nsecond line'))
    expect(log.dir).toBe(join(data, LOG_DIR))
    const text = readFileSync(join(data, LOG_DIR, LOG_FILE), 'utf8')
    const lines = text.split('\n')
    expect(lines[0]).toBe('2026-12-02T15:00:00.000Z INFO  started {"version":"1.2.3"}')
    expect(lines[1]).toMatch(/^2026-12-02T15:00:00\.000Z ERROR window gone Error: crashed$/)
    // Continuation lines of a stack are indented, so every record starts with a time.
    expect(lines.slice(2).filter(Boolean).every((l) => l.startsWith('    '))).toBe(true)
  })

  it('rotates at the size limit and keeps only `keep` old files', () => {
    const dir = tempDir()
    let now = 0
    const log = createLog({ dir, clock: { now: () => now }, maxBytes: 200, keep: 2 })
    for (let i = 0; i < 40; i++) {
      now += 1000
      log.info(`line ${i} ${'x'.repeat(30)}`)
    }
    expect(readdirSync(dir).sort()).toEqual(['tidings.1.log', 'tidings.2.log', 'tidings.log'])
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(200)
    // Nothing recent is lost: the newest line is in the current file, the ones before it in .1.
    expect(readFileSync(join(dir, 'tidings.log'), 'utf8')).toContain('line 39 ')
    const current = readFileSync(join(dir, 'tidings.log'), 'utf8').split('\n').filter(Boolean)
    const first = Number(/line (\d+)/.exec(current[0]!)![1])
    expect(readFileSync(join(dir, 'tidings.1.log'), 'utf8')).toContain(`line ${first - 1} `)
  })

  it('never throws when the folder cannot be written, and writes again once it can', () => {
    if (process.platform === 'win32' || process.getuid?.() === 0) return // permissions do not bind here
    const parent = tempDir()
    chmodSync(parent, 0o500)
    const log = openLog(parent)
    expect(() => log.error('lost')).not.toThrow()
    chmodSync(parent, 0o700)
    log.error('kept')
    const text = readFileSync(join(parent, LOG_DIR, LOG_FILE), 'utf8')
    expect(text).toContain('kept')
    expect(text).not.toContain('lost')
  })

  it('formats details that JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(formatLogLine(0, 'warn', 'odd', cyclic)).toBe('1970-01-01T00:00:00.000Z WARN  odd [object Object]\n')
  })
})
