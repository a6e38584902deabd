#!/usr/bin/env node
/**
 * `tidings` — the entry point. It only checks the Node version, then loads the command: the
 * command needs `node:sqlite` (Node 24, as in Electron 45), and a bundle that imported it before
 * the check would crash on an older Node instead of saying so in one line. Keep this file free of
 * static imports.
 */
const [major] = process.versions.node.split('.').map(Number)

/** Run as a program (also through npm's bin link, and on a Node without `import.meta.main`). */
async function isEntry(): Promise<boolean> {
  if (typeof import.meta.main === 'boolean') return import.meta.main
  const { realpathSync } = await import('node:fs')
  const { fileURLToPath } = await import('node:url')
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (await isEntry()) {
  if ((major ?? 0) < 24) {
    process.stderr.write(`tidings: needs Node 24 or newer (history uses node:sqlite); this is Node ${process.versions.node}\n`)
    process.exitCode = 2
  } else {
    const { runAsProgram } = await import('./program.ts')
    // Paths from here, the entry (out/main/cli.js when built): the command itself may be a chunk
    // in another folder. From source the writer thread is the .ts beside history (undefined).
    await runAsProgram(process.argv.slice(2), {
      packageJson: new URL('../../package.json', import.meta.url),
      writerScript: import.meta.url.endsWith('.ts') ? undefined : new URL('./history-writer.js', import.meta.url),
    })
  }
}
