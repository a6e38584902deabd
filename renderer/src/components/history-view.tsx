/**
 * The history of one feed (or all): search (debounced, through the core's full-text index), type
 * and unread filters, the virtualised list and the detail pane. Opening an event marks it read;
 * ArrowUp/ArrowDown walk the list and keep the selected row in view.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { FeedDto, StoredEventDto, TidingsApi } from '../../../preload/contract.ts'
import type { HistoryFilter } from '../history/filter.ts'
import { useHistoryRows } from '../history/use-history.ts'
import { formatCount } from '../format/numbers.ts'
import { useT } from '../i18n/translate.ts'
import { EventDetail } from './event-detail.tsx'
import { HistoryList, type HistoryListHandle } from './history-list.tsx'

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

/** The main column below the health panel. */
export function HistoryView({ api, feedId, feeds, searchRef, reloadKey, showRequest, keyboardBlocked }: HistoryViewProps) {
  const { t, lang } = useT()
  const [searchText, setSearchText] = useState('')
  const [search, setSearch] = useState('')
  const [type, setType] = useState<string | null>(null)
  const [unreadOnly, setUnreadOnly] = useState(false)
  const [types, setTypes] = useState<string[]>([])
  const [selected, setSelected] = useState<StoredEventDto | null>(null)
  const listRef = useRef<HistoryListHandle>(null)
  const pendingIndex = useRef<number | null>(null)

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [searchText])

  // A different feed: fresh filters and no selection.
  useEffect(() => {
    setType(null)
    setSelected(null)
  }, [feedId])

  const refreshTypes = useCallback(() => {
    api.eventTypes(feedId).then(setTypes, () => undefined)
  }, [api, feedId])
  useEffect(refreshTypes, [refreshTypes, reloadKey])

  const filter: HistoryFilter = useMemo(() => ({ feedId, search, type, unreadOnly }), [feedId, search, type, unreadOnly])
  const { pager, version, error } = useHistoryRows(api, filter, reloadKey)
  const total = pager?.total() ?? 0

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
          () => undefined,
        )
      }
    },
    [api, pager],
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
      if (event.altKey || event.ctrlKey || event.metaKey || isEditable(event.target)) return
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
      () => undefined,
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
    api.markRead(target).then(() => pager?.markRead({ feedId }), () => undefined)
  }

  const feedName = selected === null ? '' : (feeds.find((feed) => feed.id === selected.feedId)?.name ?? '')

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
          aria-label={t('history.show')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(event) => setUnreadOnly(event.target.value === 'unread')}
        >
          <option value="all">{t('history.showAll')}</option>
          <option value="unread">{t('history.showUnread')}</option>
        </select>
        <button type="button" onClick={markAllRead}>
          {t('history.markAllRead')}
        </button>
        <span className="count" role="status" aria-live="polite" data-count={total}>
          {pager?.ready() === true ? t('history.count', { count: formatCount(total, lang) }) : t('history.loading')}
        </span>
      </div>
      {error !== null && (
        <p className="notice error" role="alert">
          {t('history.error', { message: error })}
        </p>
      )}
      <div className="history-body">
        {pager?.ready() === true && total === 0 ? (
          <div className="event-list empty">
            <p className="muted">{search.trim() !== '' || type !== null || unreadOnly ? t('history.noMatch') : t('history.empty')}</p>
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
        <EventDetail api={api} event={selected} feedName={feedName} />
      </div>
    </div>
  )
}
