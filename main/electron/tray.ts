/**
 * The tray icon and its menu, drawn from the core's `TrayModel` (main/core/tray/): icon file,
 * tooltip, "Open", Do Not Disturb, Pause/Resume all, one disabled status line per feed, Quit.
 * It is created with its menu (Linux AppIndicator icons do nothing without one) and then redraws
 * only what `trayChanges` (main/core/app-state.ts) says changed — rebuilding a menu closes it.
 * On macOS the images are template images: the menu bar draws them in its own light/dark style.
 */
import { join } from 'node:path'
import { Menu, Tray, nativeImage } from 'electron'
import type { MenuItemConstructorOptions, NativeImage } from 'electron'
import type { TrayChanges } from '../core/app-state.ts'
import type { TrayModel } from '../core/tray/index.ts'

export interface TrayActions {
  open(): void
  setDoNotDisturb(on: boolean): void
  setAllPaused(paused: boolean): void
  quit(): void
}

export interface TrayView {
  render(changes: TrayChanges): void
  destroy(): void
}

/** Loads `<dir>/<stem>.png`; Electron picks `<stem>@2x.png` on HiDPI screens by itself. */
export function iconImage(dir: string, stem: string, template = false): NativeImage {
  const image = nativeImage.createFromPath(join(dir, `${stem}.png`))
  if (template) image.setTemplateImage(true)
  return image
}

/** The tray menu for a model. */
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

export interface TrayOptions {
  iconDir: string
  /** The first model: the tray appears with its icon, tooltip and menu at once. */
  initial: TrayModel
  template: boolean
  actions: TrayActions
  /** An image file is missing or unreadable (a broken package): told once per file, for the log. */
  onMissingImage: (file: string) => void
}

/** Creates the tray icon with its menu. */
export function createTray(options: TrayOptions): TrayView {
  const { iconDir, template, actions } = options
  const missing = new Set<string>()
  const image = (stem: string) => {
    const loaded = iconImage(iconDir, stem, template)
    if (loaded.isEmpty() && !missing.has(stem)) {
      missing.add(stem)
      options.onMissingImage(join(iconDir, `${stem}.png`))
    }
    return loaded
  }
  const tray = new Tray(image(options.initial.icon))
  const render = (changes: TrayChanges) => {
    if (changes.icon !== null) tray.setImage(image(changes.icon))
    if (changes.tooltip !== null) tray.setToolTip(changes.tooltip)
    if (changes.menu !== null) tray.setContextMenu(Menu.buildFromTemplate(trayMenu(changes.menu, actions)))
  }
  render({ icon: null, tooltip: options.initial.tooltip, menu: options.initial, unread: null })
  tray.on('click', () => actions.open())
  return { render, destroy: () => tray.destroy() }
}
