/**
 * The tray icon and its menu, drawn from the core's `TrayModel` (main/core/tray/): icon file,
 * tooltip, "Open", Do Not Disturb, Pause/Resume all, one disabled status line per feed, Quit.
 * Every word and state comes from the model; this file only turns it into Electron calls.
 */
import { join } from 'node:path'
import { Menu, Tray, nativeImage } from 'electron'
import type { MenuItemConstructorOptions, NativeImage } from 'electron'
import { trayIcon, type TrayModel } from '../core/tray/index.ts'

export interface TrayActions {
  open(): void
  setDoNotDisturb(on: boolean): void
  setAllPaused(paused: boolean): void
  quit(): void
}

export interface TrayView {
  render(model: TrayModel): void
  destroy(): void
}

/** Loads `<dir>/<stem>.png`; Electron picks `<stem>@2x.png` on HiDPI screens by itself. */
export function iconImage(dir: string, stem: string): NativeImage {
  return nativeImage.createFromPath(join(dir, `${stem}.png`))
}

/** The tray menu for a model (exported for the Electron smoke test's probe). */
export function trayMenu(model: TrayModel, actions: TrayActions): MenuItemConstructorOptions[] {
  const feedLines: MenuItemConstructorOptions[] = model.feeds.map((feed) => ({ id: `feed:${feed.id}`, label: feed.label, enabled: false }))
  return [
    { id: 'open', label: model.menu.open, click: () => actions.open() },
    { type: 'separator' },
    { id: 'dnd', label: model.menu.doNotDisturb, type: 'checkbox', checked: model.doNotDisturb, click: (item) => actions.setDoNotDisturb(item.checked) },
    model.allPaused
      ? { id: 'resume-all', label: model.menu.resumeAll, click: () => actions.setAllPaused(false) }
      : { id: 'pause-all', label: model.menu.pauseAll, enabled: model.feeds.length > 0, click: () => actions.setAllPaused(true) },
    ...(feedLines.length > 0 ? [{ type: 'separator' } as const, ...feedLines] : []),
    { type: 'separator' },
    { id: 'quit', label: model.menu.quit, click: () => actions.quit() },
  ]
}

/** Creates the tray icon (idle until the first render). */
export function createTray(iconDir: string, actions: TrayActions): TrayView {
  let icon = trayIcon('idle', 0)
  const tray = new Tray(iconImage(iconDir, icon))
  tray.on('click', () => actions.open())
  return {
    render(model) {
      if (model.icon !== icon) tray.setImage(iconImage(iconDir, (icon = model.icon)))
      tray.setToolTip(model.tooltip)
      tray.setContextMenu(Menu.buildFromTemplate(trayMenu(model, actions)))
    },
    destroy: () => tray.destroy(),
  }
}
