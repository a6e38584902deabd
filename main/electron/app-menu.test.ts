import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { appMenuTemplate } from './app-menu-template.ts'

const accelerators = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [...(item.accelerator ? [String(item.accelerator)] : []), ...(Array.isArray(item.submenu) ? accelerators(item.submenu) : [])])

const actions = { command() {}, openLogFolder() {} }

describe('the application menu', () => {
  it('binds each accelerator once: closing and quitting are roles, not our own items', () => {
    for (const isMac of [true, false]) {
      const template = appMenuTemplate(actions, { isMac, devTools: false })
      const own = accelerators(template)
      expect(new Set(own).size).toBe(own.length)
      expect(own).not.toContain('CmdOrCtrl+W')
      expect(own).not.toContain('CmdOrCtrl+Q')
      const file = template.find((i) => i.label?.includes('File'))!.submenu as MenuItemConstructorOptions[]
      // macOS: Quit is in the app menu (role appMenu); elsewhere the File menu has the role.
      expect(file.some((i) => i.role === 'quit')).toBe(!isMac)
      expect(template.some((i) => i.role === 'windowMenu')).toBe(true)
    }
  })

  it('offers the log folder always, updates only when the app checks for them', () => {
    const help = (t: MenuItemConstructorOptions[]) => (t.find((i) => i.role === 'help')!.submenu as MenuItemConstructorOptions[]).map((i) => i.label)
    expect(help(appMenuTemplate(actions, { isMac: false, devTools: true }))).toEqual(['Open Log Folder'])
    expect(help(appMenuTemplate({ ...actions, checkForUpdates() {} }, { isMac: false, devTools: false }))).toEqual(['Open Log Folder', 'Check for Updates…'])
  })
})
