/**
 * One i18next instance per window, created at start-up (no module-level singleton), with both
 * catalogues bundled so switching language never waits for a download (the CSP forbids one anyway).
 */
import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en.ts'
import { zhCN } from './zh-cn.ts'
import type { UiLanguage } from './locale.ts'

/** Creates and initialises the window's i18next instance synchronously. */
export function createI18n(language: UiLanguage): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    initAsync: false,
    returnNull: false,
    // React escapes text nodes itself; escaping here would show `&lt;` to the user.
    interpolation: { escapeValue: false },
  })
  return instance
}
