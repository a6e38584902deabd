import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { CSP } from './main/electron/csp.ts'

/**
 * `npm run dev` only: Vite's dev server injects the styles as inline <style> elements, React's
 * refresh preamble as an inline module script, and talks to its HMR socket — all of which the app's
 * CSP forbids (an unstyled, dead window). This dev-only policy adds exactly that to the meta tag of
 * the served page; the build keeps the strict CSP of csp.ts
 * (the build test compares them).
 */
const devOnlyCsp = (): Plugin => ({
  name: 'tidings-dev-csp',
  apply: 'serve',
  transformIndexHtml(html) {
    const dev = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*")
    return html.replace(CSP, dev)
  },
})

// Root folders are the entries: main/ (plus the CLI), preload/ (CommonJS: sandboxed preloads cannot
// be ES modules), renderer/. Output in out/.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          cli: resolve(import.meta.dirname, 'main/cli/index.ts'),
          // The history writer's thread (main/core/history/writer.ts), loaded by path at run time.
          'history-writer': resolve(import.meta.dirname, 'main/core/history/writer-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react(), devOnlyCsp()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
})
