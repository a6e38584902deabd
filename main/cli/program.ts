/**
 * `tidings` — the Tidings core without Electron. Same data folder as the app by default, so both
 * share feeds and history. Usage errors, bad URLs, unknown feeds and unusable data folders print
 * one line on stderr and exit with code 2. Loaded by index.ts once the Node version is known good.
 */
import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { defaultDataDir } from '../core/data-dir.ts'
import { applyFeedInput } from '../core/feeds/feed.ts'
import { parseHeaderLine } from '../core/feeds/headers.ts'
import { FeedInputError } from '../core/feeds/url.ts'
import { HistoryOpenError } from '../core/history/index.ts'
import { openLog } from '../core/log.ts'
import { acquireRunLock, currentHolder } from '../core/run-lock.ts'
import { isPreset } from '../core/feeds/presets.ts'
import type { FeedInput } from '../core/types.ts'
import { createDataFolder, inspectDataFolder } from './data-folder.ts'
import type { Environment } from './environment.ts'
import { eventJson, eventText, feedJson, feedText, statusText, toastText, type Liveness } from './format.ts'
import { lineOutput, type Output } from './output.ts'
import { ReadOnlyError } from './read-only.ts'
import { watchSettingsFile } from './settings-watch.ts'
import { cliLocale, wordsFor, type FolderProblem, type UsageProblem, type Words } from './words.ts'

/** How many events `tidings history` prints without --limit. */
export const DEFAULT_HISTORY_LIMIT = 100

const USAGE = `Usage: tidings <command> [options]

Commands:
  feeds add URL [--name N] [--preset generic|ntfy|mercure|socketio|gotify]
                [--header "K: V"]... [--bearer TOKEN | --basic USER:PASSWORD] [--ca FILE]
                [--server-pause]
                                                  add a feed and print it. URL: http(s) for SSE,
                                                  ws(s) for WebSocket; socketio: a Socket.IO server;
                                                  gotify: wss://HOST/stream with the client token
                                                  as --bearer (sent as X-Gotify-Key). --ca trusts
                                                  the PEM certificate(s) in FILE for this feed only;
                                                  --server-pause: an SSE "pause" event (a time in
                                                  ms) closes the stream until that time.
                                                  tidings-example:clock is the built-in example
                                                  feed: an event every 15 s, made by Tidings
                                                  itself (works offline), replayed after a restart
  feeds list [--json]                             list feeds (JSON: one object per line)
  feeds remove ID                                 remove a feed and its history
  run [--json]                                    subscribe to every feed and store events; prints
                                                  what would be a toast (--json: every stored event,
                                                  one object per line); status changes go to stderr;
                                                  feeds added, edited or removed meanwhile (another
                                                  terminal, the app) are followed
  history [--feed ID] [--search Q] [--limit N] [--json]
                                                  the newest ${DEFAULT_HISTORY_LIMIT} stored events (or N), oldest first

Options:
  --data-dir DIR   data folder (default: the desktop app's, ${defaultDataDir()})
  --help, --version

Environment:
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY   proxy for feed connections (NO_PROXY: hosts to reach directly)
  TIDINGS_DATA_DIR                    default data folder
  LC_ALL, LANG                        language (English or Simplified Chinese) unless the app sets one`

/** A mistake the user can fix; printed as one line, exit code 2. */
class UsageError extends Error {
  readonly problem: UsageProblem
  constructor(problem: UsageProblem) {
    super(problem.kind)
    this.problem = problem
  }
}

/** A data folder that cannot be used; printed as one line, exit code 2. */
class FolderError extends Error {
  readonly problem: FolderProblem
  constructor(problem: FolderProblem) {
    super(problem.kind)
    this.problem = problem
  }
}

const GLOBAL_OPTIONS = ['data-dir', 'help', 'version']
const COMMAND_OPTIONS: Record<string, string[]> = {
  'feeds add': ['name', 'preset', 'header', 'bearer', 'basic', 'ca', 'server-pause', 'json'],
  'feeds list': ['json'],
  'feeds remove': [],
  run: ['json'],
  history: ['feed', 'search', 'limit', 'json'],
}

/** Where the entry found the files the command needs (see index.ts). */
export interface ProgramPaths {
  packageJson: URL
  /** The history writer's thread when built; undefined from source. */
  writerScript: URL | undefined
}

const sourcePaths: ProgramPaths = { packageJson: new URL('../../package.json', import.meta.url), writerScript: undefined }

