/**
 * Why a request never got a response, as data: the kind the window turns into a sentence (a
 * certificate problem is 'tls' — the user may need to trust a CA or fix a clock; anything else,
 * refused, DNS, reset, a proxy that said no, is 'network'), the system's or TLS library's code
 * (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `PROXY_AUTH_REQUIRED`…) and one line of English
 * technical detail. Node's own hints ("try running Node.js with --use-system-ca") are not for users
 * and are left out.
 */
import type { ErrorKind } from '../types.ts'
import { PROXY_AUTH_REQUIRED, PROXY_REFUSED } from './error-codes.ts'

const TLS_CODE = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_OSSL|HOSTNAME_MISMATCH)|CERT/


interface WithCause {
  message?: unknown
  code?: unknown
  cause?: unknown
}

/** The innermost cause that carries a code (undici wraps the socket's error in "fetch failed"). */
function rootCause(error: unknown): WithCause | null {
  let current: unknown = error
  let found: WithCause | null = null
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as WithCause
    if (typeof e.code === 'string') found = e
    current = e.cause
  }
  return found ?? (typeof error === 'object' && error !== null ? error : null)
}

/** A fetch failure as FeedError data (without `at`). */
export interface FetchFailure {
  kind: Extract<ErrorKind, 'tls' | 'network'>
  message: string
  code?: string
}

export function classifyFetchError(error: unknown): FetchFailure {
  const cause = rootCause(error)
  const raw = typeof cause?.message === 'string' && cause.message !== '' ? cause.message : String(error)
  const message = raw.replace(/;\s*if the root CA is installed locally.*$/is, '').trim()
  let code = typeof cause?.code === 'string' ? cause.code : ''
  // undici: "Proxy response (407) !== 200 when HTTP Tunneling", "Proxy Authentication Required (407)".
  const proxy = /^Proxy (?:response \((\d{3})\)|Authentication Required \((407)\))/.exec(message)
  if (proxy) code = (proxy[1] ?? proxy[2]) === '407' ? PROXY_AUTH_REQUIRED : PROXY_REFUSED
  const kind = TLS_CODE.test(code) ? 'tls' : 'network'
  return code === '' ? { kind, message } : { kind, message, code }
}
