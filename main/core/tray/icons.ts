/**
 * Tray icon variants, by file stem: `tray-<health>` plus `-dot` when there are unread events (the
 * count itself is shown elsewhere: dock/taskbar badge, tooltip). Twelve variants in all, listed in
 * `TRAY_ICONS` so a build check can verify every file exists. The Electron adapter adds only what
 * the platform needs to the stem (e.g. macOS `Template` images, `@2x`), never a decision.
 */
import type { Health } from './health.ts'

export const HEALTHS: readonly Health[] = ['idle', 'ok', 'retrying', 'waiting', 'stopped', 'offline']

/** 'tray-ok', 'tray-retrying-dot', … */
export function trayIcon(health: Health, unread: number): string {
  return `tray-${health}${unread >= 1 ? '-dot' : ''}`
}

/** Every icon stem `trayIcon` can return. */
export const TRAY_ICONS: readonly string[] = HEALTHS.flatMap((health) => [trayIcon(health, 0), trayIcon(health, 1)])
