import { defineConfig } from 'vitest/config'

// Tests sit next to the code and hit real servers on 127.0.0.1, real SQLite files and, for the
// window, a real Chromium. Browser tests live under renderer/ and need `npm run build` first.
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.ts', 'build/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'out/**', '**/*.electron.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
