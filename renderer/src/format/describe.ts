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

/**
 * The stream's own codes (main/core/stream/error-codes.ts) and the keychain's. Repeated as values
 * here: the window imports types only from the core.
 */
export const CODES = {
  proxyAuth: 'PROXY_AUTH_REQUIRED',
  proxyRefused: 'PROXY_REFUSED',
  noResponse: 'NO_RESPONSE',
  silent: 'SILENT',
  serverPause: 'SERVER_PAUSE',
  pauseIgnored: 'PAUSE_IGNORED',
  secretUnreadable: 'secret-unreadable',
  droppedBinary: 'DROPPED_BINARY',
  droppedNotAMessage: 'DROPPED_NOT_A_MESSAGE',
  droppedUnserialisable: 'DROPPED_UNSERIALISABLE',
  socketIoRefused: 'SOCKETIO_CONNECT_REFUSED',
  socketIoTimeout: 'SOCKETIO_TIMEOUT',
  socketIoServerDisconnect: 'SOCKETIO_IO_SERVER_DISCONNECT',
  socketIoTransportError: 'SOCKETIO_TRANSPORT_ERROR',
} as const

/** The close code of a WebSocket close (`WS_CLOSE_1011` → 1011); null for any other code. */
export function wsCloseCode(error: FeedError): number | null {
  const match = /^WS_CLOSE_(\d{4})$/.exec(error.code ?? '')
  return match === null ? null : Number(match[1])
}

/** Facts from the status that complete an error's sentence (the pause's end, the silence limit). */
export interface ErrorContext {
  nextRetryAt: number | null
  stallLimitMs: number
  /** The app's clock format ("14:05"). */
  clock: (ms: number) => string
}

/**
 * What kind of network failure a system/TLS code names; '' when none is known. The core fills
 * `code` for every failure it can name; without one the sentence stays general ("could not be
 * reached") — the English `message` is never parsed.
 */
function networkCause(error: FeedError): 'tls' | 'dns' | 'refused' | 'timeout' | 'reset' | 'proxy-auth' | 'proxy-refused' | '' {
  const code = error.code ?? ''
  if (code === CODES.proxyAuth) return 'proxy-auth'
  if (code === CODES.proxyRefused) return 'proxy-refused'
  if (TLS_CODE.test(code)) return 'tls'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns'
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === CODES.socketIoTimeout) return 'timeout'
  // WebSocket 1006: the connection dropped without a close frame.
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'WS_CLOSE_1006' || code === CODES.socketIoTransportError) return 'reset'
  return ''
}

/** The stored secret cannot be decrypted with this keychain: the user must enter it again. */
export function secretUnreadable(error: FeedError | null): boolean {
  return error?.kind === 'auth' && error.code === CODES.secretUnreadable
}

