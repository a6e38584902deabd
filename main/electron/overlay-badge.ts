/**
 * The count overlay on the Windows taskbar button: a 16 px image can show one digit, so counts above
 * nine share the "9+" image. Pure (no electron import) so the icon generator and a Node test use it.
 */

/** Every overlay image stem, as generated into build/tray/ by `npm run icons`. */
export const OVERLAY_BADGES: readonly { stem: string; label: string }[] = [
  ...Array.from({ length: 9 }, (_, i) => ({ stem: `badge-${i + 1}`, label: String(i + 1) })),
  { stem: 'badge-9plus', label: '9+' },
]

/** The overlay image stem for an unread count; null means no overlay. */
export function overlayBadge(unread: number): string | null {
  if (!(unread >= 1)) return null
  return unread > 9 ? 'badge-9plus' : `badge-${Math.floor(unread)}`
}
