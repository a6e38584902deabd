/**
 * Which IPC senders main answers: only the top frame of a window main created, showing our own
 * renderer (app://tidings/index.html, or the dev server in development). Anything else — an iframe, a
 * page navigated elsewhere, a webContents we did not make — is refused before validation.
 */
import { fileURLToPath } from 'node:url'

/** What main knows about the sender of one IPC message. */
export interface SenderFacts {
  /** The sending frame's URL; null when the frame is gone. */
  frameUrl: string | null
  /** Whether the sending frame is the top frame of its page. */
  isMainFrame: boolean
  /** The sending webContents' id. */
  webContentsId: number
}

export interface SenderCheckOptions {
  /** Where our renderer lives: app://tidings/index.html (or a file: URL), or the dev server's URL. */
  rendererUrl: string
  /** Whether this webContents id belongs to a window main created. */
  ownsWebContents(id: number): boolean
}

const parse = (url: string): URL | null => {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** Same file (file: URLs, compared as paths so %-encoding and hash/query don't matter). */
const sameFile = (a: URL, b: URL): boolean => {
  try {
    return a.protocol === 'file:' && b.protocol === 'file:' && a.host === b.host && fileURLToPath(a) === fileURLToPath(b)
  } catch {
    return false
  }
}

/** Same page of our own scheme (app:): scheme, host and path; query and hash do not matter. */
const samePage = (a: URL, b: URL): boolean => a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname

const WEB = new Set(['http:', 'https:'])

/** Builds the predicate `registerIpc` applies to every call. */
export function createSenderCheck(options: SenderCheckOptions): (facts: SenderFacts) => boolean {
  const expected = parse(options.rendererUrl)
  if (!expected || (expected.protocol !== 'file:' && expected.protocol !== 'app:' && !WEB.has(expected.protocol))) {
    throw new Error(`renderer URL must be an app:, file: or http(s) URL, got ${options.rendererUrl}`)
  }
  return (facts) => {
    if (!facts.isMainFrame || !options.ownsWebContents(facts.webContentsId)) return false
    const actual = facts.frameUrl === null ? null : parse(facts.frameUrl)
    if (!actual) return false
    // file: and app: origins are opaque to URL ("null"), so they compare by path; a dev server by origin.
    if (expected.protocol === 'file:') return sameFile(actual, expected)
    if (expected.protocol === 'app:') return samePage(actual, expected)
    return WEB.has(actual.protocol) && actual.origin === expected.origin
  }
}
