/**
 * The feeds: one row each with a calm line about its health and its unread count, "All feeds" on
 * top (with what needs attention), add and settings at hand. Up/Down arrows (Home/End) move between
 * feeds and show the one reached; rows reorder by drag and drop or by the move up/down buttons.
 */
import { useRef, useState, type KeyboardEvent } from 'react'
import { ChevronDown, ChevronUp, Plus, Settings } from 'lucide-react'
import type { FeedDto, UnreadDto } from '../../../preload/contract.ts'
import { feedLine } from '../format/describe.ts'
import { countStates, summarizeStates } from '../format/feeds-summary.ts'
import { formatCount, formatMoment } from '../format/numbers.ts'
import { useT } from '../i18n/translate.ts'
import { useNow } from '../state/use-now.ts'
import { HealthDot } from './health-mark.tsx'

export interface SidebarProps {
  feeds: FeedDto[]
  unread: UnreadDto
  /** null = all feeds. */
  selected: string | null
  settingsOpen: boolean
  onSelect: (feedId: string | null) => void
  onAdd: () => void
  onSettings: () => void
  onReorder: (ids: string[]) => void
}

function moved(ids: string[], from: number, to: number): string[] {
  const next = [...ids]
  const [id] = next.splice(from, 1)
  if (id !== undefined) next.splice(to, 0, id)
  return next
}

/** The left column. */
export function Sidebar({ feeds, unread, selected, settingsOpen, onSelect, onAdd, onSettings, onReorder }: SidebarProps) {
  const { t, lang } = useT()
  const [dragging, setDragging] = useState<string | null>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const now = useNow(feeds.some((feed) => feed.status.state === 'backoff'))
  const ids = feeds.map((feed) => feed.id)
  const unreadOf = (id: string): number => unread.byFeed[id] ?? 0
  const counts = countStates(feeds)
  // What needs attention: stopped, waiting for the keychain (the user unlocks it), retrying.
  const attention = summarizeStates({ ...counts, connected: 0, paused: 0, connecting: 0 }, t, (n) => formatCount(n, lang))

  // Arrow keys walk the rows (selection follows focus, as in a mail client's folder list).
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return
    const rows = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.feed-row') ?? [])]
    const at = rows.indexOf(document.activeElement as HTMLButtonElement)
    if (at < 0 || rows.length === 0) return
    event.preventDefault()
    event.stopPropagation()
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : Math.max(0, Math.min(rows.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))
    const row = rows[next]
    if (row === undefined) return
    row.focus()
    const id = row.dataset.feedId
    onSelect(id === undefined || id === '' ? null : id)
  }

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="sidebar-head">
        <h1 className="app-name">Tidings</h1>
        <button type="button" className="icon" onClick={onAdd} aria-label={t('sidebar.add')} title={`${t('sidebar.add')} (Ctrl+N)`}>
          <Plus size={18} aria-hidden="true" />
        </button>
      </div>
      {feeds.length === 0 && <p className="sidebar-empty">{t('sidebar.empty')}</p>}
      <ul className="feed-list" ref={listRef} onKeyDown={onKeyDown} aria-describedby="sidebar-keys">
        {feeds.length > 0 && (
          <li>
            <button
              type="button"
              className="feed-row all"
              data-feed-id=""
              aria-current={!settingsOpen && selected === null ? 'true' : undefined}
              onClick={() => onSelect(null)}
            >
              <span className="feed-text">
                <span className="feed-name">{t('sidebar.all')}</span>
                {attention !== '' && (
                  <span className="feed-health health-attention" title={attention}>
                    {attention}
                  </span>
                )}
              </span>
              {unread.total > 0 && (
                <span className="badge" aria-label={t('sidebar.unread', { count: unread.total })}>
                  {formatCount(unread.total, lang)}
                </span>
              )}
            </button>
          </li>
        )}
        {feeds.map((feed, index) => {
          const status = feed.paused && feed.status.state !== 'paused' ? { ...feed.status, state: 'paused' as const } : feed.status
          const line = feedLine(status, now, t, (ms) => formatMoment(ms, lang, now))
          const count = unreadOf(feed.id)
          return (
            <li
              key={feed.id}
              className={dragging === feed.id ? 'feed-item dragging' : 'feed-item'}
              draggable
              onDragStart={(event) => {
                setDragging(feed.id)
                event.dataTransfer.effectAllowed = 'move'
                event.dataTransfer.setData('text/plain', feed.id)
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(event) => {
                if (dragging !== null) event.preventDefault()
              }}
              onDrop={(event) => {
                event.preventDefault()
                const from = dragging === null ? -1 : ids.indexOf(dragging)
                setDragging(null)
                if (from >= 0 && from !== index) onReorder(moved(ids, from, index))
              }}
            >
              <button
                type="button"
                className="feed-row"
                data-feed-id={feed.id}
                aria-current={!settingsOpen && selected === feed.id ? 'true' : undefined}
                title={line === '' ? feed.name : `${feed.name} — ${line}`}
                onClick={() => onSelect(feed.id)}
              >
                <HealthDot status={status} decorative />
                <span className="feed-text">
                  <span className="feed-name">{feed.name}</span>
                  {line === '' && <span className="sr-only">{t('state.open')}</span>}
                  {line !== '' && <span className={`feed-health health-${status.state}`}>{line}</span>}
                </span>
                {count > 0 && (
                  <span className="badge" data-unread={count} aria-label={t('sidebar.unread', { count })}>
                    {formatCount(count, lang)}
                  </span>
                )}
              </button>
              <span className="move">
                <button
                  type="button"
                  className="icon small"
                  disabled={index === 0}
                  aria-label={t('sidebar.moveUp', { name: feed.name })}
                  title={t('sidebar.moveUp', { name: feed.name })}
                  onClick={() => onReorder(moved(ids, index, index - 1))}
                >
                  <ChevronUp size={14} aria-hidden="true" />
                </button>
                <button
                  type="button"
                  className="icon small"
                  disabled={index === feeds.length - 1}
                  aria-label={t('sidebar.moveDown', { name: feed.name })}
                  title={t('sidebar.moveDown', { name: feed.name })}
                  onClick={() => onReorder(moved(ids, index, index + 1))}
                >
                  <ChevronDown size={14} aria-hidden="true" />
                </button>
              </span>
            </li>
          )
        })}
      </ul>
      <span id="sidebar-keys" className="sr-only">
        {t('sidebar.keys')}
      </span>
      <div className="sidebar-foot">
        <button type="button" className="link" aria-current={settingsOpen ? 'true' : undefined} onClick={onSettings}>
          <Settings size={14} aria-hidden="true" />
          {t('sidebar.settings')}
        </button>
      </div>
    </nav>
  )
}
