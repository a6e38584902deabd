/**
 * The history of one feed (or all): search (debounced, through the core's full-text index), type
 * and unread filters, the virtualised list and the detail pane beside it (resizable with a
 * splitter whose width is remembered, and collapsible). Opening an event marks it read;
 * ArrowUp/ArrowDown walk the list and keep the selected row in view. Switching feeds starts with
 * fresh filters; a filter that matches nothing leaves the detail pane empty.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react'
import { CheckCheck, PanelRightClose, PanelRightOpen } from 'lucide-react'
import type { FeedDto, StoredEventDto, TidingsApi } from '../../../preload/contract.ts'
import { matchesFilter, type HistoryFilter } from '../history/filter.ts'
import { useHistoryRows } from '../history/use-history.ts'
import { formatCount } from '../format/numbers.ts'
import { useT } from '../i18n/translate.ts'
import { useReport } from '../state/problems.tsx'
import { errorMessage } from '../util/error-message.ts'
import { EventDetail } from './event-detail.tsx'
import { HistoryList, type HistoryListHandle } from './history-list.tsx'
import { Splitter, useDetailLayout } from './splitter.tsx'

export interface HistoryViewProps {
  api: TidingsApi
  feedId: string | null
  feeds: FeedDto[]
  searchRef: RefObject<HTMLInputElement | null>
  /** Changes to force a reload (after clearing). */
  reloadKey: number
  /** An event to select from outside (a toast was clicked); `nonce` repeats the request. */
  showRequest: { seq: number; nonce: number } | null
  /** Whether a dialog is open (then the arrow keys belong to it). */
  keyboardBlocked: boolean
  /** Shown in an empty history instead of the plain "no events yet" (e.g. how to publish to an ntfy topic). */
  emptyHint?: string
}

const SEARCH_DEBOUNCE_MS = 250

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  )
}

/** Keys pressed in the sidebar or a dialog belong there, not to the event list. */
function belongsElsewhere(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.sidebar, dialog, [role=separator]') !== null
}

