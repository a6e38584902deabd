import { defineConfig } from 'vitest/config'

// `npm run test:electron`: the Electron smoke tests (*.electron.test.ts), apart from `npm test`
// because they launch the real app from out/ (run `npm run build` first) and need an Electron
// binary and a display (xvfb-run on Linux CI). They skip, saying why, when either is missing.
// With TIDINGS_PACKAGED_APP=release they test the app packaged by `electron-builder --dir` instead.
// (`npm test` proves the built app without Electron: main/electron/built-app.test.ts.)
export default defineConfig({
  test: {
    include: ['main/**/*.electron.test.ts'],
    exclude: ['**/node_modules/**', 'out/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
