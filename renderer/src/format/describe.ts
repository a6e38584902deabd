/**
 * Connection facts in words a user understands: what went wrong (FeedError kinds), why a feed
 * stopped, what state it is in. The technical message is kept as a second line for the curious.
 */
import type { FeedError, FeedStatusDto } from '../../../preload/contract.ts'
import type { StopReason } from '../../../main/core/types.ts'
import type { Translate } from '../i18n/translate.ts'

const TLS = /\b(cert|certificate|tls|ssl|self[- ]signed|handshake)/i
const DNS = /ENOTFOUND|EAI_AGAIN|getaddrinfo/i
const REFUSED = /ECONNREFUSED/i
const TIMEOUT = /ETIMEDOUT|timed? ?out/i

/** One sentence for an error (the kind decides; the status and message fill in facts). */
export function describeError(error: FeedError, t: Translate): string {
  const status = error.status ?? ''
  switch (error.kind) {
    case 'http':
      return t('errors.http', { status })
    case 'auth':
      return t('errors.auth', { status })
    case 'not-found':
      return t('errors.notFound', { status })
    case 'rate-limited':
      return t('errors.rateLimited', { status })
    case 'no-content':
      return t('errors.noContent')
    case 'content-type':
      return t('errors.contentType')
    case 'tls':
      return t('errors.tls')
    case 'network':
      if (TLS.test(error.message)) return t('errors.tls')
      if (DNS.test(error.message)) return t('errors.dns')
      if (REFUSED.test(error.message)) return t('errors.refused')
      if (TIMEOUT.test(error.message)) return t('errors.timeout')
      return t('errors.network')
    case 'stalled':
      return t('errors.stalled')
    case 'ended':
      return t('errors.ended')
    case 'oversize':
      return t('errors.oversize')
    case 'invalid':
      return t('errors.invalid')
    case 'storage':
      return t('errors.storage')
  }
}

/** Why a feed stopped, as the sidebar's tooltip and the health panel say it. */
export function describeStop(reason: StopReason | null, t: Translate): string {
  switch (reason) {
    case 'auth':
      return t('stop.auth')
    case 'not-found':
      return t('stop.notFound')
    case 'no-content':
      return t('stop.noContent')
    case 'content-type':
      return t('stop.contentType')
    case 'invalid':
      return t('stop.invalid')
    case null:
      return t('stop.unknown')
  }
}

/** The state word for a status (open, connecting, retrying, stopped, paused). */
export function describeState(status: FeedStatusDto, t: Translate): string {
  switch (status.state) {
    case 'open':
      return t('state.open')
    case 'connecting':
      return t('state.connecting')
    case 'backoff':
      return t('state.backoff')
    case 'stopped':
      return t('state.stopped')
    case 'paused':
      return t('state.paused')
  }
}

/** "in 12 s" / "in 3 min 5 s" until `at`; "now" once it has passed. */
export function describeCountdown(at: number, now: number, t: Translate): string {
  const total = Math.max(0, Math.ceil((at - now) / 1000))
  if (total === 0) return t('time.now')
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return minutes > 0 ? t('time.inMinutes', { minutes, seconds }) : t('time.inSeconds', { seconds })
}