/** The main column below the health panel. */
export function HistoryView({ api, feedId, feeds, searchRef, reloadKey, showRequest, keyboardBlocked, emptyHint }: HistoryViewProps) {
  const { t, lang } = useT()
  const report = useReport()
  const [searchText, setSearchText] = useState('')
  const [search, setSearch] = useState('')
  const [type, setType] = useState<string | null>(null)
  const [unreadOnly, setUnreadOnly] = useState(false)
  const [types, setTypes] = useState<string[]>([])
  const [selected, setSelected] = useState<StoredEventDto | null>(null)
  const listRef = useRef<HistoryListHandle>(null)
  const pendingIndex = useRef<number | null>(null)
  const layout = useDetailLayout()

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [searchText])

  // A different feed: fresh filters (search, type, unread) and no selection.
  const [shownFeed, setShownFeed] = useState(feedId)
  if (shownFeed !== feedId) {
    setShownFeed(feedId)
    setSearchText('')
    setSearch('')
    setType(null)
    setUnreadOnly(false)
    setSelected(null)
  }

  const refreshTypes = useCallback(() => {
    api.eventTypes(feedId).then(setTypes, (e: unknown) => report(t('problems.types', { message: errorMessage(e) })))
  }, [api, feedId, report, t])
  useEffect(refreshTypes, [refreshTypes, reloadKey])

  const filter: HistoryFilter = useMemo(() => ({ feedId, search, type, unreadOnly }), [feedId, search, type, unreadOnly])
  const { pager, version, error } = useHistoryRows(api, filter, reloadKey)
  const total = pager?.total() ?? 0
  const ready = pager?.ready() === true

  // The selected event no longer matches (or nothing does): the detail pane says so instead of
  // showing an event the list does not.
  useEffect(() => {
    setSelected((current) => (current !== null && !matchesFilter(current, filter) ? null : current))
  }, [filter])
  useEffect(() => {
    if (ready && total === 0) setSelected(null)
  }, [ready, total])

  const feedNames = useMemo(() => (feedId === null ? new Map(feeds.map((feed) => [feed.id, feed.name])) : null), [feedId, feeds])

  const open = useCallback(
    (event: StoredEventDto) => {
      setSelected(event)
      if (!event.read) {
        api.markRead({ scope: 'event', seq: event.seq }).then(
          () => {
            event.read = true
            pager?.markRead({ seq: event.seq })
          },
          (e: unknown) => report(t('problems.markRead', { message: errorMessage(e) })),
        )
      }
    },
    [api, pager, report, t],
  )

  // Keyboard walk: the target row may still be loading; it is opened once its page arrives.
  const resolvePending = useCallback(() => {
    const index = pendingIndex.current
    if (index === null || pager === null) return
    const event = pager.get(index)
    if (event !== undefined) {
      pendingIndex.current = null
      open(event)
    }
  }, [pager, open])
  useEffect(resolvePending, [resolvePending, version])

  const move = useCallback(
    (delta: number) => {
      if (pager === null || total === 0) return
      const current = selected === null ? -1 : pager.indexOfSeq(selected.seq)
      const next = Math.max(0, Math.min(total - 1, current + delta))
      pendingIndex.current = next
      listRef.current?.scrollToIndex(next)
      resolvePending()
    },
    [pager, total, selected, resolvePending],
  )

  useEffect(() => {
    if (keyboardBlocked) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
      if (event.altKey || event.ctrlKey || event.metaKey || isEditable(event.target) || belongsElsewhere(event.target)) return
      event.preventDefault()
      move(event.key === 'ArrowDown' ? 1 : -1)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [keyboardBlocked, move])

  // A toast was clicked: show that event, and its row when loaded.
  useEffect(() => {
    if (showRequest === null) return
    let live = true
    api.getEvent(showRequest.seq).then(
      (event) => {
        if (!live || event === null) return
        open(event)
      },
      (e: unknown) => report(t('problems.showEvent', { message: errorMessage(e) })),
    )
    return () => {
      live = false
    }
  }, [api, showRequest, open])
  useEffect(() => {
    if (selected === null || pager === null) return
    const index = pager.indexOfSeq(selected.seq)
    if (index >= 0) listRef.current?.scrollToIndex(index)
    // Only when the selection itself changes; live rows must not yank the view back.
  }, [selected])

  const markAllRead = (): void => {
    const target = feedId === null ? ({ scope: 'all' } as const) : ({ scope: 'feed', feedId } as const)
    api.markRead(target).then(
      () => pager?.markRead({ feedId }),
      (e: unknown) => report(t('problems.markRead', { message: errorMessage(e) })),
    )
  }

  const feedName = selected === null ? '' : (feeds.find((feed) => feed.id === selected.feedId)?.name ?? '')
  const filtering = search.trim() !== '' || type !== null || unreadOnly

  return (
    <div className="history">
      <div className="toolbar" role="search">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder={t('history.searchPlaceholder')}
          aria-label={t('history.search')}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault()
              listRef.current?.focus()
              move(1)
            }
          }}
        />
        <select
          className="type-filter"
          aria-label={t('history.type')}
          value={type ?? ''}
          onFocus={refreshTypes}
          onChange={(event) => setType(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{t('history.allTypes')}</option>
          {types.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select
          className="show-filter"
          aria-label={t('history.show')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(event) => setUnreadOnly(event.target.value === 'unread')}
        >
          <option value="all">{t('history.showAll')}</option>
          <option value="unread">{t('history.showUnread')}</option>
        </select>
        <button type="button" className="collapse-label" onClick={markAllRead} title={t('history.markAllRead')}>
          <CheckCheck size={14} aria-hidden="true" />
          <span className="label-text">{t('history.markAllRead')}</span>
        </button>
        <span className="count" role="status" aria-live="polite" data-count={total}>
          {ready ? t('history.count', { count: formatCount(total, lang) }) : t('history.loading')}
        </span>
        <button
          type="button"
          className="icon"
          aria-pressed={!layout.collapsed}
          aria-label={layout.collapsed ? t('history.showDetail') : t('history.hideDetail')}
          title={layout.collapsed ? t('history.showDetail') : t('history.hideDetail')}
          onClick={() => layout.setCollapsed(!layout.collapsed)}
        >
          {layout.collapsed ? <PanelRightOpen size={16} aria-hidden="true" /> : <PanelRightClose size={16} aria-hidden="true" />}
        </button>
      </div>
      {error !== null && (
        <p className="notice error" role="alert">
          {t('history.error', { message: error })}
        </p>
      )}
      <div
        className={layout.collapsed ? 'history-body collapsed' : 'history-body'}
        ref={layout.bodyRef}
        style={layout.width === null ? undefined : ({ '--detail-width': `${layout.width}px` } as CSSProperties)}
      >
        {ready && total === 0 ? (
          <div className="event-list empty">
            <p className="muted">{filtering ? t('history.noMatch') : (emptyHint ?? t('history.empty'))}</p>
          </div>
        ) : (
          <HistoryList
            ref={listRef}
            pager={pager}
            version={version}
            selectedSeq={selected?.seq ?? null}
            feedNames={feedNames}
            onSelect={open}
            label={t('history.label')}
          />
        )}
        {!layout.collapsed && (
          <>
            <Splitter layout={layout} label={t('history.resize')} />
            <EventDetail api={api} event={selected} feedName={feedName} />
          </>
        )}
      </div>
    </div>
  )
}
