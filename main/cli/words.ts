/**
 * Everything `tidings` says to people, in English and Simplified Chinese. Built from data — a
 * status's state and stop reason, an error's kind, HTTP status and errno/TLS code — never from the
 * core's technical `message`, which may follow as a detail. The language is the app's `language`
 * setting when the user chose one, else the environment's (LC_ALL, LC_MESSAGES, LANG).
 */
import { resolveLocale, type Locale } from '../core/locale.ts'
import type { AppSettings } from '../core/ports.ts'
import type { FeedError, FeedStatus } from '../core/types.ts'

export type { Locale }

/** The POSIX locale of the environment, as `resolveLocale` reads it ('' when unset). */
export function environmentLocale(env: NodeJS.ProcessEnv = process.env): string {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
}

/** The language the command speaks. */
export function cliLocale(setting: AppSettings['language'] | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  return resolveLocale(setting ?? 'system', environmentLocale(env))
}

/** Why a data folder cannot be used, as data (the words are made below). */
export type FolderProblem =
  | { kind: 'not-a-folder'; path: string } // a file is in the way
  | { kind: 'special'; path: string } // /proc, /sys: not a place for files
  | { kind: 'cannot-create'; path: string; code: string }
  | { kind: 'read-only'; path: string }

/** A parser or usage mistake, as data. */
export type UsageProblem =
  | { kind: 'unknown-command'; command: string }
  | { kind: 'unknown-feeds-command'; command: string }
  | { kind: 'unknown-option'; option: string }
  | { kind: 'option-needs-value'; option: string }
  | { kind: 'option-not-for-command'; option: string; command: string }
  | { kind: 'stray-argument'; argument: string; command: string }
  | { kind: 'needs-one'; command: 'feeds add' | 'feeds remove'; what: 'url' | 'id' }
  | { kind: 'limit' }
  | { kind: 'preset'; preset: string }
  | { kind: 'bearer-and-basic' }
  | { kind: 'basic-format' }
  | { kind: 'header-format'; header: string }
  | { kind: 'unknown-feed'; id: string }
  | { kind: 'ca-unreadable'; file: string; code: string }
  | { kind: 'ca-not-pem'; file: string }
  | { kind: 'locked'; who: string; pid: number }
  | { kind: 'bad-feed'; detail: string }
  | { kind: 'settings'; detail: string }
  | { kind: 'history'; detail: string }
  | { kind: 'history-file'; reason: 'not-a-database' | 'corrupt' | 'cannot-open' | 'busy' | 'newer-schema' | 'io'; path: string }
  | { kind: 'settings-changed-unreadable'; detail: string }

const NETWORK_EN: Record<string, string> = {
  ECONNREFUSED: 'the server refused the connection',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be looked up right now',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  PROXY_AUTH_REQUIRED: 'the proxy wants credentials',
  PROXY_REFUSED: 'the proxy refused to connect to the server',
}
const NETWORK_ZH: Record<string, string> = {
  ECONNREFUSED: '服务器拒绝了连接',
  ENOTFOUND: '找不到该主机名',
  EAI_AGAIN: '暂时无法解析该主机名',
  ECONNRESET: '连接被重置',
  ETIMEDOUT: '连接超时',
  EHOSTUNREACH: '无法访问该主机',
  ENETUNREACH: '无法访问该网络',
  UND_ERR_CONNECT_TIMEOUT: '连接超时',
  UND_ERR_SOCKET: '连接已关闭',
  PROXY_AUTH_REQUIRED: '代理服务器要求凭据',
  PROXY_REFUSED: '代理服务器拒绝连接到该服务器',
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000))

/** The error's errno/TLS code; from its detail when a transport did not set `code` (older streams). */
export function errorCode(error: FeedError): string | undefined {
  return error.code ?? /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+|[A-Z]+(?:_[A-Z]+){2,})\b/.exec(error.message)?.[1]
}

