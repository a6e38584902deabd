/**
 * A feed's connection health above its history: state and since when, last event, last error in
 * words, the next retry, counters, and replay gaps said plainly. Plus the feed's actions.
 */
import { useEffect, useState } from 'react'
import type { FeedDto, ReplayGapDto, TidingsApi } from '../../../preload/contract.ts'
import { describeCountdown, describeError, describeState, describeStop } from '../format/describe.ts'
import { formatBytes, formatCount, formatDateTime } from '../format/numbers.ts'
import { useT, type Translate } from '../i18n/translate.ts'
import { useNow } from '../state/use-now.ts'
import { HealthDot } from './health-mark.tsx'

export interface HealthPanelProps {
  api: TidingsApi
  feed: FeedDto
  onEdit: () => void
  onRemove: () => void
  onClear: () => void
}

/** "The server could not replay events between … and …" for one gap. */
export function describeGap(gap: ReplayGapDto, t: Translate, lang: string): string {
  const at = formatDateTime(gap.at, lang)
  return gap.actual === ''
    ? t('health.gapOpen', { at, requested: gap.requested || t('health.gapStart') })
    : t('health.gap', { at, requested: gap.requested || t('health.gapStart'), actual: gap.actual })
}

/** The panel; gaps are re-read whenever the status reports a new one. */
export function HealthPanel({ api, feed, onEdit, onRemove, onClear }: HealthPanelProps) {
  const { t, lang } = useT()
  const status = feed.status
  const now = useNow(status.state === 'backoff' && status.nextRetryAt !== null)
  const [gaps, setGaps] = useState<ReplayGapDto[]>([])
  const [busy, setBusy] = useState(false)
  const lastGapAt = status.lastGap?.at ?? 0

  useEffect(() => {
    let live = true
    api.gaps(feed.id).then(
      (list) => {
        if (live) setGaps(list)
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [api, feed.id, lastGapAt])

  const toggle = (): void => {
    setBusy(true)
    const call = feed.paused ? api.resumeFeed(feed.id) : api.pauseFeed(feed.id)
    call.finally(() => setBusy(false)).catch(() => undefined)
  }

  const when = (ms: number | null): string => (ms === null ? t('health.never') : formatDateTime(ms, lang))
  const fact = (label: string, value: string, name: string) => (
    <div className="fact" data-fact={name}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
  const shownGaps = gaps.length > 0 ? gaps : status.lastGap !== null ? [status.lastGap] : []

  return (
    <section className="health" aria-label={t('health.label', { name: feed.name })}>
      <div className="health-head">
        <HealthDot status={status} />
        <div className="health-title">
          <h2>{feed.name}</h2>
          <span className="url" title={feed.url}>
            {feed.url}
          </span>
        </div>
        <div className="actions">
          <button type="button" onClick={onEdit}>
            {t('feed.edit')}
          </button>
          <button type="button" onClick={toggle} disabled={busy}>
            {feed.paused ? t('feed.resume') : t('feed.pause')}
          </button>
          <button type="button" onClick={onClear}>
            {t('history.clear')}
          </button>
          <button type="button" className="danger" onClick={onRemove}>
            {t('feed.remove')}
          </button>
        </div>
      </div>
      <dl className="facts">
        {fact(t('health.state'), describeState(status, t), 'state')}
        {fact(t('health.since'), when(status.since), 'since')}
        {fact(t('health.lastEvent'), when(status.lastEventAt), 'last-event')}
        {status.state === 'backoff' &&
          status.nextRetryAt !== null &&
          fact(t('health.nextRetry'), describeCountdown(status.nextRetryAt, now, t), 'next-retry')}
        {fact(t('health.reconnects'), formatCount(status.counters.reconnects, lang), 'reconnects')}
        {fact(t('health.events'), formatCount(status.counters.events, lang), 'events')}
        {fact(t('health.bytes'), formatBytes(status.counters.bytes, lang), 'bytes')}
        {fact(t('health.dropped'), formatCount(status.counters.dropped, lang), 'dropped')}
      </dl>
      {status.state === 'stopped' && (
        <p className="notice warn" role="status">
          {describeStop(status.stopReason, t)} {t('health.resumeHint')}
        </p>
      )}
      {status.lastError !== null && (
        <p className="notice" data-fact="last-error">
          <strong>{t('health.lastError')}:</strong> {describeError(status.lastError, t)}{' '}
          <span className="muted">
            ({formatDateTime(status.lastError.at, lang)} · {status.lastError.message})
          </span>
        </p>
      )}
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
