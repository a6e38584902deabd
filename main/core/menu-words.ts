/**
 * The application menu's own items, in English and Simplified Chinese (the Edit and Window menus
 * are Electron roles, which the OS names). The Electron adapter only places them.
 */
import type { Locale } from './locale.ts'

export interface AppMenuWords {
  file: string
  view: string
  newFeed: string
  search: string
  settings: string
  closeWindow: string
  quit: string
}

const en: AppMenuWords = {
  file: 'File',
  view: 'View',
  newFeed: 'New Feed…',
  search: 'Search History',
  settings: 'Settings…',
  closeWindow: 'Close Window',
  quit: 'Quit Tidings',
}

const zhCN: AppMenuWords = {
  file: '文件',
  view: '视图',
  newFeed: '新建订阅源…',
  search: '搜索历史',
  settings: '设置…',
  closeWindow: '关闭窗口',
  quit: '退出 Tidings',
}

export function appMenuWords(locale: Locale): AppMenuWords {
  return locale === 'zh-CN' ? zhCN : en
}
