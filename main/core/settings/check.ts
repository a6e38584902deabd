/**
 * Reads the settings file before electron-store/conf touch it. Both rewrite the file when they
 * open it (defaults merged in, migrations applied), so a file they would misread must be refused
 * here, with words, while it is still exactly as the user left it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const SETTINGS_FILE = 'config.json'

/** Throws an Error naming the file and the problem; returns quietly for a usable or absent file. */
export function checkSettingsFile(dir: string): void {
  const file = join(dir, SETTINGS_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw new Error(`settings file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error })
  }
  const refuse = (why: string, cause?: unknown) =>
    new Error(`settings file ${file} ${why}; Tidings left it untouched — fix it or move it away`, cause === undefined ? undefined : { cause })
  if (text.trim() === '') return // conf treats an empty file as new
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw refuse(`is not valid JSON (${(error as Error).message})`, error)
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw refuse('does not hold an object')
  const { feeds, app } = doc as { feeds?: unknown; app?: unknown }
  if (feeds !== undefined && !Array.isArray(feeds)) throw refuse('has "feeds" that is not a list')
  if (app !== undefined && (typeof app !== 'object' || app === null || Array.isArray(app))) throw refuse('has "app" that is not an object')
}
