/**
 * Start-up: read the settings first (so the first paint already has the user's language and
 * theme), then mount the window. Without a bridge the page says so instead of failing silently.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { getTidings } from './api.ts'
import { App } from './app.tsx'
import { ErrorBoundary } from './components/error-boundary.tsx'
import { resolveLanguage } from './i18n/locale.ts'
import { createI18n } from './i18n/setup.ts'
import { ProblemsProvider } from './state/problems.tsx'
import './styles/theme.css'
import './styles/base.css'
import './styles/layout.css'
import './styles/forms.css'

const container = document.getElementById('root')
if (container === null) throw new Error('index.html has no #root')
const root = createRoot(container)
const api = getTidings()

if (api === null) {
  const i18n = createI18n(resolveLanguage('system', navigator.language))
  root.render(<p className="notice error pad">{i18n.t('app.noBridge')}</p>)
} else {
  const start = (language: 'system' | 'en' | 'zh-CN', theme: 'system' | 'light' | 'dark'): void => {
    const lang = resolveLanguage(language, navigator.language)
    document.documentElement.lang = lang
    document.documentElement.dataset.theme = theme
    const i18n = createI18n(lang)
    root.render(
      <StrictMode>
        <ErrorBoundary title={i18n.t('app.crashed')} reloadLabel={i18n.t('app.reload')}>
          <I18nextProvider i18n={i18n}>
            <ProblemsProvider>
              <App api={api} i18n={i18n} />
            </ProblemsProvider>
          </I18nextProvider>
        </ErrorBoundary>
      </StrictMode>,
    )
  }
  api.getSettings().then(
    (settings) => start(settings.language, settings.theme),
    () => start('system', 'system'),
  )
}
