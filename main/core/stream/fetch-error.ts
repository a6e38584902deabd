/**
 * Why a request never got a response, in words, with the kind the window turns into a sentence:
 * a certificate problem is 'tls' (the user may need to trust a CA or fix a clock), anything else
 * ('connection refused', DNS, reset) is 'network'. Node's own hints ("try running Node.js with
 * --use-system-ca") are not for users and are left out.
 */
import type { ErrorKind } from '../types.ts'

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
  return found ?? (typeof error === 'object' && error !== null ? (error) : null)
}

export function classifyFetchError(error: unknown): { kind: Extract<ErrorKind, 'tls' | 'network'>; message: string } {
  const cause = rootCause(error)
  const code = typeof cause?.code === 'string' ? cause.code : ''
  const raw = typeof cause?.message === 'string' ? cause.message : String(error)
  const text = raw.replace(/;\s*if the root CA is installed locally.*$/is, '').trim()
  if (TLS_CODE.test(code)) return { kind: 'tls', message: `The server's certificate was not accepted (${code}): ${text}.` }
  return { kind: 'network', message: `Could not connect${code ? ` (${code})` : ''}: ${text}.` }
}
