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
 * The locale for dates and numbers: the system's own when it speaks the UI language (en-GB keeps
 * its 24-hour clock under the English UI), else the UI language itself.
 */
export function formatLocale(ui: string, systemLocale: string): string {
  const base = ui.split('-')[0]?.toLowerCase() ?? ''
  return systemLocale.toLowerCase().split('-')[0] === base ? systemLocale : ui
}
