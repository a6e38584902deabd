/**
 * `registerIpc` on Electron's real ipcMain. Kept apart from register.ts so Node tests import the
 * routing without loading electron.
 */
import { ipcMain } from 'electron'
import { registerIpc, type RegisterIpcOptions } from './register.ts'

/** Registers every invoke route on ipcMain; returns the function that removes them. */
export function registerElectronIpc(options: Omit<RegisterIpcOptions, 'ipcMain'>): () => void {
  return registerIpc({ ...options, ipcMain })
}