function version(paths: ProgramPaths): string {
  try {
    const pkg = JSON.parse(readFileSync(paths.packageJson, 'utf8')) as { version: string }
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
        ca: { type: 'string' },
        'server-pause': { type: 'boolean' },
        json: { type: 'boolean' },
        feed: { type: 'string' },
        search: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    })
  } catch (error) {
    // node:util's advice runs to three lines; one line says the same.
    const { code, message } = error as NodeJS.ErrnoException
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? message.split('\n')[0]!
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError({ kind: 'option-needs-value', option })
    throw new UsageError({ kind: 'unknown-option', option })
  }
}

type Parsed = ReturnType<typeof parse>
type Values = Parsed['values']

/** Refuses options that do not belong to the command and arguments it does not take. */
function checkArguments(command: string, values: Values, stray: string[]): void {
  const allowed = new Set([...GLOBAL_OPTIONS, ...(COMMAND_OPTIONS[command] ?? [])])
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !allowed.has(key)) throw new UsageError({ kind: 'option-not-for-command', option: `--${key}`, command })
  }
  if (stray.length > 0) throw new UsageError({ kind: 'stray-argument', argument: stray[0]!, command })
}

function readCertificate(file: string): string {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError({ kind: 'ca-unreadable', file, code: (error as NodeJS.ErrnoException).code ?? 'EIO' })
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError({ kind: 'ca-not-pem', file })
  return text
}

function feedInputFrom(url: string, values: Values): FeedInput {
  const input: FeedInput = { url }
  if (values.name !== undefined) input.name = values.name
  if (values.preset !== undefined) {
    if (!isPreset(values.preset)) throw new UsageError({ kind: 'preset', preset: values.preset })
    input.preset = values.preset
  }
  if (values['server-pause']) input.serverPause = true
  if (values.header) {
    input.headers = Object.fromEntries(values.header.map((line) => {
      if (line.indexOf(':') <= 0) throw new UsageError({ kind: 'header-format', header: line })
      return parseHeaderLine(line)
    }))
  }
  if (values.bearer !== undefined && values.basic !== undefined) throw new UsageError({ kind: 'bearer-and-basic' })
  if (values.bearer !== undefined) {
    input.auth = { kind: 'bearer' }
    input.secret = values.bearer
  }
  if (values.basic !== undefined) {
    const colon = values.basic.indexOf(':')
    if (colon <= 0) throw new UsageError({ kind: 'basic-format' })
    input.auth = { kind: 'basic', username: values.basic.slice(0, colon) }
    input.secret = values.basic.slice(colon + 1)
  }
  if (values.ca !== undefined) input.caCertificate = readCertificate(values.ca)
  return input
}

interface Context {
  out: Output
  err: (line: string) => void
  words: () => Words
  /** Called by a long-running command to be told of the first SIGINT/SIGTERM. */
  onStop: (stop: ((signal: string) => void) | null) => void
}

async function feedsCommand(ctx: Context, env: Environment, sub: string, rest: string[], values: Values): Promise<void> {
  const { handlers } = env.service
  const words = ctx.words()
  if (sub === 'add') {
    const feed = await handlers['feeds:add'](feedInputFrom(rest[0]!, values))
    ctx.out.line(values.json ? feedJson(feed, { kind: 'stopped' }) : feedText(feed, words))
  } else if (sub === 'list') {
    const feeds = await handlers['feeds:list']()
    const holder = currentHolder(env.dataDir)
    const liveness: Liveness = holder ? { kind: 'elsewhere', who: holder.who, pid: holder.pid } : { kind: 'stopped' }
    for (const feed of feeds) ctx.out.line(values.json ? feedJson(feed, liveness) : feedText(feed, words, liveness, Date.now()))
    if (feeds.length === 0 && !values.json) ctx.err(words.noFeeds)
    for (const problem of env.settings.problems()) ctx.err(words.settingsProblem(problem))
  } else {
    const id = rest[0]!
    if (!(await handlers['feeds:list']()).some((f) => f.id === id)) throw new UsageError({ kind: 'unknown-feed', id })
    await handlers['feeds:remove'](id)
    ctx.out.line(words.removed(id))
  }
}

