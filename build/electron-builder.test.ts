import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRODUCT_NAME } from '../main/core/data-dir.ts'
import { APP_ID } from '../main/electron/identity.ts'
import { appPaths } from '../main/electron/paths.ts'

const root = resolve(import.meta.dirname, '..')
const require = createRequire(join(root, 'package.json'))

interface BuilderConfig {
  appId?: string
  productName?: string
  asar?: boolean
  files?: { filter?: string[] }[]
  extraResources?: { from: string; to: string; filter?: string[] }[]
  directories?: { buildResources?: string }
}

// electron-builder's own loader and JSON-schema check (the first thing `npm run dist` does).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown }

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema and agrees with the app", async () => {
    const config = await getConfig(root, null, null)
    await validateConfiguration(config, new DebugLogger(false))
    expect(config.appId).toBe(APP_ID)
    expect(config.productName).toBe(PRODUCT_NAME)
    expect(config.asar).toBe(true)
    expect(config.directories?.buildResources).toBe('build')
    expect(config.files?.flatMap((f) => f.filter ?? [])).toEqual(['out/**', 'package.json'])
    // The packaged app finds its tray images where electron-builder copies them.
    const tray = config.extraResources?.find((r) => r.from === 'build/tray')
    expect(tray).toBeDefined()
    const packaged = appPaths({ mainDir: '/r/app.asar/out/main', isPackaged: true, appPath: '/r/app.asar', resourcesPath: '/r', devServerUrl: undefined })
    expect(packaged.trayDir).toBe(join('/r', tray!.to))
  })
})

describe('the packaged binary', () => {
  it('is hardened by fuses and updates from GitHub releases', async () => {
    const config = (await getConfig(root, null, null)) as BuilderConfig & { electronFuses?: Record<string, boolean>; publish?: { provider?: string }; linux?: { syncDesktopName?: boolean; executableName?: string } }
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    })
    expect(config.publish?.provider).toBe('github')
    // Linux: the window and the badge find the launcher through desktopName.
    const pkg = require('./package.json') as { desktopName?: string }
    expect(pkg.desktopName).toBe(`${config.linux?.executableName}.desktop`)
    expect(config.linux?.syncDesktopName).toBe(true)
  })
})
