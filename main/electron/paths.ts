/**
 * Where the built pieces are, from the main bundle's own folder (out/main/): the preload, the
 * renderer page and the tray images. No electron import, so the build test computes the same paths.
 */
import { join } from 'node:path'
import { APP_PAGE_URL } from './app-protocol.ts'

export interface AppPathsInput {
  /** The folder of the running main bundle (`import.meta.dirname` of out/main/index.js). */
  mainDir: string
  /** `app.isPackaged`. */
  isPackaged: boolean
  /** `app.getAppPath()`: the project root unpackaged, the asar when packaged. */
  appPath: string
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  resourcesPath: string
  /** ELECTRON_RENDERER_URL from `electron-vite dev`; ignored when packaged. */
  devServerUrl?: string | undefined
}

export interface AppPaths {
  preload: string
  /** The folder app:// serves (out/renderer). */
  rendererDir: string
  rendererFile: string
  /** What the window loads and the only page IPC trusts: the dev server, else app://tidings/index.html. */
  rendererUrl: string
  /** build/tray in the project, `<resources>/tray` when packaged (electron-builder.yml). */
  trayDir: string
}

export function appPaths(input: AppPathsInput): AppPaths {
  const rendererDir = join(input.mainDir, '..', 'renderer')
  const devServerUrl = input.isPackaged ? undefined : input.devServerUrl
  return {
    preload: join(input.mainDir, '..', 'preload', 'index.cjs'),
    rendererDir,
    rendererFile: join(rendererDir, 'index.html'),
    rendererUrl: devServerUrl || APP_PAGE_URL,
    trayDir: input.isPackaged ? join(input.resourcesPath, 'tray') : join(input.appPath, 'build', 'tray'),
  }
}
