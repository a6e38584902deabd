/**
 * The application menu: the platform's usual Edit/Window menus (copy and paste in text fields need
 * them on macOS) plus Tidings' own commands, whose accelerators reach the window as 'app:command'.
 */
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { Pushes } from '../../preload/contract.ts'
import { appMenuWords, type AppMenuWords } from '../core/menu-words.ts'

type Command = Parameters<Pushes['app:command']>[0]

export interface AppMenuActions {
  command(command: Command): void
  /** Close = hide to the tray. */
  hideWindow(): void
  quit(): void
}

/** The menu template; `isMac` picks the macOS app menu, `devTools` adds the developer tools item. */
export function appMenuTemplate(actions: AppMenuActions, isMac: boolean, devTools: boolean, words: AppMenuWords = appMenuWords('en')): MenuItemConstructorOptions[] {
  const commands: MenuItemConstructorOptions[] = [
    { label: words.newFeed, accelerator: 'CmdOrCtrl+N', click: () => actions.command('new-feed') },
    { label: words.search, accelerator: 'CmdOrCtrl+F', click: () => actions.command('search') },
    { label: words.settings, accelerator: 'CmdOrCtrl+,', click: () => actions.command('settings') },
    { type: 'separator' },
    { label: words.closeWindow, accelerator: 'CmdOrCtrl+W', click: () => actions.hideWindow() },
    { label: words.quit, accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
  ]
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { label: isMac ? words.file : `&${words.file}`, submenu: commands },
    { role: 'editMenu' },
    { label: isMac ? words.view : `&${words.view}`, submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, ...(devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : [])] },
    { role: 'windowMenu' },
  ]
}

/** Installs the application menu. */
export function installAppMenu(actions: AppMenuActions, isMac: boolean, devTools: boolean, words?: AppMenuWords): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions, isMac, devTools, words)))
}
