/**
 * The history list: virtualised fixed-height rows (only the visible ones exist in the DOM), pages
 * requested from the pager as rows come into view, and live rows added on top without moving what
 * the user is looking at (the scroll offset grows by exactly the rows added above). Columns have
 * fixed widths so rows line up; times are relative ("3 min ago") with the exact time on hover;
 * ntfy priority and tags show as marks.
 */
import { useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react'
import type { Ref } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { StoredEventDto } from '../../../preload/contract.ts'
import type { HistoryPager } from '../history/history-pager.ts'
import { ChevronDown, ChevronsDown, ChevronUp, ChevronsUp } from 'lucide-react'
import { formatDateTime, formatRelative } from '../format/numbers.ts'
import { summarizeRow } from '../format/summary.ts'
import { useT, type Translate } from '../i18n/translate.ts'
import { useNow } from '../state/use-now.ts'

/** Height of one row in CSS pixels; styles/layout.css (--row) uses the same. */
export const ROW_HEIGHT = 30

export interface HistoryListProps {
  pager: HistoryPager | null
  version: number
  selectedSeq: number | null
  /** Feed names by id, shown in a column when the list spans all feeds. */
  feedNames: Map<string, string> | null
  onSelect: (event: StoredEventDto) => void
  label: string
  ref?: Ref<HistoryListHandle>
}

/** What the parent may ask of the list (keyboard navigation). */
export interface HistoryListHandle {
  scrollToIndex: (index: number) => void
  focus: () => void
}

const PRIORITY_ICONS = { 1: ChevronsDown, 2: ChevronDown, 4: ChevronUp, 5: ChevronsUp } as const

/** ntfy's priority as a mark (nothing for the default, 3). */
function PriorityMark({ priority, t }: { priority: number | null; t: Translate }) {
  if (priority === null || !(priority in PRIORITY_ICONS)) return <span className="event-priority" />
  const Icon = PRIORITY_ICONS[priority as keyof typeof PRIORITY_ICONS]
  const label = t('history.priority', { priority: t(`priority.p${priority as 1 | 2 | 4 | 5}`) })
  return (
    <span className={`event-priority p${priority}`} role="img" aria-label={label} title={label}>
      <Icon size={14} aria-hidden="true" />
    </span>
  )
}

/** The exact time of a row's tooltip, formatted once per event and language (rows re-render at every live batch). */
const exactTimes = new WeakMap<StoredEventDto, { lang: string; text: string }>()
function exactTime(event: StoredEventDto, lang: string): string {
  const hit = exactTimes.get(event)
  if (hit !== undefined && hit.lang === lang) return hit.text
  const text = formatDateTime(event.receivedAt, lang)
  exactTimes.set(event, { lang, text })
  return text
}

/** The listbox. */
export function HistoryList({ pager, version, selectedSeq, feedNames, onSelect, label, ref }: HistoryListProps) {
  const { t, lang } = useT()
  // Relative times ("3 min ago") move on by themselves: the visible rows re-render twice a minute.
  const now = useNow(true, 30_000)
  const scrollRef = useRef<HTMLDivElement>(null)
  const total = pager?.total() ?? 0
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    // Keys stay the row index (the default): a key function would make the virtualizer walk all
    // 100,000 rows on every render; fixed-height rows need no identity to keep their place.
    useFlushSync: false,
  })

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      focus: () => scrollRef.current?.focus(),
    }),
    [virtualizer],
  )

  // Live rows went in above: keep the rows on screen where they are, unless the user watches the top.
  const seenPrepends = useRef<{ pager: HistoryPager | null; count: number }>({ pager: null, count: 0 })
  useLayoutEffect(() => {
    const element = scrollRef.current
    const count = pager?.prependedCount() ?? 0
    const seen = seenPrepends.current
    const added = seen.pager === pager ? count - seen.count : 0
    seenPrepends.current = { pager, count }
    if (element === null || added <= 0) return
    if (element.scrollTop > ROW_HEIGHT / 2) virtualizer.scrollToOffset(element.scrollTop + added * ROW_HEIGHT)
  }, [pager, version, virtualizer])

  // A new filter starts at the top.
  useLayoutEffect(() => {
    if (scrollRef.current !== null) scrollRef.current.scrollTop = 0
  }, [pager])

  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0
  useEffect(() => {
    pager?.want(first, last + 1)
  }, [pager, first, last, version])

  const activeId = selectedSeq !== null && pager !== null && pager.indexOfSeq(selectedSeq) >= 0 ? `event-${selectedSeq}` : undefined

  return (
    <div
      ref={scrollRef}
      className="event-list"
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeId}
      tabIndex={0}
      data-total={total}
    >
      <div className="event-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const event = pager?.get(item.index)
          const style = { transform: `translateY(${item.start}px)` }
          if (event === undefined) {
            return (
              <div key={item.key} className="event-row loading" style={style} role="option" aria-selected={false} aria-busy="true">
                <span className="muted">{t('history.loadingRow')}</span>
              </div>
            )
          }
          const selected = event.seq === selectedSeq
          const row = summarizeRow(event)
          const feedName = feedNames?.get(event.feedId) ?? ''
          const exact = exactTime(event, lang)
          return (
            <div
              key={item.key}
              id={`event-${event.seq}`}
              className={`event-row${selected ? ' selected' : ''}${event.read ? '' : ' unread'}`}
              style={style}
              role="option"
              aria-selected={selected}
              data-seq={event.seq}
              onClick={() => onSelect(event)}
            >
              {event.read ? (
                <span className="unread-mark" />
              ) : (
                <span className="unread-mark" role="img" aria-label={t('history.unread')} />
              )}
              <time className="event-time" dateTime={new Date(event.receivedAt).toISOString()} title={exact}>
                {formatRelative(event.receivedAt, lang, now)}
              </time>
              <PriorityMark priority={row.priority} t={t} />
              {feedNames !== null && (
                <span className="event-feed" title={feedName}>
                  {feedName}
                </span>
              )}
              <span className="event-type" title={event.type}>
                {event.type}
              </span>
              <span className="event-summary" title={row.text.length > 60 ? row.text : undefined}>
                {row.emoji !== '' && <span className="event-emoji">{row.emoji} </span>}
                {row.text}
                {row.tags.length > 0 && (
                  <span className="event-tags" title={t('history.tags', { tags: row.tags.join(t('common.listSeparator')) })}>
                    {row.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                )}
              </span>
            </div>
          )
        })}
      </div>
    </div>
  )
}