/** The words of one locale. */
export interface Words {
  errorReason(error: FeedError, status: FeedStatus | null): string
  status(status: FeedStatus, now: number): string
  notRunning: string
  runningElsewhere(who: string, pid: number): string
  noFeeds: string
  noFeedsRun: string
  ownCa: string
  priority(level: number): string
  lastEvent(at: number): string
  removed(id: string): string
  stopping(signal: string): string
  stoppingOutputClosed: string
  secondSignal: string
  newestShown(limit: number, total: number): string
  settingsProblem(problem: string): string
  /** The history file is brought to this version's format (events: how many it holds, if known). */
  upgrading(events: number | null): string
  folder(problem: FolderProblem): string
  usage(problem: UsageProblem): string
}

/** A WebSocket close code or a Socket.IO reason: shown after the sentence of its kind, as-is. */
const WIRE_CODE = /^(WS_CLOSE_\d+|SOCKETIO_[A-Z_]+)$/

/** Messages a wire drops, said instead of the kind's sentence. */
const DROPPED_EN: Record<string, string> = {
  DROPPED_BINARY: 'a binary message was dropped (only text is kept)',
  DROPPED_NOT_A_MESSAGE: 'a message that is not a gotify message was dropped',
  DROPPED_UNSERIALISABLE: 'an event whose data cannot be kept as text was dropped',
}
const DROPPED_ZH: Record<string, string> = {
  DROPPED_BINARY: '丢弃了一条二进制消息（只保存文本）',
  DROPPED_NOT_A_MESSAGE: '丢弃了一条不是 gotify 消息的数据',
  DROPPED_UNSERIALISABLE: '丢弃了一个无法保存为文本的事件',
}

/** The kind's sentence, with the wire's own code after it when there is one. */
function withWireCode(sentence: (error: FeedError, status: FeedStatus | null) => string, dropped: Record<string, string>, open: string, close: string) {
  return (error: FeedError, status: FeedStatus | null): string => {
    const found = error.code
    if (found && dropped[found]) return dropped[found]
    const said = sentence(error, status)
    return found && WIRE_CODE.test(found) ? `${said}${open}${found}${close}` : said
  }
}