async function historyCommand(ctx: Context, env: Environment, values: Values): Promise<void> {
  const limit = values.limit === undefined ? DEFAULT_HISTORY_LIMIT : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError({ kind: 'limit' })
  const feeds = await env.service.handlers['feeds:list']()
  if (values.feed !== undefined && !feeds.some((f) => f.id === values.feed)) throw new UsageError({ kind: 'unknown-feed', id: values.feed })
  const names = new Map(feeds.map((f) => [f.id, f.name]))
  // The newest `limit` events, printed oldest first (like `tail`).
  const events = []
  let before: number | null = null
  let total = 0
  while (events.length < limit) {
    const page = env.history.query({ feedId: values.feed ?? null, search: values.search, order: 'newest', before, limit: Math.min(1000, limit - events.length) })
    total = page.total
    events.push(...page.events)
    if (page.next === null || page.events.length === 0) break
    before = page.next
  }
  for (const event of events.reverse()) {
    if (ctx.out.isClosed()) return
    ctx.out.line(values.json ? eventJson(event, names.get(event.feedId)) : eventText(event, names.get(event.feedId)))
  }
  if (values.limit === undefined && total > limit && !values.json) ctx.err(ctx.words().newestShown(limit, total))
}

async function runCommand(ctx: Context, env: Environment, values: Values, names: Map<string, string>): Promise<void> {
  const { service } = env
  // The same log file as the app's (<data folder>/logs): what a user sends when asking for help.
  const log = openLog(env.dataDir)
  const refreshNames = (list: { id: string; name: string }[]) => list.forEach((f) => names.set(f.id, f.name))
  const initial = await service.handlers['feeds:list']()
  refreshNames(initial)
  service.on('feeds:changed', refreshNames)
  if (values.json) service.on('events:new', (batch) => batch.forEach((e) => ctx.out.line(eventJson(e, names.get(e.feedId)))))
  // One stderr line per change of state or error, not per counter update.
  const last = new Map<string, string>()
  service.on('feeds:status', (status) => {
    const key = `${status.state}${status.lastError?.at ?? ''}`
    if (last.get(status.feedId) !== key) {
      ctx.err(statusText(status, names.get(status.feedId), ctx.words(), Date.now()))
      const { state, stopReason, nextRetryAt, lastError } = status
      log[state === 'stopped' ? 'warn' : 'info'](`feed ${status.feedId} (${names.get(status.feedId) ?? '?'}) ${state}`, { stopReason, nextRetryAt, lastError })
    }
    last.set(status.feedId, key)
  })
  if (initial.length === 0) ctx.err(ctx.words().noFeedsRun)
  const lock = acquireRunLock(env.dataDir, 'cli')
  if (!lock.ok) throw new UsageError({ kind: 'locked', who: lock.holder.who, pid: lock.holder.pid })
  const watcher = watchSettingsFile({
    dataDir: env.dataDir,
    onChange: () => service.reloadFeeds(),
    onProblem: (detail) => ctx.err(ctx.words().usage({ kind: 'settings-changed-unreadable', detail: plain(detail) })),
  })
  const stopped = new Promise<void>((resolve) => {
    ctx.onStop((signal) => {
      ctx.err(ctx.words().stopping(signal))
      resolve()
    })
    void ctx.out.closed.then(() => {
      ctx.err(ctx.words().stoppingOutputClosed)
      resolve()
    })
  })
  // Signal listeners do not keep Node running: with no feed connected (none yet, or all removed
  // meanwhile) the process would end on its own, mid-wait.
  const keepAlive = setInterval(() => {}, 1 << 30)
  log.info(`tidings run started (pid ${process.pid}, ${initial.length} feeds)`)
  try {
    await service.start()
    await stopped
  } catch (error) {
    log.error('tidings run failed', error)
    throw error
  } finally {
    log.info('tidings run stopping: storing what was received')
    clearInterval(keepAlive)
    ctx.onStop(null)
    watcher.close()
    await service.stop()
    lock.release()
  }
}

/** A core message as a detail after a colon: no capital (unless an acronym), no final stop. */
function plain(message: string): string {
  const text = message.trim().replace(/\.$/, '')
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text
}

