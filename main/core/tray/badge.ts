/**
 * The unread count as a badge shows it: nothing for zero, the number up to 99, then "99+" so the
 * badge never grows wider than three characters.
 */

/** '' when 0 (or not a positive number), '1'..'99', '99+' beyond. Fractions round down. */
export function badgeText(unread: number): string {
  const n = Math.floor(unread)
  if (!(n >= 1)) return ''
  return n > 99 ? '99+' : String(n)
}
