/**
 * Numbers and times in the app's language: byte sizes, counts, clock times, dates that cannot be
 * misread ("2 Dec 2026", never "12/2/26"), relative times ("3 min ago") and short durations.
 * Formatters are cached per language because the history list formats a time for every visible row.
 */

const numberFormats = new Map<string, Intl.NumberFormat>()
const sizeFormats = new Map<string, Intl.NumberFormat>()
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const clockFormats = new Map<string, Intl.DateTimeFormat>()
const dayFormats = new Map<string, Intl.DateTimeFormat>()
const yearDayFormats = new Map<string, Intl.DateTimeFormat>()
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()

function cached<T>(map: Map<string, T>, lang: string, make: () => T): T {
  let value = map.get(lang)
  if (value === undefined) {
    value = make()
    map.set(lang, value)
  }
  return value
}

/** Chinese reads a 24-hour clock; other locales keep their own convention (en-GB 24 h, en-US 12 h). */
const hourCycle = (lang: string): { hourCycle?: 'h23' } => (lang.toLowerCase().startsWith('zh') ? { hourCycle: 'h23' } : {})

const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()

/** A full, unambiguous timestamp ("2 Dec 2026, 14:54:07" / "2026年12月2日 14:54:07"): tooltips, details. */
export function formatDateTime(ms: number, lang: string): string {
  return cached(dateTimeFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', ...hourCycle(lang) })).format(
    new Date(ms),
  )
}

/** A short moment: the clock time today ("14:54"), else the day and time ("2 Dec, 14:54"), with the year when not this year. */
export function formatMoment(ms: number, lang: string, now = Date.now()): string {
  const date = new Date(ms)
  const today = new Date(now)
  const clock = cached(clockFormats, lang, () => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', ...hourCycle(lang) }))
  if (sameDay(date, today)) return clock.format(date)
  const day =
    date.getFullYear() === today.getFullYear()
      ? cached(dayFormats, lang, () => new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', ...hourCycle(lang) }))
      : cached(yearDayFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }))
  return day.format(date)
}

/**
 * How long ago, for a history row: "now", "40 sec ago", "3 min ago", "2 hr ago" within a day, then
 * the date ("2 Dec"). The exact time goes in the row's tooltip.
 */
export function formatRelative(ms: number, lang: string, now = Date.now()): string {
  const seconds = Math.round((now - ms) / 1000)
  const rtf = cached(relativeFormats, lang, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' }))
  if (seconds < 10) return rtf.format(0, 'second')
  if (seconds < 60) return rtf.format(-seconds, 'second')
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute')
  if (seconds < 86_400) return rtf.format(-Math.floor(seconds / 3600), 'hour')
  const date = new Date(ms)
  const sameYear = date.getFullYear() === new Date(now).getFullYear()
  return sameYear
    ? cached(dayFormats, `${lang}|date`, () => new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' })).format(date)
    : cached(yearDayFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' })).format(date)
}

/** Kept for callers that show a row's time as a clock: same as formatMoment. */
export const formatTime = formatMoment

/** A count with the language's grouping (100,000 / 100,000). */
export function formatCount(n: number, lang: string): string {
  return cached(numberFormats, lang, () => new Intl.NumberFormat(lang)).format(n)
}

/** A byte size in B, KB, MB or GB (powers of 1024), at most one decimal. */
export function formatBytes(n: number, lang: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = n
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const format = cached(sizeFormats, lang, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }))
  return `${format.format(value)} ${units[unit] ?? 'B'}`
}
