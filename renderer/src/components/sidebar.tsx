/**
 * The feeds: one row each with its health and unread count, "All feeds" on top, add and settings
 * at hand. Rows reorder by drag and drop or by the move up/down buttons (keyboard users).
 */
import { useState } from 'react'
import type { FeedDto, UnreadDto } from '../../../preload/contract.ts'
import { formatCount } from '../format/numbers.ts'
import { useT } from '../i18n/translate.ts'
import { useNow } from '../state/use-now.ts'
import { HealthDot, healthLine } from './health-mark.tsx'

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
  const now = useNow(feeds.some((feed) => feed.status.state === 'backoff'))
  const ids = feeds.map((feed) => feed.id)
  const unreadOf = (id: string): number => unread.byFeed[id] ?? 0

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="sidebar-head">
        <h1 className="app-name">Tidings</h1>
        <button type="button" className="icon" onClick={onAdd} aria-label={t('sidebar.add')} title={t('sidebar.add')}>
          +
        </button>
      </div>
      <ul className="feed-list">
        <li>
          <button
            type="button"
            className="feed-row all"
            aria-current={!settingsOpen && selected === null ? 'true' : undefined}
            onClick={() => onSelect(null)}
          >
            <span className="feed-name">{t('sidebar.all')}</span>
            {unread.total > 0 && (
              <span className="badge" aria-label={t('sidebar.unread', { count: unread.total })}>
                {formatCount(unread.total, lang)}
              </span>
            )}
          </button>
        </li>
        {feeds.map((feed, index) => {
          const line = healthLine(feed.status, now, t)
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
                aria-current={!settingsOpen && selected === feed.id ? 'true' : undefined}
                onClick={() => onSelect(feed.id)}
              >
                <HealthDot status={feed.status} decorative />
                <span className="feed-text">
                  <span className="feed-name">{feed.name}</span>
                  {line === '' && <span className="sr-only">{t('state.open')}</span>}
                  {line !== '' && (
                    <span className={`feed-health health-${feed.status.state}`} title={line}>
                      {line}
                    </span>
                  )}
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
                  ↑
                </button>
                <button
                  type="button"
                  className="icon small"
                  disabled={index === feeds.length - 1}
                  aria-label={t('sidebar.moveDown', { name: feed.name })}
                  title={t('sidebar.moveDown', { name: feed.name })}
                  onClick={() => onReorder(moved(ids, index, index + 1))}
                >
                  ↓
                </button>
              </span>
            </li>
          )
        })}
      </ul>
      {feeds.length === 0 && <p className="sidebar-empty">{t('sidebar.empty')}</p>}
      <div className="sidebar-foot">
        <button type="button" className="link" aria-current={settingsOpen ? 'true' : undefined} onClick={onSettings}>
          {t('sidebar.settings')}
        </button>
      </div>
    </nav>
  )
}
