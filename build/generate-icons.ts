/**
 * `npm run icons`: renders the SVG sources in build/ to the PNG, ICO and ICNS files the app and
 * electron-builder use, with a real Chromium (playwright-core), transparent background. The outputs
 * are committed; run this again after changing an SVG. Chromium: TIDINGS_CHROMIUM or /usr/bin/chromium.
 *
 *   build/icon.svg            → build/icon.png (1024), build/icons/NxN.png, build/icon.ico, build/icon.icns
 *   build/tray/tray-*.svg     → build/tray/<stem>.png (16 px) + <stem>@2x.png (32 px), every TRAY_ICONS stem
 *   build/tray/badge.svg      → build/tray/badge-1..9, badge-9plus (+ @2x): the Windows overlay count
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { HEALTHS, trayIcon } from '../main/core/tray/icons.ts'
import { OVERLAY_BADGES } from '../main/electron/overlay-badge.ts'
import { ico, icns, pngInfo } from './icon-containers.ts'

const here = import.meta.dirname
const trayDir = join(here, 'tray')
const read = (file: string) => readFileSync(join(here, file), 'utf8')

/** Flags for a quiet, offline, throwaway Chromium. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** One or more SVGs stacked on one square canvas. */
const page = (layers: string[]) =>
  `<!doctype html><html><head><style>html,body{margin:0;background:transparent}` +
  `svg{position:absolute;inset:0;width:100vw;height:100vh;display:block}</style></head><body>${layers.join('')}</body></html>`

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.TIDINGS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
  try {
    const tab = await browser.newPage({ deviceScaleFactor: 1 })
    const render = async (layers: string[], size: number): Promise<Buffer> => {
      await tab.setViewportSize({ width: size, height: size })
      await tab.setContent(page(layers))
      const png = await tab.screenshot({ omitBackground: true, type: 'png' })
      const info = pngInfo(png)
      if (info.width !== size || info.height !== size) throw new Error(`rendered ${info.width}x${info.height}, wanted ${size}`)
      return png
    }
    const write = (file: string, data: Buffer) => {
      writeFileSync(join(here, file), data)
      console.log(`wrote build/${file}`)
    }

    // The application icon, at every size the three platforms ask for.
    const app = read('icon.svg')
    const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
    const bySize = new Map<number, Buffer>()
    for (const size of sizes) bySize.set(size, await render([app], size))
    mkdirSync(join(here, 'icons'), { recursive: true })
    for (const size of sizes) write(`icons/${size}x${size}.png`, bySize.get(size)!)
    write('icon.png', bySize.get(1024)!)
    write('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((s) => bySize.get(s)!)))
    write('icon.icns', icns(bySize))

    // Tray glyphs: one per health, with and without the unread dot.
    const dot = read('tray/unread-dot.svg')
    for (const health of HEALTHS) {
      const glyph = read(`tray/tray-${health}.svg`)
      for (const unread of [0, 1]) {
        const layers = unread ? [glyph, dot] : [glyph]
        const stem = trayIcon(health, unread)
        write(`tray/${stem}.png`, await render(layers, 16))
        write(`tray/${stem}@2x.png`, await render(layers, 32))
      }
    }

    // Overlay count badges.
    const badge = read('tray/badge.svg')
    for (const { stem, label } of OVERLAY_BADGES) {
      const svg = badge.replaceAll('{{label}}', label).replaceAll('{{size}}', label.length > 1 ? '17' : '22')
      write(`tray/${stem}.png`, await render([svg], 16))
      write(`tray/${stem}@2x.png`, await render([svg], 32))
    }
  } finally {
    await browser.close()
  }
  console.log(`tray/overlay images in ${trayDir}`)
}

await main()
