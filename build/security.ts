/**
 * `npm run security`: electronegativity (Doyensec's Electron security linter) over the project
 * sources; exits 1 on any finding. Suppressions sit next to the code they excuse, as
 * `// eng-disable CHECK_ID` with the reason, never here.
 *
 * Two things differ from running its CLI, both so the check is offline and repeatable:
 * - AvailableSecurityFixesGlobalCheck is skipped: it downloads Electron's release list from
 *   GitHub (and crashes without a network). Electron updates are a dependency question, not a code one.
 * - Its start-up fetch of translations (got with retries, which crashes offline) is replaced by its
 *   bundled en-US strings, loaded before the runner.
 *
 * Usage: node build/security.ts [dir ...]   (default: main preload renderer, each with package.json)
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const require = createRequire(join(root, 'package.json'))
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'))
const toolRequire = createRequire(join(toolDir, 'package.json'))

/**
 * Checks skipped, by class name (how electronegativity's exclusion list names them):
 * - AvailableSecurityFixesGlobalCheck needs the network (see the file comment).
 * - ElectronVersionJSONCheck only reports which Electron version package.json names (input for the
 *   check above); a JSON file cannot carry an inline `eng-disable`.
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck']

interface Issue {
  id: string
  file: string
  location: { line: number; column: number }
  sample?: string
  description: string
  manualReview: boolean
  severity: { name?: string; value: number }
}

function offlineTranslations(): void {
  const i18n = toolRequire('i18n') as { configure(o: object): void; setLocale(l: string): void }
  const modulePath = join(toolDir, 'dist', 'locales', 'i18n.js')
  const stub = new (require('node:module') as { Module: new (id: string) => NodeJS.Module }).Module(modulePath)
  stub.filename = modulePath
  stub.loaded = true
  stub.exports = () => {
    i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(modulePath), updateFiles: false, objectNotation: true, register: globalThis })
    i18n.setLocale('en-US')
    return Promise.resolve()
  }
  toolRequire.cache[modulePath] = stub
}

async function main(): Promise<number> {
  const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['main', 'preload', 'renderer']
  // One folder holding just the sources (no out/, no node_modules), so global checks such as the
  // CSP check see main and renderer together.
  const scan = mkdtempSync(join(tmpdir(), 'tidings-security-'))
  try {
    for (const dir of dirs) if (existsSync(join(root, dir))) cpSync(join(root, dir), join(scan, dir), { recursive: true })
    cpSync(join(root, 'package.json'), join(scan, 'package.json'))
    offlineTranslations()
    const run = toolRequire('./dist/runner.js') as (options: object, forCli: boolean) => Promise<{ issues: Issue[]; errors: { file: string; message: string; tolerable: boolean }[] }>
    const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version
    const result = await run(
      { input: scan, isRelative: true, excludeFromScan: EXCLUDED_CHECKS, electronVersionOverride: electronVersion, parserPlugins: [] },
      false,
    )
    for (const error of result.errors.filter((e) => !e.tolerable)) console.error(`electronegativity could not parse ${error.file}: ${error.message}`)
    for (const issue of result.issues) {
      console.error(`${issue.file}:${issue.location.line}:${issue.location.column} ${issue.id}${issue.manualReview ? ' (review)' : ''}: ${issue.description}`)
      if (issue.sample) console.error(`    ${issue.sample.trim().split('\n')[0]}`)
    }
    const parseFailures = result.errors.filter((e) => !e.tolerable).length
    console.log(`electronegativity (Electron ${electronVersion}) on ${dirs.join(', ')}: ${result.issues.length} finding(s), ${parseFailures} unparsed file(s)`)
    return result.issues.length > 0 || parseFailures > 0 ? 1 : 0
  } finally {
    rmSync(scan, { recursive: true, force: true })
  }
}

process.exitCode = await main()
