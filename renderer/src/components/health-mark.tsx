/**
 * A feed's health at a glance: a coloured dot (never the only signal: it carries a label) and,
 * when the feed is not simply open, a short line saying what is going on, with a live countdown
 * to the next retry.
 */
import type { FeedStatusDto } from '../../../preload/contract.ts'
import { describeCountdown, describeStop, describeState } from '../format/describe.ts'
import { useT } from '../i18n/translate.ts'

/** The dot; `decorative` when the same words are said next to it (the sidebar row). */
export function HealthDot({ status, decorative = false }: { status: FeedStatusDto; decorative?: boolean }) {
  const { t } = useT()
  return decorative ? (
    <span className={`dot dot-${status.state}`} aria-hidden="true" />
  ) : (
    <span className={`dot dot-${status.state}`} role="img" aria-label={describeState(status, t)} />
  )
}

/** The words under a feed's name: '' when open. `now` ticks while a retry is pending. */
export function healthLine(status: FeedStatusDto, now: number, t: ReturnType<typeof useT>['t']): string {
  switch (status.state) {
    case 'open':
      return ''
    case 'connecting':
      return t('state.connecting')
    case 'paused':
      return t('state.paused')
    case 'backoff':
      return status.nextRetryAt === null
        ? t('state.backoff')
        : t('health.retryingIn', { when: describeCountdown(status.nextRetryAt, now, t) })
    case 'stopped':
      return describeStop(status.stopReason, t)
  }
}