const en: Words = {
  errorReason: withWireCode((error, status) => {
    const found = errorCode(error)
    const code = found ? ` (${found})` : ''
    switch (error.kind) {
      case 'network':
        return `${(found && NETWORK_EN[found]) || 'the network failed'}${code}`
      case 'tls':
        return `the server's certificate was not accepted${code}`
      case 'http':
        return `the server answered HTTP ${error.status ?? '?'}`
      case 'auth':
        if (error.code === 'secret-unreadable') return 'the stored token or password cannot be read; add the feed again with it'
        return `the server refused the credentials (HTTP ${error.status ?? 401})`
      case 'not-found':
        return `the server has no such feed (HTTP ${error.status ?? 404})`
      case 'rate-limited':
        return `the server asked to wait (HTTP ${error.status ?? 429})`
      case 'no-content':
        return 'the server asked clients to stop (HTTP 204)'
      case 'content-type':
        return 'the server does not send an event stream'
      case 'stalled':
        if (found === 'NO_RESPONSE') return 'the server accepted the connection but never answered'
        return status && status.stallLimitMs > 0 ? `no data for ${seconds(status.stallLimitMs)} s` : 'the stream went silent'
      case 'ended':
        return found === 'SERVER_PAUSE' ? 'the server paused the feed' : 'the server closed the stream'
      case 'oversize':
        return 'an event over the size limit was dropped'
      case 'invalid':
        return "the feed's settings cannot be used"
      case 'storage':
        return 'storing events failed'
    }
  }, DROPPED_EN, ' (', ')'),
  status(status, now) {
    const why = status.lastError ? `: ${en.errorReason(status.lastError, status)}` : ''
    switch (status.state) {
      case 'open':
        return 'connected'
      case 'connecting':
        return status.waitingFor === 'keychain' ? 'waiting for the keychain to give the token' : 'connecting'
      case 'paused':
        return 'paused'
      case 'backoff':
        return `retrying in ${status.nextRetryAt ? seconds(status.nextRetryAt - now) : 0} s${why}`
      case 'stopped':
        return `stopped${why || ': the server asked clients to stop'}; the next \`tidings run\` tries again`
    }
  },
  notRunning: 'not running',
  runningElsewhere: (who, pid) => `subscribed by ${who === 'app' ? 'the app' : '`tidings run`'}${pid > 0 ? ` (process ${pid})` : ''}`,
  noFeeds: 'no feeds yet: add one with `tidings feeds add URL`',
  noFeedsRun: 'no feeds yet: waiting for one (`tidings feeds add URL` in another terminal, or the app)',
  ownCa: 'own CA',
  priority: (level) => ` (priority ${level})`,
  lastEvent: (at) => `last event ${new Date(at).toISOString()}`,
  removed: (id) => `removed ${id}`,
  stopping: (signal) => `${signal}: stopping; everything received is stored`,
  stoppingOutputClosed: 'output closed: stopping; everything received is stored',
  secondSignal: 'second signal: quitting now',
  newestShown: (limit, total) => `showing the newest ${limit} of ${total} events (--limit N for more)`,
  settingsProblem: (problem) => `warning: ${problem} (kept in the settings file, not used)`,
  upgrading: (events) =>
    `updating the history file to this version's format${events === null ? '' : ` (${events} ${events === 1 ? 'event' : 'events'})`}; this may take a moment`,
  folder(p) {
    switch (p.kind) {
      case 'not-a-folder':
        return `data folder ${p.path} is a file, not a folder`
      case 'special':
        return `data folder ${p.path} is on a system file system (/proc, /sys) that cannot hold files`
      case 'cannot-create':
        return `data folder ${p.path} cannot be created (${p.code})`
      case 'read-only':
        return `data folder ${p.path} is read-only; this command needs to write`
    }
  },
  usage(p) {
    switch (p.kind) {
      case 'unknown-command':
        return `unknown command "${p.command}" (use feeds, run or history; --help for more)`
      case 'unknown-feeds-command':
        return `unknown feeds command "${p.command}" (use add, list or remove)`
      case 'unknown-option':
        return `unknown option ${p.option} (--help lists them)`
      case 'option-needs-value':
        return `${p.option} needs a value (write ${p.option}=VALUE for one starting with "-")`
      case 'option-not-for-command':
        return `${p.option} does not apply to \`tidings ${p.command}\``
      case 'stray-argument':
        return `unexpected argument "${p.argument}" for \`tidings ${p.command}\``
      case 'needs-one':
        return `${p.command} takes exactly one ${p.what === 'url' ? 'URL' : 'feed id'}`
      case 'limit':
        return '--limit takes a positive whole number'
      case 'preset':
        return `unknown preset "${p.preset}" (use generic, ntfy, mercure, socketio or gotify)`
      case 'bearer-and-basic':
        return 'use either --bearer or --basic, not both'
      case 'basic-format':
        return '--basic takes USER:PASSWORD'
      case 'header-format':
        return `--header takes "Name: value", not "${p.header}"`
      case 'unknown-feed':
        return `no feed has the id "${p.id}" (\`tidings feeds list\` shows them)`
      case 'ca-unreadable':
        return `certificate file ${p.file} cannot be read (${p.code})`
      case 'ca-not-pem':
        return `certificate file ${p.file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`
      case 'locked':
        return `${p.who === 'app' ? 'the Tidings app' : p.who === 'cli' ? '`tidings run`' : 'another Tidings'}${p.pid > 0 ? ` (process ${p.pid})` : ''} is already subscribed to the feeds of this data folder; quit it first, or use another --data-dir`
      case 'bad-feed':
        return `the feed cannot be used: ${p.detail}`
      case 'settings':
        return p.detail
      case 'history':
        return p.detail
      case 'history-file':
        return {
          'not-a-database': `history file ${p.path} is not a Tidings history (not an SQLite database); it was left untouched — move it away`,
          corrupt: `history file ${p.path} is damaged; it was left untouched — move it away to start a new history`,
          'cannot-open': `history file ${p.path} cannot be opened (check its permissions)`,
          busy: `history file ${p.path} is locked by another program; try again when it is done`,
          'newer-schema': `history file ${p.path} was written by a newer Tidings; update Tidings to read it`,
          io: `history file ${p.path} could not be read or written (a disk error)`,
        }[p.reason]
      case 'settings-changed-unreadable':
        return `warning: the settings file changed but cannot be read (${p.detail}); keeping the feeds as they were`
    }
  },
}

