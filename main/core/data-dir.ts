/**
 * The data folder shared by the app and the CLI: the same path Electron's
 * `app.getPath('userData')` gives for productName "Tidings", so both use one set of feeds and one
 * history. `TIDINGS_DATA_DIR` overrides it (tests, portable setups).
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'Tidings'

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (env.TIDINGS_DATA_DIR) return env.TIDINGS_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME)
}
