/**
 * Which language the window speaks: the `language` setting when the user chose one, else the
 * system locale (navigator.language). Only languages with a complete translation are returned.
 */
import type { AppSettingsDto } from '../../../preload/contract.ts'

/** Languages with complete message catalogues. */
export type UiLanguage = 'en' | 'zh-CN'

/** Maps the setting and the system locale to a catalogue: any `zh*` → zh-CN, anything else → en. */
export function resolveLanguage(setting: AppSettingsDto['language'], systemLocale: string): UiLanguage {
  if (setting !== 'system') return setting
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/**
 * The locale for dates and numbers: the app's language decides, never the browser's. Under the
 * English UI an English system locale keeps its own conventions (en-GB a 24-hour clock, en-US
 * 12-hour); Chinese is always formatted as Simplified Chinese (24-hour clock), whatever the system.
 */
export function formatLocale(ui: string, systemLocale: string): string {
  if (ui.toLowerCase().startsWith('zh')) return 'zh-CN'
  return systemLocale.toLowerCase().split('-')[0] === 'en' ? systemLocale : ui
}