const zh: Words = {
  errorReason: withWireCode((error, status) => {
    const found = errorCode(error)
    const code = found ? `（${found}）` : ''
    switch (error.kind) {
      case 'network':
        return `${(found && NETWORK_ZH[found]) || '网络错误'}${code}`
      case 'tls':
        return `服务器的证书未被接受${code}`
      case 'http':
        return `服务器返回 HTTP ${error.status ?? '?'}`
      case 'auth':
        if (error.code === 'secret-unreadable') return '无法读取保存的令牌或密码；请带上它重新添加订阅源'
        return `服务器拒绝了凭据（HTTP ${error.status ?? 401}）`
      case 'not-found':
        return `服务器上没有这个订阅源（HTTP ${error.status ?? 404}）`
      case 'rate-limited':
        return `服务器要求稍后再试（HTTP ${error.status ?? 429}）`
      case 'no-content':
        return '服务器要求客户端停止（HTTP 204）'
      case 'content-type':
        return '服务器发送的不是事件流'
      case 'stalled':
        if (found === 'NO_RESPONSE') return '服务器接受了连接但一直没有响应'
        return status && status.stallLimitMs > 0 ? `${seconds(status.stallLimitMs)} 秒没有数据` : '数据流没有响应'
      case 'ended':
        return found === 'SERVER_PAUSE' ? '服务器暂停了订阅源' : '服务器关闭了数据流'
      case 'oversize':
        return '一个超过大小限制的事件已被丢弃'
      case 'invalid':
        return '订阅源的设置无法使用'
      case 'storage':
        return '保存事件失败'
    }
  }, DROPPED_ZH, '（', '）'),
  status(status, now) {
    const why = status.lastError ? `：${zh.errorReason(status.lastError, status)}` : ''
    switch (status.state) {
      case 'open':
        return '已连接'
      case 'connecting':
        return status.waitingFor === 'keychain' ? '正在等待钥匙串提供令牌' : '正在连接'
      case 'paused':
        return '已暂停'
      case 'backoff':
        return `${status.nextRetryAt ? seconds(status.nextRetryAt - now) : 0} 秒后重试${why}`
      case 'stopped':
        return `已停止${why || '：服务器要求客户端停止'}；下次运行 \`tidings run\` 时会重试`
    }
  },
  notRunning: '未运行',
  runningElsewhere: (who, pid) => `由${who === 'app' ? '应用' : ' `tidings run` '}订阅${pid > 0 ? `（进程 ${pid}）` : ''}`,
  noFeeds: '还没有订阅源：用 `tidings feeds add URL` 添加一个',
  noFeedsRun: '还没有订阅源：正在等待添加（在另一个终端运行 `tidings feeds add URL`，或使用应用）',
  ownCa: '自有 CA',
  priority: (level) => `（优先级 ${level}）`,
  lastEvent: (at) => `最近事件 ${new Date(at).toISOString()}`,
  removed: (id) => `已删除 ${id}`,
  stopping: (signal) => `${signal}：正在停止；收到的所有事件均已保存`,
  stoppingOutputClosed: '输出已关闭：正在停止；收到的所有事件均已保存',
  secondSignal: '第二次信号：立即退出',
  newestShown: (limit, total) => `显示最新的 ${limit} 个事件，共 ${total} 个（用 --limit N 显示更多）`,
  settingsProblem: (problem) => `警告：${problem}（保留在设置文件中，未使用）`,
  upgrading: (events) => `正在将历史文件更新为此版本的格式${events === null ? '' : `（${events} 个事件）`}，可能需要一点时间`,
  folder(p) {
    switch (p.kind) {
      case 'not-a-folder':
        return `数据文件夹 ${p.path} 是一个文件，不是文件夹`
      case 'special':
        return `数据文件夹 ${p.path} 位于无法保存文件的系统文件系统（/proc、/sys）上`
      case 'cannot-create':
        return `无法创建数据文件夹 ${p.path}（${p.code}）`
      case 'read-only':
        return `数据文件夹 ${p.path} 是只读的；此命令需要写入`
    }
  },
  usage(p) {
    switch (p.kind) {
      case 'unknown-command':
        return `未知命令“${p.command}”（可用 feeds、run 或 history；--help 查看更多）`
      case 'unknown-feeds-command':
        return `未知的 feeds 命令“${p.command}”（可用 add、list 或 remove）`
      case 'unknown-option':
        return `未知选项 ${p.option}（--help 列出所有选项）`
      case 'option-needs-value':
        return `${p.option} 需要一个值（以“-”开头的值请写成 ${p.option}=VALUE）`
      case 'option-not-for-command':
        return `${p.option} 不适用于 \`tidings ${p.command}\``
      case 'stray-argument':
        return `\`tidings ${p.command}\` 不接受参数“${p.argument}”`
      case 'needs-one':
        return `${p.command} 只接受一个${p.what === 'url' ? ' URL' : '订阅源 ID'}`
      case 'limit':
        return '--limit 需要一个正整数'
      case 'preset':
        return `未知预设“${p.preset}”（可用 generic、ntfy、mercure、socketio 或 gotify）`
      case 'bearer-and-basic':
        return '--bearer 和 --basic 只能用一个'
      case 'basic-format':
        return '--basic 的格式是 USER:PASSWORD'
      case 'header-format':
        return `--header 的格式是 "Name: value"，而不是 "${p.header}"`
      case 'unknown-feed':
        return `没有 ID 为“${p.id}”的订阅源（\`tidings feeds list\` 可列出）`
      case 'ca-unreadable':
        return `无法读取证书文件 ${p.file}（${p.code}）`
      case 'ca-not-pem':
        return `证书文件 ${p.file} 中没有 PEM 证书（-----BEGIN CERTIFICATE-----）`
      case 'locked':
        return `${p.who === 'app' ? 'Tidings 应用' : p.who === 'cli' ? '`tidings run`' : '另一个 Tidings'}${p.pid > 0 ? `（进程 ${p.pid}）` : ''}已在订阅此数据文件夹的订阅源；请先退出它，或使用另一个 --data-dir`
      case 'bad-feed':
        return `订阅源无法使用：${p.detail}`
      case 'settings':
        return `设置文件有问题：${p.detail}`
      case 'history':
        return `历史数据库有问题：${p.detail}`
      case 'history-file':
        return {
          'not-a-database': `历史文件 ${p.path} 不是 Tidings 的历史记录（不是 SQLite 数据库）；已保持原样——请将它移走`,
          corrupt: `历史文件 ${p.path} 已损坏；已保持原样——将它移走即可开始新的历史记录`,
          'cannot-open': `无法打开历史文件 ${p.path}（请检查权限）`,
          busy: `历史文件 ${p.path} 被另一个程序锁定；请稍后再试`,
          'newer-schema': `历史文件 ${p.path} 由更新版本的 Tidings 写入；请更新 Tidings`,
          io: `无法读写历史文件 ${p.path}（磁盘错误）`,
        }[p.reason]
      case 'settings-changed-unreadable':
        return `警告：设置文件已更改但无法读取（${p.detail}）；订阅源保持不变`
    }
  },
}

/** The words for a locale. */
export function wordsFor(locale: Locale): Words {
  return locale === 'zh-CN' ? zh : en
}
