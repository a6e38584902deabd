/**
 * Updates from GitHub releases (electron-updater, the `publish` block of electron-builder.yml), so
 * installed copies receive Electron's security fixes: checked once at start and from Help → Check
 * for Updates; downloaded in the background and installed on the next quit, or at once when the
 * user says Restart. Only the installed app checks: `createUpdater` is called when `app.isPackaged`
 * (never in development), and loads electron-updater only then.
 */
import { dialog } from 'electron'
import type { AppWords } from '../core/app-words.ts'
import type { Logger } from '../core/log.ts'

export interface Updater {
  /** `interactive`: the user asked, so "up to date" and failures are said in a dialog too. */
  check(interactive: boolean): Promise<void>
}

export interface UpdaterOptions {
  log: Logger
  words: () => AppWords['updates']
}

/** Loads electron-updater and wires it; call only in the packaged app. */
export async function createUpdater(options: UpdaterOptions): Promise<Updater> {
  const { log, words } = options
  const autoUpdater = (await import('electron-updater')).default.autoUpdater
  autoUpdater.logger = log
  autoUpdater.autoDownload = true
  autoUpdater.autoInstallOnAppQuit = true
  autoUpdater.on('update-downloaded', (info) => {
    const w = words()
    dialog
      .showMessageBox({ type: 'info', message: w.downloaded(info.version), buttons: [w.restart, w.later], defaultId: 0, cancelId: 1 })
      .then(({ response }) => {
        if (response === 0) autoUpdater.quitAndInstall()
      })
      .catch((error: unknown) => log.error('update dialog failed', error))
  })
  return {
    async check(interactive) {
      try {
        const result = await autoUpdater.checkForUpdates()
        log.info('update check', { available: result?.isUpdateAvailable ?? false, version: result?.updateInfo.version })
        if (interactive && !result?.isUpdateAvailable) await dialog.showMessageBox({ type: 'info', message: words().upToDate })
      } catch (error) {
        log.warn('update check failed', error)
        if (interactive) await dialog.showMessageBox({ type: 'warning', message: words().failed })
      }
    },
  }
}
