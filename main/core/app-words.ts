/**
 * The desktop shell's own words (what main/index.ts and the Electron adapters say outside the tray,
 * the toasts and the window): start-up failures, the badge's spoken count, the context menu, the
 * log, updates, exports and the keychain. English and Simplified Chinese, keyed like menu-words.ts;
 * the adapters only place them.
 */
import type { Locale } from './locale.ts'
import type { LockHolder } from './run-lock.ts'

export interface AppWords {
  /** Title of the one dialog shown when the app cannot start. */
  startFailed: string
  /** Another subscriber already holds the data folder. */
  lockHeld(holder: LockHolder): string
  /** Spoken/label text of the Windows taskbar overlay. */
  badgeDescription(unread: number): string
  contextMenu: { cut: string; copy: string; paste: string; selectAll: string; addToDictionary: string; noSuggestions: string }
  /** Application-menu items the shell adds. */
  menu: { help: string; openLogFolder: string; checkForUpdates: string }
  updates: { upToDate: string; downloaded(version: string): string; restart: string; later: string; failed: string }
  export: { title: string; withSecretsWarning: string; saved(path: string): string }
  /** Where the secrets go when the OS has no keychain (Linux `basic_text`). */
  keychain: { missing: string }
  /** The window's page could not be loaded (a broken install). */
  windowFailed: string
}

const en: AppWords = {
  startFailed: 'Tidings could not start',
  lockHeld: (holder) => {
    const who = holder.who === 'app' ? 'The Tidings app' : holder.who === 'cli' ? '`tidings run`' : 'Another Tidings'
    return `${who}${holder.pid > 0 ? ` (process ${holder.pid})` : ''} is already subscribed to the feeds of this data folder. Stop it first, then start Tidings again.`
  },
  badgeDescription: (n) => (n > 0 ? `${n.toLocaleString('en-US')} unread` : ''),
  contextMenu: { cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All', addToDictionary: 'Add to Dictionary', noSuggestions: 'No Suggestions' },
  menu: { help: 'Help', openLogFolder: 'Open Log Folder', checkForUpdates: 'Check for Updates…' },
  updates: {
    upToDate: 'Tidings is up to date.',
    downloaded: (version) => `Tidings ${version} is ready. Restart to install it.`,
    restart: 'Restart',
    later: 'Later',
    failed: 'Could not check for updates. The log has the details.',
  },
  export: {
    title: 'Export feeds',
    withSecretsWarning: 'This file contains your tokens and passwords in clear text. Keep it private.',
    saved: (path) => `Saved to ${path}`,
  },
  keychain: {
    missing:
      'This system has no keychain (Secret Service). Tidings keeps tokens and passwords in secrets.json in its data folder, readable only by you, as the tidings command does.',
  },
  windowFailed: 'The Tidings window could not be loaded. Reinstalling Tidings should fix it; the log has the details.',
}

const zhCN: AppWords = {
  startFailed: 'Tidings 无法启动',
  lockHeld: (holder) => {
    const who = holder.who === 'app' ? 'Tidings 应用' : holder.who === 'cli' ? '`tidings run`' : '另一个 Tidings'
    return `${who}${holder.pid > 0 ? `（进程 ${holder.pid}）` : ''}已在订阅此数据文件夹中的订阅源。请先将其停止，然后再启动 Tidings。`
  },
  badgeDescription: (n) => (n > 0 ? `${n.toLocaleString('zh-CN')} 条未读` : ''),
  contextMenu: { cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选', addToDictionary: '添加到词典', noSuggestions: '没有拼写建议' },
  menu: { help: '帮助', openLogFolder: '打开日志文件夹', checkForUpdates: '检查更新…' },
  updates: {
    upToDate: 'Tidings 已是最新版本。',
    downloaded: (version) => `Tidings ${version} 已准备就绪。重新启动即可安装。`,
    restart: '重新启动',
    later: '稍后',
    failed: '无法检查更新。详细信息见日志。',
  },
  export: {
    title: '导出订阅源',
    withSecretsWarning: '此文件以明文包含你的令牌和密码，请妥善保管。',
    saved: (path) => `已保存到 ${path}`,
  },
  keychain: {
    missing: '此系统没有钥匙串（Secret Service）。Tidings 将令牌和密码保存在数据文件夹的 secrets.json 中，仅你本人可读，与 tidings 命令相同。',
  },
  windowFailed: '无法加载 Tidings 窗口。重新安装 Tidings 应可解决；详细信息见日志。',
}

/** The shell's words in `locale`. */
export function appWords(locale: Locale): AppWords {
  return locale === 'zh-CN' ? zhCN : en
}
