/**
 * Which IPC senders main answers: only the top frame of a window main created, showing our own
 * renderer (the bundled index.html, or the dev server in development). Anything else — an iframe, a
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
  /** Where our renderer lives: a file: URL of out/renderer/index.html, or the dev server's URL. */
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

/** Builds the predicate `registerIpc` applies to every call. */
export function createSenderCheck(options: SenderCheckOptions): (facts: SenderFacts) => boolean {
  const expected = parse(options.rendererUrl)
  if (!expected || (expected.protocol !== 'file:' && expected.protocol !== 'http:' && expected.protocol !== 'https:')) {
    throw new Error(`renderer URL must be a file: or http(s) URL, got ${options.rendererUrl}`)
  }
  return (facts) => {
    if (!facts.isMainFrame || !options.ownsWebContents(facts.webContentsId)) return false
    const actual = facts.frameUrl === null ? null : parse(facts.frameUrl)
    if (!actual) return false
    // A file: URL's origin is opaque ("null"), so files compare by path; a dev server by origin.
    return expected.protocol === 'file:' ? sameFile(actual, expected) : actual.origin === expected.origin
  }
}
