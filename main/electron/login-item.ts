/**
 * Launch at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux
 * (its text and place come from main/core/autostart.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname } from 'node:path'
import type { App } from 'electron'
import { linuxAutostartEntry, linuxAutostartPath } from '../core/autostart.ts'

export function setLaunchAtLogin(app: App, open: boolean): void {
  if (process.platform !== 'linux') return app.setLoginItemSettings({ openAtLogin: open })
  const file = linuxAutostartPath(process.env, homedir())
  if (!open) return rmSync(file, { force: true })
  const executable = process.env.APPIMAGE ?? process.execPath
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, linuxAutostartEntry(executable, app.isPackaged ? [] : [app.getAppPath()]))
}
