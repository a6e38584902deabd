/**
 * A feed's health above its history: one sentence saying what is going on and what happens next
 * (built from the status data, in the window's language), the action that fits the state (Pause,
 * Resume, or Reconnect now for a stopped or retrying feed), what the history holds (stored events,
 * last event — both survive restarts), and the rest on demand under "Details".
 */
import { useEffect, useState } from 'react'
import { Pause, Pencil, Play, RefreshCw, Trash2, Eraser } from 'lucide-react'
import type { FeedDto, ReplayGapDto, TidingsApi } from '../../../preload/contract.ts'
import { describeDuration, describeError, secretUnreadable, statusSentence } from '../format/describe.ts'
import { formatBytes, formatCount, formatDateTime, formatMoment, formatRelative } from '../format/numbers.ts'
import { useT } from '../i18n/translate.ts'
import { describeGap } from '../format/gaps.ts'
import { useReport } from '../state/problems.tsx'
import { useNow } from '../state/use-now.ts'
import { useStoredTotals } from '../state/use-stored-totals.ts'
import { errorMessage } from '../util/error-message.ts'
import { HealthDot } from './health-mark.tsx'

export interface HealthPanelProps {
  api: TidingsApi
  feed: FeedDto
  /** Changes when the history was cleared or imported (re-count the stored events). */
  reloadKey: number
  onEdit: () => void
  onRemove: () => void
  onClear: () => void
}

/** The panel; gaps are re-read whenever the status reports a new one. */
export function HealthPanel({ api, feed, reloadKey, onEdit, onRemove, onClear }: HealthPanelProps) {
  const { t, lang } = useT()
  const report = useReport()
  const status = feed.status
  const ticking = status.state === 'backoff' && status.nextRetryAt !== null
  const now = useNow(true, ticking ? 1000 : 30_000)
  const [gaps, setGaps] = useState<ReplayGapDto[]>([])
  const [busy, setBusy] = useState(false)
  const lastGapAt = status.lastGap?.at ?? 0
  const stored = useStoredTotals(api, feed, reloadKey)

  useEffect(() => {
    let live = true
    api.gaps(feed.id).then(
      (list) => {
        if (live) setGaps(list)
      },
      (e: unknown) => {
        if (live) report(t('problems.gaps', { name: feed.name, message: errorMessage(e) }))
      },
    )
    return () => {
      live = false
    }
    // The name only words the report; a rename must not re-read the gaps.
  }, [api, feed.id, lastGapAt])

  const act = (kind: 'pause' | 'resume'): void => {
    setBusy(true)
    const call = kind === 'pause' ? api.pauseFeed(feed.id) : api.resumeFeed(feed.id)
    call.then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false)
        report(t(kind === 'pause' ? 'problems.pause' : 'problems.resume', { name: feed.name, message: errorMessage(e) }))
      },
    )
  }

  const clock = (ms: number): string => formatMoment(ms, lang, now)
  const sentence = statusSentence(status, now, t, clock)
  const lastEventAt = Math.max(status.lastEventAt ?? 0, stored.newestAt ?? 0) || null
  const stuck = !feed.paused && (status.state === 'stopped' || status.state === 'backoff')
  const shownGaps = gaps.length > 0 ? gaps : status.lastGap !== null ? [status.lastGap] : []
  const error = status.lastError

  return (
    <section className="health" aria-label={t('health.label', { name: feed.name })} data-state={status.state}>
      <div className="health-head">
        <HealthDot status={status} />
        <div className="health-title">
          <h2 title={feed.name}>{feed.name}</h2>
          <span className="url" title={feed.url}>
            {feed.url}
          </span>
        </div>
        <div className="actions" role="group" aria-label={t('health.actions')}>
          {feed.paused ? (
            <button type="button" className="primary" onClick={() => act('resume')} disabled={busy}>
              <Play size={14} aria-hidden="true" />
              {t('feed.resume')}
            </button>
          ) : (
            <>
              {stuck && (
                <button type="button" className={secretUnreadable(status.lastError) ? undefined : 'primary'} onClick={() => act('resume')} disabled={busy}>
                  <RefreshCw size={14} aria-hidden="true" />
                  {t('feed.reconnect')}
                </button>
              )}
              <button type="button" onClick={() => act('pause')} disabled={busy}>
                <Pause size={14} aria-hidden="true" />
                {t('feed.pause')}
              </button>
            </>
          )}
          <button type="button" className={secretUnreadable(status.lastError) ? 'primary' : undefined} onClick={onEdit}>
            <Pencil size={14} aria-hidden="true" />
            {t('feed.edit')}
          </button>
          <span className="action-pair">
            <button type="button" onClick={onClear}>
              <Eraser size={14} aria-hidden="true" />
              {t('history.clear')}
            </button>
            <button type="button" className="danger" onClick={onRemove}>
              <Trash2 size={14} aria-hidden="true" />
              {t('feed.remove')}
            </button>
          </span>
        </div>
      </div>
      <p className={`status-line status-${status.state}`} data-fact="sentence">
        {sentence}
      </p>
      <dl className="facts">
        <div className="fact" data-fact="stored">
          <dt>{t('health.stored')}</dt>
          <dd>{stored.total === null ? '…' : formatCount(stored.total, lang)}</dd>
        </div>
        <div className="fact" data-fact="last-event">
          <dt>{t('health.lastEvent')}</dt>
          <dd>
            {lastEventAt === null ? (
              stored.total === null ? '…' : t('health.none')
            ) : (
              <time dateTime={new Date(lastEventAt).toISOString()} title={formatDateTime(lastEventAt, lang)}>
                {formatRelative(lastEventAt, lang, now)}
              </time>
            )}
          </dd>
        </div>
      </dl>
      <details className="health-details">
        <summary>{t('health.details')}</summary>
        <dl className="detail-facts">
          {error !== null && (
            <>
              <dt>{t('health.lastError')}</dt>
              <dd data-fact="last-error" title={describeError(error, t, { nextRetryAt: status.nextRetryAt, stallLimitMs: status.stallLimitMs, clock })}>
                {formatDateTime(error.at, lang)}
              </dd>
              <dt>{t('health.technical')}</dt>
              <dd className="mono" data-fact="technical">
                {[error.code, error.message].filter((part) => part !== undefined && part !== '').join(' · ')}
              </dd>
            </>
          )}
          <dt>{t('health.session')}</dt>
          <dd data-fact="session">
            {t('health.events')} {formatCount(status.counters.events, lang)}
            {t('common.listSeparator')}
            {t('health.reconnects')} {formatCount(status.counters.reconnects, lang)}
            {t('common.listSeparator')}
            {t('health.bytes')} {formatBytes(status.counters.bytes, lang)}
            {status.counters.dropped > 0 && (
              <>
                {t('common.listSeparator')}
                {t('health.dropped')} {formatCount(status.counters.dropped, lang)}
              </>
            )}
          </dd>
          {status.stallLimitMs > 0 && (
            <>
              <dt>{t('health.stallLimit')}</dt>
              <dd>{describeDuration(status.stallLimitMs, t)}</dd>
            </>
          )}
        </dl>
      </details>
      {shownGaps.length > 0 && (
        <ul className="gaps" aria-label={t('health.gaps')}>
          {shownGaps.slice(-5).map((gap) => (
            <li key={`${gap.at}-${gap.requested}`} className="notice warn">
              {describeGap(gap, t, lang)}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
