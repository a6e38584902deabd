/** Installs the application menu of app-menu-template.ts. */
import { Menu } from 'electron'
import { appMenuTemplate, type AppMenuActions, type AppMenuOptions } from './app-menu-template.ts'

export type { AppMenuActions, AppMenuOptions } from './app-menu-template.ts'

/** Installs (or replaces, after a language change) the application menu. */
export function installAppMenu(actions: AppMenuActions, options: AppMenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions, options)))
}
