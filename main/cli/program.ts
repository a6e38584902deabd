#!/usr/bin/env node
/**
 * `tidings` — the Tidings core without Electron. Same data folder as the app by default, so both
 * share feeds and history. Usage errors, bad URLs, unknown feeds and unusable data folders print
 * one line on stderr and exit with code 2.
 */
import { parseArgs } from 'node:util'
import { readFileSync, realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defaultDataDir } from '../core/data-dir.ts'
import { parseHeaderLine } from '../core/feeds/headers.ts'
import { acquireRunLock, describeHolder } from '../core/run-lock.ts'
import type { Preset, FeedInput } from '../core/types.ts'
import type { Environment } from './environment.ts'
import { eventJson, eventText, feedJson, feedText, statusText, toastText } from './format.ts'

const USAGE = `Usage: tidings <command> [options]

Commands:
  feeds add URL [--name N] [--preset generic|ntfy|mercure] [--header "K: V"]...
                [--bearer TOKEN | --basic USER:PASSWORD]   add a feed and print it
  feeds list [--json]                                      list feeds (JSON: one object per line)
  feeds remove ID                                          remove a feed and its history
  run [--json]                                             subscribe to every feed and store events;
                                                           prints what would be a toast (--json: every
                                                           stored event, one object per line);
                                                           status changes go to stderr
  history [--feed ID] [--search Q] [--limit N] [--json]    stored events, oldest first

Options:
  --data-dir DIR   data folder (default: the desktop app's, ${defaultDataDir()})
  --help, --version`

/** A problem the user can fix; printed as one line, exit code 2. */
class UsageError extends Error {}

const stdout = (line: string) => process.stdout.write(`${line}\n`)
const stderr = (line: string) => process.stderr.write(`${line}\n`)

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    return pkg.version
  } catch {
    return '0.0.0'
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        name: { type: 'string' },
        preset: { type: 'string' },
        header: { type: 'string', multiple: true },
        bearer: { type: 'string' },
        basic: { type: 'string' },
        json: { type: 'boolean' },
        feed: { type: 'string' },
        search: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

type Parsed = ReturnType<typeof parse>

function feedInputFrom(url: string, values: Parsed['values']): FeedInput {
  const input: FeedInput = { url }
  if (values.name !== undefined) input.name = values.name
  if (values.preset !== undefined) {
    if (!['generic', 'ntfy', 'mercure'].includes(values.preset)) throw new UsageError(`unknown preset "${values.preset}" (use generic, ntfy or mercure)`)
    input.preset = values.preset as Preset
  }
  if (values.header) input.headers = Object.fromEntries(values.header.map(parseHeaderLine))
  if (values.bearer !== undefined && values.basic !== undefined) throw new UsageError('use either --bearer or --basic, not both')
  if (values.bearer !== undefined) {
    input.auth = { kind: 'bearer' }
    input.secret = values.bearer
  }
  if (values.basic !== undefined) {
    const colon = values.basic.indexOf(':')
    if (colon <= 0) throw new UsageError('--basic takes USER:PASSWORD')
    input.auth = { kind: 'basic', username: values.basic.slice(0, colon) }
    input.secret = values.basic.slice(colon + 1)
  }
  return input
}

async function feedsCommand(env: Environment, [sub, ...rest]: string[], values: Parsed['values']): Promise<void> {
  const { handlers } = env.service
  if (sub === 'add') {
    if (rest.length !== 1) throw new UsageError('feeds add takes exactly one URL')
    const feed = await handlers['feeds:add'](feedInputFrom(rest[0]!, values))
    stdout(values.json ? feedJson(feed) : feedText(feed))
  } else if (sub === 'list') {
    for (const feed of await handlers['feeds:list']()) stdout(values.json ? feedJson(feed) : feedText(feed))
    for (const problem of env.settings.problems()) stderr(`warning: ${problem} (kept in the settings file, not used)`)
  } else if (sub === 'remove') {
    if (rest.length !== 1) throw new UsageError('feeds remove takes exactly one feed id')
    await handlers['feeds:remove'](rest[0]!)
    stdout(`removed ${rest[0]}`)
  } else {
    throw new UsageError(`unknown feeds command "${sub ?? ''}" (use add, list or remove)`)
  }
}

async function historyCommand(env: Environment, values: Parsed['values']): Promise<void> {
  const limit = values.limit === undefined ? 100 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number')
  const feeds = await env.service.handlers['feeds:list']()
  if (values.feed !== undefined && !feeds.some((f) => f.id === values.feed)) throw new UsageError(`unknown feed "${values.feed}"`)
  const names = new Map(feeds.map((f) => [f.id, f.name]))
  // The newest `limit` events, printed oldest first (like `tail`).
  const events = []
  let before: number | null = null
  while (events.length < limit) {
    const page = env.history.query({ feedId: values.feed ?? null, search: values.search, order: 'newest', before, limit: Math.min(1000, limit - events.length) })
    events.push(...page.events)
    if (page.next === null || page.events.length === 0) break
    before = page.next
  }
  for (const event of events.reverse()) stdout(values.json ? eventJson(event, names.get(event.feedId)) : eventText(event, names.get(event.feedId)))
}

async function runCommand(env: Environment, values: Parsed['values'], names: Map<string, string>): Promise<void> {
  const { service } = env
  const refreshNames = (list: { id: string; name: string }[]) => list.forEach((f) => names.set(f.id, f.name))
  refreshNames(await service.handlers['feeds:list']())
  service.on('feeds:changed', refreshNames)
  if (values.json) service.on('events:new', (batch) => batch.forEach((e) => stdout(eventJson(e, names.get(e.feedId)))))
  // One stderr line per change of state or error, not per counter update.
  const last = new Map<string, string>()
  service.on('feeds:status', (status) => {
    const key = `${status.state}${status.lastError?.at ?? ''}`
    if (last.get(status.feedId) !== key) stderr(statusText(status, names.get(status.feedId), Date.now()))
    last.set(status.feedId, key)
  })
  if (names.size === 0) stderr('no feeds yet: add one with `tidings feeds add URL`')
  const lock = acquireRunLock(env.dataDir, 'cli')
  if (!lock.ok) throw new UsageError(`${describeHolder(lock.holder)}; quit it first, or use another --data-dir`)
  try {
    await service.start()
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        stderr(`${signal}: stopping; everything received is stored`)
        resolve()
      }
      process.once('SIGINT', () => stop('SIGINT'))
      process.once('SIGTERM', () => stop('SIGTERM'))
    })
  } finally {
    await service.stop()
    lock.release()
  }
}

