/**
 * The language the main process speaks (toasts, tray, application menu): the `language` setting
 * when the user chose one, else the system locale. Same rule as the window's
 * (renderer/src/i18n/locale.ts): any `zh*` → Simplified Chinese, anything else → English.
 */
import type { AppSettings } from './ports.ts'

export type Locale = 'en' | 'zh-CN'

export function resolveLocale(setting: AppSettings['language'], systemLocale: string): Locale {
  if (setting !== 'system') return setting
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
