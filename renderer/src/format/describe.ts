/**
 * A feed's status and errors in words, built from the core's data only (state, stop reason, error
 * kind, HTTP status, system/TLS code, next retry): a calm line for the sidebar, one sentence for the
 * health panel, one for a failed test. `FeedError.message` is English technical detail and is never
 * the sentence; the panel shows it only inside "Details".
 */
import type { FeedError, FeedStatusDto } from '../../../preload/contract.ts'
import type { StopReason } from '../../../main/core/types.ts'
import type { MessageKey, Translate } from '../i18n/translate.ts'

const TLS_CODE = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_OSSL|HOSTNAME_MISMATCH)|CERT/
const TLS_WORDS = /\b(cert|certificate|tls|ssl|self[- ]signed|handshake)/i

/** What kind of network failure a system/TLS code names; '' when none is known. */
function networkCause(error: FeedError): 'tls' | 'dns' | 'refused' | 'timeout' | 'reset' | '' {
  // The code is data (errno / TLS code). Feeds stored before the core reported codes carry the code
  // only inside the technical message: it is looked for there, never shown.
  const code = error.code ?? /\b(E[A-Z]{3,}|ERR_[A-Z_]+|[A-Z]+(?:_[A-Z]+){2,})\b/.exec(error.message)?.[1] ?? ''
  if (TLS_CODE.test(code) || (code === '' && TLS_WORDS.test(error.message))) return 'tls'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns'
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout'
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset'
  return ''
}

/** The TLS sentence fitting the code (expired, self-signed, wrong name, unknown issuer). */
function tlsKey(error: FeedError): MessageKey {
  const code = error.code ?? ''
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'errors.tlsExpired'
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') return 'errors.tlsSelfSigned'
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'errors.tlsName'
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' || code === 'UNABLE_TO_GET_ISSUER_CERT')
    return 'errors.tlsIssuer'
  return 'errors.tls'
}

/** One sentence for an error: the kind decides, the status and code fill in facts. */
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
      return t(tlsKey(error))
    case 'network': {
      const cause = networkCause(error)
      if (cause === 'tls') return t(tlsKey(error))
      if (cause === 'dns') return t('errors.dns')
      if (cause === 'refused') return t('errors.refused')
      if (cause === 'timeout') return t('errors.timeout')
      if (cause === 'reset') return t('errors.reset')
      return t('errors.network')
    }
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

/** A few calm words for the cause of a failure, for the sidebar line ("Sign-in rejected", "Offline"). */
export function shortCause(error: FeedError | null, t: Translate): string {
  if (error === null) return ''
  switch (error.kind) {
    case 'auth':
      return t('short.auth')
    case 'not-found':
      return t('short.notFound')
    case 'content-type':
      return t('short.contentType')
    case 'no-content':
      return t('short.noContent')
    case 'rate-limited':
      return t('short.busy')
    case 'http':
      return t('short.http', { status: error.status ?? '' })
    case 'tls':
      return t('short.tls')
    case 'network': {
      const cause = networkCause(error)
      if (cause === 'tls') return t('short.tls')
      if (cause === 'dns') return t('short.dns')
      if (cause === 'refused') return t('short.refused')
      return t('short.unreachable')
    }
    case 'stalled':
      return t('short.stalled')
    case 'ended':
      return t('short.ended')
    case 'storage':
      return t('short.storage')
    case 'invalid':
      return t('short.invalid')
    case 'oversize':
      return ''
  }
}

/** Why a feed stopped, in a few words (sidebar). */
export function describeStop(reason: StopReason | null, t: Translate): string {
  switch (reason) {
    case 'auth':
      return t('short.auth')
    case 'not-found':
      return t('short.notFound')
    case 'no-content':
      return t('short.noContent')
    case 'content-type':
      return t('short.contentType')
    case 'invalid':
      return t('short.invalid')
    case null:
      return t('state.stopped')
  }
}

/** The state word for a status (connected, connecting, retrying, stopped, paused). */
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

/**
 * "in 12 s", "in 2 min", "in 2 min 5 s" (under ten minutes), "in 12 min", "in 1 h 5 min" until
 * `at`; "now" once it has passed. Zero parts are left out ("in 2 min", never "in 2 min 0 s").
 */
export function describeCountdown(at: number, now: number, t: Translate): string {
  const total = Math.max(0, Math.ceil((at - now) / 1000))
  if (total === 0) return t('time.now')
  if (total < 60) return t('time.inSeconds', { seconds: total })
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  if (minutes >= 60) {
    const hours = Math.floor(minutes / 60)
    const rest = minutes % 60
    return rest === 0 ? t('time.inHours', { hours }) : t('time.inHoursMinutes', { hours, minutes: rest })
  }
  if (minutes >= 10 || seconds === 0) return t('time.inMinutes', { minutes: seconds === 0 ? minutes : Math.ceil(total / 60) })
  return t('time.inMinutesSeconds', { minutes, seconds })
}

/** A span of time: "45 s", "10 min", "2 h". */
export function describeDuration(ms: number, t: Translate): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 120) return t('time.seconds', { seconds })
  const minutes = Math.round(seconds / 60)
  if (minutes < 120) return t('time.minutes', { minutes })
  return t('time.hours', { hours: Math.round(minutes / 60) })
}

/** The calm line under a feed's name in the sidebar: '' when connected. */
export function feedLine(status: FeedStatusDto, now: number, t: Translate): string {
  switch (status.state) {
    case 'open':
      return ''
    case 'connecting':
      return t('state.connecting')
    case 'paused':
      return t('state.paused')
    case 'backoff': {
      const cause = shortCause(status.lastError, t)
      const when = status.nextRetryAt === null ? '' : describeCountdown(status.nextRetryAt, now, t)
      if (when === '') return cause === '' ? t('state.backoff') : t('line.causeRetrying', { cause })
      return cause === '' ? t('line.retryingIn', { when }) : t('line.causeRetryingIn', { cause, when })
    }
    case 'stopped':
      return status.stopReason !== null ? describeStop(status.stopReason, t) : shortCause(status.lastError, t) || t('state.stopped')
  }
}

/**
 * The panel's one sentence: what is going on and what happens next. The cause comes from the
 * last error (kind, status, code), the timing from the status.
 */
export function statusSentence(status: FeedStatusDto, now: number, t: Translate, clock: (ms: number) => string): string {
  switch (status.state) {
    case 'open':
      return t('sentence.open', { since: clock(status.since) })
    case 'connecting':
      return t('sentence.connecting')
    case 'paused':
      return t('sentence.paused')
    case 'backoff': {
      const cause = status.lastError === null ? t('errors.network') : describeError(status.lastError, t)
      return status.nextRetryAt === null
        ? t('sentence.retrying', { cause })
        : t('sentence.retryingIn', { cause, when: describeCountdown(status.nextRetryAt, now, t) })
    }
    case 'stopped': {
      const cause = status.lastError !== null ? describeError(status.lastError, t) : stopSentence(status.stopReason, t)
      return t('sentence.stopped', { cause })
    }
  }
}

/** The whole reason a feed stopped, when no error says more. */
function stopSentence(reason: StopReason | null, t: Translate): string {
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
      return ''
  }
}
