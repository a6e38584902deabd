/**
 * The built app holds together: main's computed paths point at files the build wrote, the preload
 * is CommonJS, the page loads only its own relative assets under the CSP of csp.ts, and the window
 * is created with the hardened options. Runs against out/ — `npm run build` first; skips (saying
 * so) when out/ is missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join, resolve } from 'node:path'
import { Script } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createHistoryWriter } from '../core/history/writer.ts'
import { TRAY_ICONS } from '../core/tray/icons.ts'
import { APP_PAGE_URL, createAppProtocolHandler } from './app-protocol.ts'
import { CSP } from './csp.ts'
import { OVERLAY_BADGES } from './overlay-badge.ts'
import { appPaths } from './paths.ts'
import { windowOptions } from './window-options.ts'

const root = resolve(import.meta.dirname, '..', '..')
const out = join(root, 'out')
const built = existsSync(join(out, 'main', 'index.js'))
if (!built) console.warn(`build coherence: skipped — ${out} has no build; run \`npm run build\` first`)

describe.skipIf(!built)('the build in out/', () => {
  const paths = appPaths({ mainDir: join(out, 'main'), isPackaged: false, appPath: root, resourcesPath: join(root, 'no-resources') })

  it("main's preload path is the CommonJS preload the build wrote", () => {
    expect(paths.preload).toBe(join(out, 'preload', 'index.cjs'))
    expect(existsSync(paths.preload)).toBe(true)
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }
    expect(resolve(root, pkg.main)).toBe(join(out, 'main', 'index.js'))
  })

  it('the history writer thread main and the CLI start is the built file, and it stores', async () => {
    const script = new URL('./history-writer.js', pathToFileURL(join(out, 'main') + '/'))
    expect(existsSync(fileURLToPath(script))).toBe(true)
    for (const entry of ['index.js', 'cli.js']) expect(readFileSync(join(out, 'main', entry), 'utf8')).toContain('history-writer.js')
    const dir = mkdtempSync(join(tmpdir(), 'tidings-built-writer-'))
    const writer = createHistoryWriter({ path: join(dir, 'history.db'), script })
    try {
      const stored = await writer.append('f', 1, [{ feedId: 'f', id: '1', newId: true, type: 'message', data: 'built', receivedAt: 1 }], { lastEventId: '1', since: '' })
      expect(stored.map((e) => e.data)).toEqual(['built'])
    } finally {
      await writer.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the preload is CommonJS: compiles as a script, requires electron, has no import/export', () => {
    const source = readFileSync(paths.preload, 'utf8')
    // A CommonJS module compiles inside Node's function wrapper; an ES module does not.
    expect(() => new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`)).not.toThrow()
    expect(source).toMatch(/require\(["']electron["']\)/)
    expect(source).not.toMatch(/^\s*(import|export)\s/m)
    expect(source).toContain('exposeInMainWorld')
  })

  it('the page loads only relative ./assets/ files and carries the CSP of csp.ts', async () => {
    expect(paths.rendererUrl).toBe(APP_PAGE_URL)
    const html = readFileSync(paths.rendererFile, 'utf8')
    const refs = [...html.matchAll(/\s(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      expect(ref).toMatch(/^\.\/assets\/[\w.-]+$/)
      expect(existsSync(join(out, 'renderer', ref))).toBe(true)
    }
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1])
    expect(metas).toEqual([CSP])
    // What the window really gets: the app:// protocol serving out/renderer, with the CSP header.
    const serve = createAppProtocolHandler(paths.rendererDir, CSP)
    const page = await serve(new Request(paths.rendererUrl))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(CSP)
    for (const ref of refs) expect((await serve(new Request(new URL(ref, paths.rendererUrl)))).status, ref).toBe(200)
  })

  it('every tray and overlay image main can ask for is where main looks', () => {
    for (const stem of [...TRAY_ICONS, ...OVERLAY_BADGES.map((b) => b.stem)]) {
      expect(existsSync(join(paths.trayDir, `${stem}.png`)), stem).toBe(true)
      expect(existsSync(join(paths.trayDir, `${stem}@2x.png`)), stem).toBe(true)
    }
  })
})

describe('the window options', () => {
  it('are hardened', () => {
    const options = windowOptions('/app/out/preload/index.cjs')
    expect(options.show).toBe(false)
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
    expect(options.webPreferences).not.toHaveProperty('additionalArguments')
  })

  it('paths: packaged tray images come from resources, the dev server only unpackaged', () => {
    const packaged = appPaths({ mainDir: '/r/app.asar/out/main', isPackaged: true, appPath: '/r/app.asar', resourcesPath: '/r', devServerUrl: 'http://localhost:5173' })
    expect(packaged.trayDir).toBe(join('/r', 'tray'))
    expect(packaged.rendererUrl).toBe(APP_PAGE_URL)
    const dev = appPaths({ mainDir: '/p/out/main', isPackaged: false, appPath: '/p', resourcesPath: '/e', devServerUrl: 'http://localhost:5173' })
    expect(dev.rendererUrl).toBe('http://localhost:5173')
    expect(dev.trayDir).toBe(join('/p', 'build', 'tray'))
  })
})
