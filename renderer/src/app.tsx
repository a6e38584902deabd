/**
 * The window: sidebar of feeds, the selected feed's health and history (or the settings page),
 * and the dialogs. Owns the few pieces of state that span views: which feed, which view, which
 * dialog, and the keyboard shortcuts and menu commands that move between them. Before the first
 * feed it shows the welcome card and none of the history's controls.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { i18n } from 'i18next'
import type { FeedDto, TidingsApi } from '../../preload/contract.ts'
import type { FeedForm } from './feeds/feed-form.ts'
import { countStates, summarizeStates } from './format/feeds-summary.ts'
import { formatCount } from './format/numbers.ts'
import { ProblemList, useReport } from './state/problems.tsx'
import { errorMessage } from './util/error-message.ts'
import { Welcome, ntfyPublishCommand } from './components/welcome.tsx'
import { ConfirmDialog } from './components/confirm-dialog.tsx'
import { FeedDialog } from './components/feed-dialog.tsx'
import { HealthPanel } from './components/health-panel.tsx'
import { HistoryView } from './components/history-view.tsx'
import { SettingsView } from './components/settings-view.tsx'
import { Sidebar } from './components/sidebar.tsx'
import { resolveLanguage } from './i18n/locale.ts'
import { useT } from './i18n/translate.ts'
import { useFeeds } from './state/use-feeds.ts'
import { useSettings } from './state/use-settings.ts'

type DialogState =
  | { kind: 'feed'; feed: FeedDto | null; initial?: Partial<FeedForm> }
  | { kind: 'remove'; feed: FeedDto }
  | { kind: 'clear'; feed: FeedDto }

export interface AppProps {
  api: TidingsApi
  i18n: i18n
}

/** The whole window. */
export function App({ api, i18n }: AppProps) {
  const { t, lang } = useT()
  const report = useReport()
  const { feeds, unread, loaded, error, reload } = useFeeds(api)
  const { settings, error: settingsError, retry: retrySettings, update } = useSettings(api)
  const [view, setView] = useState<'history' | 'settings'>('history')
  const [feedId, setFeedId] = useState<string | null>(null)
  const [dialog, setDialog] = useState<DialogState | null>(null)
  const [reloadKey, setReloadKey] = useState(0)
  const [showRequest, setShowRequest] = useState<{ seq: number; nonce: number } | null>(null)
  const [searchFocus, setSearchFocus] = useState(0)
  const searchRef = useRef<HTMLInputElement>(null)

  const theme = settings?.theme ?? 'system'
  const language = settings?.language ?? 'system'
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    const lang = resolveLanguage(language, navigator.language)
    document.documentElement.lang = lang
    if (i18n.language !== lang) void i18n.changeLanguage(lang)
  }, [i18n, language])
  useEffect(() => {
    document.title = unread.total > 0 ? `Tidings (${unread.total})` : 'Tidings'
  }, [unread.total])

  // The selected feed was removed (here or elsewhere): back to all feeds.
  useEffect(() => {
    if (loaded && feedId !== null && !feeds.some((feed) => feed.id === feedId)) setFeedId(null)
  }, [loaded, feeds, feedId])

  const focusSearch = useCallback(() => {
    setView('history')
    setSearchFocus((n) => n + 1)
  }, [])
  useEffect(() => {
    if (searchFocus === 0) return
    searchRef.current?.focus()
    searchRef.current?.select()
  }, [searchFocus])

  const newFeed = useCallback(() => setDialog((current) => current ?? { kind: 'feed', feed: null }), [])

  // Alt+Up/Down: previous/next feed from anywhere (All feeds is the first stop).
  const stepFeed = useCallback(
    (delta: number) => {
      const order: (string | null)[] = [null, ...feeds.map((feed) => feed.id)]
      const at = order.indexOf(feedId)
      const next = order[Math.max(0, Math.min(order.length - 1, at + delta))]
      if (next !== undefined) {
        setFeedId(next)
        setView('history')
      }
    },
    [feeds, feedId],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        if (dialog !== null) return
        event.preventDefault()
        stepFeed(event.key === 'ArrowDown' ? 1 : -1)
        return
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return
      const key = event.key.toLowerCase()
      if (key === 'f') {
        event.preventDefault()
        if (dialog === null) focusSearch()
      } else if (key === 'n') {
        event.preventDefault()
        newFeed()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [dialog, focusSearch, newFeed, stepFeed])

  useEffect(() => {
    const offs = [
      api.onCommand((command) => {
        if (command === 'new-feed') newFeed()
        else if (command === 'search') focusSearch()
        else if (command === 'settings') setView('settings')
      }),
      api.onShowEvent(({ feedId: target, seq }) => {
        setDialog(null)
        setView('history')
        setFeedId(target)
        setShowRequest({ seq, nonce: Date.now() })
      }),
    ]
    return () => {
      for (const off of offs) off()
    }
  }, [api, newFeed, focusSearch])

  const reorder = (ids: string[]): void => {
    api.reorderFeeds(ids).then(reload, (e: unknown) => {
      report(t('problems.reorder', { message: errorMessage(e) }))
      reload()
    })
  }

  const selectedFeed = feedId === null ? null : (feeds.find((feed) => feed.id === feedId) ?? null)
  const firstRun = loaded && feeds.length === 0
  const summary = summarizeStates(countStates(feeds), t, (n) => formatCount(n, lang))
  const publish = selectedFeed?.preset === 'ntfy' ? ntfyPublishCommand(selectedFeed.url) : null

  return (
    <div className="app">
      <Sidebar
        feeds={feeds}
        unread={unread}
        selected={feedId}
        settingsOpen={view === 'settings'}
        onSelect={(id) => {
          setFeedId(id)
          setView('history')
        }}
        onAdd={newFeed}
        onSettings={() => setView('settings')}
        onReorder={reorder}
      />
      <main className="main">
        {error !== null && (
          <p className="notice error" role="alert">
            {t('app.loadFailed', { message: error })}
          </p>
        )}
        <ProblemList />
        {view === 'settings' ? (
          settings === null ? (
            settingsError !== null ? (
              <div className="notice error pad" role="alert">
                <p>{t('problems.settingsLoad', { message: settingsError })}</p>
                <button type="button" onClick={retrySettings}>
                  {t('common.retry')}
                </button>
              </div>
            ) : (
              <p className="muted pad">{t('history.loading')}</p>
            )
          ) : (
            <SettingsView api={api} settings={settings} update={update} onImported={reload} />
          )
        ) : firstRun ? (
          <Welcome
            onStart={(initial) => setDialog({ kind: 'feed', feed: null, initial })}
            onImport={() => setView('settings')}
          />
        ) : (
          <>
            {selectedFeed !== null ? (
              <HealthPanel
                key={selectedFeed.id}
                api={api}
                feed={selectedFeed}
                reloadKey={reloadKey}
                onEdit={() => setDialog({ kind: 'feed', feed: selectedFeed })}
                onRemove={() => setDialog({ kind: 'remove', feed: selectedFeed })}
                onClear={() => setDialog({ kind: 'clear', feed: selectedFeed })}
              />
            ) : (
              <header className="health all-head">
                <h2>{t('sidebar.all')}</h2>
                {summary !== '' && (
                  <p className="status-line" data-fact="summary">
                    {summary}
                  </p>
                )}
              </header>
            )}
            <HistoryView
              api={api}
              feedId={feedId}
              feeds={feeds}
              searchRef={searchRef}
              reloadKey={reloadKey}
              showRequest={showRequest}
              keyboardBlocked={dialog !== null}
              emptyHint={publish === null ? undefined : t('welcome.tryNtfy', { command: publish })}
            />
          </>
        )}
      </main>
      {dialog?.kind === 'feed' && (
        <FeedDialog
          api={api}
          feed={dialog.feed}
          initial={dialog.initial}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            reload()
            setFeedId(saved.id)
            setView('history')
          }}
        />
      )}
      {dialog?.kind === 'remove' && (
        <ConfirmDialog
          title={t('confirm.removeTitle', { name: dialog.feed.name })}
          message={t('confirm.removeMessage')}
          confirmLabel={t('feed.remove')}
          onConfirm={async () => {
            await api.removeFeed(dialog.feed.id)
            setFeedId(null)
            reload()
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'clear' && (
        <ConfirmDialog
          title={t('confirm.clearTitle', { name: dialog.feed.name })}
          message={t('confirm.clearMessage')}
          confirmLabel={t('history.clear')}
          onConfirm={async () => {
            await api.clearHistory(dialog.feed.id)
            setReloadKey((k) => k + 1)
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  )
}
