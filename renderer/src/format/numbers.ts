/**
 * Numbers and times in the user's language: byte sizes, counts, clock times and short durations.
 * Formatters are cached per language because the history list formats a time for every visible row.
 */

const timeFormats = new Map<string, Intl.DateTimeFormat>()
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

function cached<T>(map: Map<string, T>, lang: string, make: () => T): T {
  let value = map.get(lang)
  if (value === undefined) {
    value = make()
    map.set(lang, value)
  }
  return value
}

/** A time for a row: the clock time for today, date and time for older events. */
export function formatTime(ms: number, lang: string, now = Date.now()): string {
  const date = new Date(ms)
  const today = new Date(now)
  const sameDay =
    date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate()
  const format = sameDay
    ? cached(timeFormats, lang, () => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }))
    : cached(dateTimeFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }))
  return format.format(date)
}

/** A full timestamp for the detail pane and the health panel. */
export function formatDateTime(ms: number, lang: string): string {
  return cached(dateTimeFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' })).format(
    new Date(ms),
  )
}

/** A count with the language's grouping (100,000 / 100,000). */
export function formatCount(n: number, lang: string): string {
  return cached(numberFormats, lang, () => new Intl.NumberFormat(lang)).format(n)
}

const sizeFormats = new Map<string, Intl.NumberFormat>()

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
