/**
 * The unread count outside the tray: the dock/launcher badge (macOS, Linux with a LauncherEntry
 * dock) and the taskbar overlay icon (Windows). The count and its text come from the TrayModel.
 */
import type { App, BrowserWindow } from 'electron'
import type { TrayModel } from '../core/tray/index.ts'
import { overlayBadge } from './overlay-badge.ts'
import { iconImage } from './tray.ts'

export interface AppBadgeOptions {
  app: Pick<App, 'setBadgeCount'>
  window(): BrowserWindow | null
  iconDir: string
  platform: NodeJS.Platform
}

/** Returns the function that shows a model's count on the platform's badge. */
export function createAppBadge(options: AppBadgeOptions): (model: TrayModel) => void {
  const { app, iconDir, platform } = options
  return (model) => {
    if (platform === 'win32') {
      const win = options.window()
      const stem = overlayBadge(model.unread)
      win?.setOverlayIcon(stem ? iconImage(iconDir, stem) : null, model.badgeText ? `${model.badgeText} unread` : '')
    } else {
      app.setBadgeCount(model.unread)
    }
  }
}