export async function main(argv: string[]): Promise<number> {
  let env: Environment | null = null
  try {
    const { values, positionals } = parse(argv)
    if (values.version) {
      stdout(version())
      return 0
    }
    const [command, ...rest] = positionals
    if (values.help || command === 'help') {
      stdout(USAGE)
      return 0
    }
    if (command === undefined) {
      stderr(USAGE)
      return 2
    }
    if (!['feeds', 'run', 'history'].includes(command)) throw new UsageError(`unknown command "${command}" (use feeds, run or history; --help for more)`)
    // History needs node:sqlite (Node 24, as in Electron 45): say so in one line on an older Node.
    try {
      await import('node:sqlite')
    } catch {
      throw new UsageError(`needs Node 24 or newer (history uses node:sqlite); this is Node ${process.versions.node}`)
    }
    const { openEnvironment } = await import('./environment.ts')
    const names = new Map<string, string>()
    env = await openEnvironment({
      dataDir: values['data-dir'] ?? defaultDataDir(),
      // Built: the writer thread is out/main/history-writer.js; from source, the .ts beside history.
      writerScript: import.meta.url.endsWith('.ts') ? undefined : new URL('./history-writer.js', import.meta.url),
      writer: command === 'run',
      version: version(),
      notifier: {
        show: (toast) => {
          if (!values.json) stdout(toastText(toast, names.get(toast.feedId)))
        },
      },
    })
    if (command === 'feeds') await feedsCommand(env, rest, values)
    else if (command === 'history') await historyCommand(env, values)
    else await runCommand(env, values, names)
    return 0
  } catch (error) {
    const message = (error as Error).message
    stderr(`tidings: ${message}`)
    return 2
  } finally {
    await env?.close()
  }
}

/** Run as a program (also through npm's bin link, and on a Node without `import.meta.main`). */
function isEntry(): boolean {
  if (typeof import.meta.main === 'boolean') return import.meta.main
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (isEntry()) {
  process.exitCode = await main(process.argv.slice(2))
}
