/**
 * A replay gap in words: where the server could not resume from what Tidings asked (Mercure, a
 * gotify catch-up cut short), or — for feeds whose protocol cannot replay at all (a WebSocket,
 * Socket.IO) — the time while disconnected whose events may be missing.
 */
import type { ReplayGapDto } from '../../../preload/contract.ts'
import type { Translate } from '../i18n/translate.ts'
import { formatDateTime, formatMoment } from './numbers.ts'

/**
 * "The server could not replay events between … and …" for one gap; for a feed that cannot replay
 * at all (a WebSocket, Socket.IO: `missingSince`, or both ends '' in a gap an earlier release stored),
 * "events sent while disconnected, 14:02 – 14:05, may be missing".
 */
export function describeGap(gap: ReplayGapDto, t: Translate, lang: string): string {
  const at = formatDateTime(gap.at, lang)
  if (gap.missingSince !== undefined) return t('health.gapMissing', { from: formatDateTime(gap.missingSince, lang), to: formatMoment(gap.at, lang, gap.missingSince) })
  if (gap.requested === '' && gap.actual === '') return t('health.gapMissingAt', { at })
  return gap.actual === ''
    ? t('health.gapOpen', { at, requested: gap.requested || t('health.gapStart') })
    : t('health.gap', { at, requested: gap.requested || t('health.gapStart'), actual: gap.actual })
}