/** The server paused the feed (SSE `event: pause`) and the feed waits for its time. */
export function pausedByServer(status: FeedStatusDto): boolean {
  return status.state === 'backoff' && status.lastError?.kind === 'ended' && status.lastError.code === CODES.serverPause
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

/**
 * One sentence for an error: the kind decides, the code and status fill in facts; `context` (the
 * feed's status) adds the pause's end and the silence limit when known.
 */
export function describeError(error: FeedError, t: Translate, context?: ErrorContext): string {
  const status = error.status
  // Failures on other wires (a WebSocket close code, a Socket.IO refusal) carry no HTTP status.
  switch (error.kind) {
    case 'http':
      return status === undefined ? t('errors.network') : t('errors.http', { status })
    case 'auth':
      if (secretUnreadable(error)) return t('errors.secretUnreadable')
      if (error.code === CODES.socketIoRefused) return t('errors.socketIoRefused')
      return status === undefined ? t('stop.auth') : t('errors.auth', { status })
    case 'not-found':
      return status === undefined ? t('stop.notFound') : t('errors.notFound', { status })
    case 'rate-limited':
      return status === undefined ? t('errors.busy') : t('errors.rateLimited', { status })
    case 'no-content':
      return t('errors.noContent')
    case 'content-type':
      return t('errors.contentType')
    case 'tls':
      return t(tlsKey(error))
    case 'network': {
      const cause = networkCause(error)
      if (cause === 'proxy-auth') return t('errors.proxyAuth')
      if (cause === 'proxy-refused') return t('errors.proxyRefused')
      if (cause === 'tls') return t(tlsKey(error))
      if (cause === 'dns') return t('errors.dns')
      if (cause === 'refused') return t('errors.refused')
      if (cause === 'timeout') return t('errors.timeout')
      if (cause === 'reset') return t('errors.reset')
      return t('errors.network')
    }
    case 'stalled':
      if (error.code === CODES.noResponse) return t('errors.noResponse')
      if (error.code === CODES.silent && context !== undefined && context.stallLimitMs > 0) return t('errors.silent', { limit: describeDuration(context.stallLimitMs, t) })
      return t('errors.stalled')
    case 'ended': {
      if (error.code === CODES.serverPause) {
        return context?.nextRetryAt != null ? t('errors.serverPause', { time: context.clock(context.nextRetryAt) }) : t('errors.serverPauseNoTime')
      }
      if (error.code === CODES.socketIoServerDisconnect) return t('errors.serverDisconnected')
      const close = wsCloseCode(error)
      if (close === null) return t('errors.ended')
      if (close === 1001) return t('errors.wsGoingAway')
      if (close === 1011) return t('errors.wsServerError')
      if (close === 1012) return t('errors.wsRestart')
      return t('errors.wsClosed', { code: close })
    }
    case 'oversize':
      return t('errors.oversize')
    case 'invalid':
      if (error.code === CODES.pauseIgnored) return t('errors.pauseIgnored')
      if (error.code === CODES.droppedBinary) return t('errors.droppedBinary')
      if (error.code === CODES.droppedNotAMessage) return t('errors.droppedNotAMessage')
      if (error.code === CODES.droppedUnserialisable) return t('errors.droppedUnserialisable')
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
      return secretUnreadable(error) ? t('short.secretUnreadable') : t('short.auth')
    case 'not-found':
      return t('short.notFound')
    case 'content-type':
      return t('short.contentType')
    case 'no-content':
      return t('short.noContent')
    case 'rate-limited':
      return t('short.busy')
    case 'http':
      return error.status === undefined ? t('short.unreachable') : t('short.http', { status: error.status })
    case 'tls':
      return t('short.tls')
    case 'network': {
      const cause = networkCause(error)
      if (cause === 'proxy-auth') return t('short.proxyAuth')
      if (cause === 'proxy-refused') return t('short.proxyRefused')
      if (cause === 'tls') return t('short.tls')
      if (cause === 'dns') return t('short.dns')
      if (cause === 'refused') return t('short.refused')
      if (cause === 'timeout') return t('short.timeout')
      if (cause === 'reset') return t('short.reset')
      return t('short.unreachable')
    }
    case 'stalled':
      return error.code === CODES.noResponse ? t('short.noResponse') : t('short.stalled')
    case 'ended':
      if (error.code === CODES.serverPause) return t('short.serverPause')
      if (error.code === CODES.socketIoServerDisconnect) return t('short.serverDisconnected')
      return wsCloseCode(error) === null ? t('short.ended') : t('short.wsClosed')
    case 'storage':
      return t('short.storage')
    case 'invalid':
      if (error.code === CODES.pauseIgnored) return t('short.pauseIgnored')
      if (error.code?.startsWith('DROPPED_') === true) return t('short.dropped')
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

/**
 * The calm line under a feed's name in the sidebar: '' when connected. `clock` words the end of a
 * server's pause ("until 14:05"); without it the line counts down.
 */
export function feedLine(status: FeedStatusDto, now: number, t: Translate, clock?: (ms: number) => string): string {
  switch (status.state) {
    case 'open':
      return ''
    case 'connecting':
      return status.waitingFor === 'keychain' ? t('short.keychain') : t('state.connecting')
    case 'paused':
      return t('state.paused')
    case 'backoff': {
      if (pausedByServer(status) && status.nextRetryAt !== null && clock !== undefined) return t('line.serverPauseUntil', { time: clock(status.nextRetryAt) })
      const cause = shortCause(status.lastError, t)
      const when = status.nextRetryAt === null ? '' : describeCountdown(status.nextRetryAt, now, t)
      if (when === '') return cause === '' ? t('state.backoff') : t('line.causeRetrying', { cause })
      return cause === '' ? t('line.retryingIn', { when }) : t('line.causeRetryingIn', { cause, when })
    }
    case 'stopped':
      if (secretUnreadable(status.lastError)) return t('short.secretUnreadable')
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
      return status.waitingFor === 'keychain' ? t('sentence.keychain') : t('sentence.connecting')
    case 'paused':
      return t('sentence.paused')
    case 'backoff': {
      if (pausedByServer(status) && status.nextRetryAt !== null) {
        return t('sentence.serverPause', { time: clock(status.nextRetryAt), when: describeCountdown(status.nextRetryAt, now, t) })
      }
      const context: ErrorContext = { nextRetryAt: status.nextRetryAt, stallLimitMs: status.stallLimitMs, clock }
      const cause = status.lastError === null ? t('errors.network') : describeError(status.lastError, t, context)
      return status.nextRetryAt === null
        ? t('sentence.retrying', { cause })
        : t('sentence.retryingIn', { cause, when: describeCountdown(status.nextRetryAt, now, t) })
    }
    case 'stopped': {
      if (secretUnreadable(status.lastError)) return t('sentence.secretUnreadable')
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
