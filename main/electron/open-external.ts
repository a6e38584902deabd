/**
 * The one way Tidings opens a link: in the user's browser, and only http(s). The core filters
 * links already; this is the last check before the OS handles the URL.
 */
import { shell } from 'electron'

/** Opens `url` in the browser when it is http(s); returns whether it did. */
export function openExternalHttp(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  // Reviewed: only http(s) URLs reach this line (checked just above); they open in the browser.
  const opening = shell.openExternal(parsed.href) // eng-disable OPEN_EXTERNAL_JS_CHECK
  opening.catch((error: unknown) => console.error(`tidings: could not open ${parsed.href}: ${String(error)}`))
  return true
}
