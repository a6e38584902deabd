/**
 * Launch at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux
 * (its text and place come from main/core/autostart.ts). Only the installed app registers itself:
 * unpackaged, `process.execPath` is the bare Electron binary, which would open Electron's default
 * app at every login — there it returns false and registers nothing.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname } from 'node:path'
import type { App } from 'electron'
import { linuxAutostartEntry, linuxAutostartPath } from '../core/autostart.ts'

/** Writes the login item; returns whether it did (false in development). */
export function setLaunchAtLogin(app: Pick<App, 'isPackaged' | 'setLoginItemSettings'>, open: boolean): boolean {
  if (!app.isPackaged) return false
  if (process.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: open })
    return true
  }
  const file = linuxAutostartPath(process.env, homedir())
  if (!open) {
    rmSync(file, { force: true })
    return true
  }
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, linuxAutostartEntry(process.env.APPIMAGE ?? process.execPath, []))
  return true
}
