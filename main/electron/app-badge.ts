/**
 * The unread count outside the tray: the dock/launcher badge (macOS, Linux with a LauncherEntry
 * dock — it finds the app by `desktopName`) and the taskbar overlay icon (Windows), whose spoken
 * description comes in the user's language.
 */
import type { App, BrowserWindow } from 'electron'
import { overlayBadge } from './overlay-badge.ts'
import { iconImage } from './tray.ts'

export interface AppBadgeOptions {
  app: Pick<App, 'setBadgeCount'>
  window(): BrowserWindow | null
  iconDir: string
  platform: NodeJS.Platform
}

/** Returns the function that shows a count (and its description) on the platform's badge. */
export function createAppBadge(options: AppBadgeOptions): (unread: number, description: string) => void {
  const { app, iconDir, platform } = options
  return (unread, description) => {
    if (platform === 'win32') {
      const stem = overlayBadge(unread)
      options.window()?.setOverlayIcon(stem ? iconImage(iconDir, stem) : null, description)
    } else {
      app.setBadgeCount(unread)
    }
  }
}
