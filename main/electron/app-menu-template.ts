/**
 * The application menu: the platform's usual Edit/Window menus (copy and paste in text fields need
 * them on macOS) plus Tidings' own commands, whose accelerators reach the window as 'app:command'.
 * Closing and quitting are Electron roles, so each accelerator is bound once: Cmd/Ctrl+W is the
 * Window menu's Close (the window hides to the tray), Cmd/Ctrl+Q the role Quit (the app menu's on
 * macOS, the File menu's elsewhere); both go through the app's graceful stop. Types only from
 * electron, so a Node test reads the template; app-menu.ts installs it.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { Pushes } from '../../preload/contract.ts'
import type { AppWords } from '../core/app-words.ts'
import { appWords } from '../core/app-words.ts'
import { appMenuWords, type AppMenuWords } from '../core/menu-words.ts'

type Command = Parameters<Pushes['app:command']>[0]

export interface AppMenuActions {
  command(command: Command): void
  openLogFolder(): void
  /** Absent when updates are off (development builds). */
  checkForUpdates?: () => void
}

export interface AppMenuOptions {
  isMac: boolean
  devTools: boolean
  words?: AppMenuWords
  shellWords?: AppWords['menu']
}

/** The menu template; `isMac` picks the macOS app menu, `devTools` adds the developer tools item. */
export function appMenuTemplate(actions: AppMenuActions, options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { isMac, devTools, words = appMenuWords('en'), shellWords = appWords('en').menu } = options
  const commands: MenuItemConstructorOptions[] = [
    { label: words.newFeed, accelerator: 'CmdOrCtrl+N', click: () => actions.command('new-feed') },
    { label: words.search, accelerator: 'CmdOrCtrl+F', click: () => actions.command('search') },
    { label: words.settings, accelerator: 'CmdOrCtrl+,', click: () => actions.command('settings') },
    ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: words.quit } as const]),
  ]
  const help: MenuItemConstructorOptions[] = [
    { label: shellWords.openLogFolder, click: () => actions.openLogFolder() },
    ...(actions.checkForUpdates ? [{ label: shellWords.checkForUpdates, click: () => actions.checkForUpdates?.() }] : []),
  ]
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { label: isMac ? words.file : `&${words.file}`, submenu: commands },
    { role: 'editMenu' },
    { label: isMac ? words.view : `&${words.view}`, submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, ...(devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : [])] },
    { role: 'windowMenu' },
    { role: 'help', label: isMac ? shellWords.help : `&${shellWords.help}`, submenu: help },
  ]
}