/** The one line for an error, in the user's language. */
function describe(error: unknown, words: Words, dataDir: string): string {
  if (error instanceof UsageError) return words.usage(error.problem)
  if (error instanceof FolderError) return words.folder(error.problem)
  if (error instanceof ReadOnlyError) return words.folder({ kind: 'read-only', path: dataDir })
  if (error instanceof FeedInputError) return words.usage({ kind: 'bad-feed', detail: plain(error.message) })
  const { name, message, cause } = error as Error
  const opening = name === 'HistoryOpenError' ? error : cause
  if (opening instanceof HistoryOpenError) return words.usage({ kind: 'history-file', reason: opening.kind, path: opening.path })
  if (name === 'HistoryOpenError') return words.usage({ kind: 'history', detail: plain(message) })
  if (name === 'EnvironmentError') return words.usage({ kind: 'settings', detail: plain(message) })
  return plain(message ?? String(error))
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], paths: ProgramPaths = sourcePaths): Promise<number> {
  const out = lineOutput(process.stdout)
  const err = (line: string) => {
    process.stderr.write(`${line}\n`)
  }
  let words = wordsFor(cliLocale(undefined))
  let env: Environment | null = null
  let dataDir = defaultDataDir()
  let stopper: ((signal: string) => void) | null = null
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1
    // The first signal stops a subscriber cleanly; any other command, or a second signal, ends now.
    if (signals === 1 && stopper) return stopper(signal)
    if (signals > 1) err(words.secondSignal)
    // The signal's own default action ends the process even while a thread is busy in SQLite
    // (process.exit would wait for it); the exit code is for a platform that does not die of it.
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    process.kill(process.pid, signal)
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  /**
   * Ours are the only SIGINT/SIGTERM listeners: conf's atomic writes load `when-exit`, which on a
   * signal runs its clean-ups and sends the signal again — a "second signal" the user never sent.
   * Its clean-up still runs at exit.
   */
  const ownSignals = () => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(name)) if (listener !== onSignal) process.off(name, listener as () => void)
    }
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  ownSignals()
  const ctx: Context = { out, err, words: () => words, onStop: (stop) => (stopper = stop) }
  try {
    const { values, positionals } = parse(argv)
    if (values.version) {
      out.line(version(paths))
      return 0
    }
    const [command, ...rest] = positionals
    if (values.help || command === 'help') {
      out.line(USAGE)
      return 0
    }
    if (command === undefined) {
      err(USAGE)
      return 2
    }
    if (!['feeds', 'run', 'history'].includes(command)) throw new UsageError({ kind: 'unknown-command', command })
    const sub = command === 'feeds' ? rest.shift() : undefined
    if (command === 'feeds' && !['add', 'list', 'remove'].includes(sub ?? '')) throw new UsageError({ kind: 'unknown-feeds-command', command: sub ?? '' })
    const full = sub ? `${command} ${sub}` : command
    if (sub === 'add' || sub === 'remove') {
      if (rest.length === 0) throw new UsageError({ kind: 'needs-one', command: full as 'feeds add', what: sub === 'add' ? 'url' : 'id' })
      checkArguments(full, values, rest.slice(1))
    } else checkArguments(full, values, rest)
    dataDir = values['data-dir'] ?? defaultDataDir()
    // Checked before anything is written: a command that fails leaves a fresh folder uncreated.
    if (sub === 'add') applyFeedInput(feedInputFrom(rest[0]!, values), null, { now: Date.now(), order: 0 })
    const writes = command === 'run' || sub === 'add'
    let readOnly = false
    if (writes) {
      const problem = createDataFolder(dataDir)
      if (problem) throw new FolderError(problem)
    } else {
      const state = inspectDataFolder(dataDir)
      if (state.kind === 'unusable') throw new FolderError(state.problem)
      readOnly = state.kind === 'absent' || !state.writable
    }
    const { openEnvironment } = await import('./environment.ts')
    ownSignals()
    const names = new Map<string, string>()
    env = await openEnvironment({
      dataDir,
      writerScript: paths.writerScript,
      writer: command === 'run',
      readOnly,
      version: version(paths),
      locale: process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || undefined,
      onUpgrade: (upgrade) => err(`tidings: ${words.upgrading(upgrade.events)}`),
      notifier: {
        show: (toast) => {
          // A stopped feed is already a status line on stderr.
          if (!values.json && toast.kind !== 'feed-stopped') out.line(toastText(toast, names.get(toast.feedId), words))
        },
      },
    })
    words = wordsFor(cliLocale(env.settings.getApp().language))
    if (command === 'feeds') await feedsCommand(ctx, env, sub!, rest, values)
    else if (command === 'history') await historyCommand(ctx, env, values)
    else await runCommand(ctx, env, values, names)
    return 0
  } catch (error) {
    err(`tidings: ${describe(error, words, dataDir)}`)
    return 2
  } finally {
    // A signal while everything closes is a second one: it ends the process at once.
    await env?.close()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** Runs `main` as the process (index.ts calls it once the Node version is checked). */
export async function runAsProgram(argv: string[], paths: ProgramPaths): Promise<void> {
  process.exitCode = await main(argv, paths)
}
