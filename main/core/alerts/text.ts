/**
 * Turning untrusted event text into what a toast may show: plain text (never HTML; nothing is
 * interpreted, nothing stripped but invisible troublemakers), bounded in length.
 */

/** Longest toast title, in code points (the OS truncates earlier anyway). */
export const TITLE_MAX = 120
/** Longest toast body, in code points. */
export const BODY_MAX = 300

// C0 controls except TAB/LF/CR (handled separately), DEL and C1 controls.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g
// Bidi embeddings, overrides and isolates: they can make a toast read differently from its text.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g
// Halves of a surrogate pair left alone (e.g. by cutting a string in the middle of an emoji).
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function removeInvisible(text: string): string {
  return text.replace(CONTROLS, '').replace(BIDI, '').replace(LONE_SURROGATES, '')
}

/** One line: every run of whitespace (line breaks included) becomes one space. */
function oneLine(text: string): string {
  return removeInvisible(text.replace(/[\s\u2028\u2029]+/g, ' ')).trim()
}

/** Several lines allowed: line breaks normalised to `\n`, at most one blank line in a row. */
function multiLine(text: string): string {
  const normalised = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/[\t\v\f]/g, ' ')
  return removeInvisible(normalised)
    .replace(/[ ]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * Clean `text` and cut it to `max` code points, ending in `…` when anything was cut. Huge inputs
 * (events may be megabytes) are pre-cut so the work stays proportional to `max`.
 */
function clip(text: string, max: number, clean: (text: string) => string): string {
  const window = max * 8
  const cut = text.length > window
  const cleaned = clean(cut ? text.slice(0, window) : text)
  const points = Array.from(cleaned)
  if (points.length > max) return `${points.slice(0, max - 1).join('').trimEnd()}…`
  return cut ? `${cleaned.trimEnd()}…` : cleaned
}

/** A toast title: one line, control characters removed, at most TITLE_MAX code points. */
export function titleText(text: string): string {
  return clip(text, TITLE_MAX, oneLine)
}

/** A toast body: line breaks kept, control characters removed, at most BODY_MAX code points. */
export function bodyText(text: string): string {
  return clip(text, BODY_MAX, multiLine)
}

/** A short label (tag, name fragment): one line, at most `max` code points. */
export function labelText(text: string, max: number): string {
  return clip(text, max, oneLine)
}
