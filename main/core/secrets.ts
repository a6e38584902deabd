/**
 * Secret stores (bearer tokens, basic passwords), keyed by feed id. Never the settings file:
 * the app encrypts with the OS keychain (Electron safeStorage, passed in as functions); the CLI,
 * which has no keychain, keeps a JSON file only the user can read (mode 0600). The app also reads
 * the CLI's file as a fallback so a feed added with `tidings feeds add --bearer` works in both.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SecretStore } from './ports.ts'

function readJsonMap(file: string): Record<string, string> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch (error) {
    throw new Error(`secrets file ${file} is not valid JSON (${(error as Error).message}); Tidings left it untouched`, { cause: error })
  }
}

/** Atomic write (temp file + rename) readable by the owner only. */
function writeJsonMap(file: string, map: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(map, null, 2), { mode: 0o600 })
  chmodSync(temp, 0o600)
  renameSync(temp, file)
}

/** The CLI's store: plain JSON, mode 0600, in the data folder. */
export function fileSecretStore(file: string): SecretStore {
  return {
    get: (key) => readJsonMap(file)[key] ?? null,
    set(key, value) {
      writeJsonMap(file, { ...readJsonMap(file), [key]: value })
    },
    delete(key) {
      const map = readJsonMap(file)
      if (!(key in map)) return
      delete map[key]
      writeJsonMap(file, map)
    },
  }
}

export interface Cipher {
  available: () => boolean
  encrypt: (plain: string) => Buffer
  decrypt: (cipher: Buffer) => string
}

/** Encrypted at rest: each value is stored as base64 ciphertext from the OS keychain's cipher. */
export function encryptedSecretStore(options: Cipher & { file: string }): SecretStore {
  const { file, available, encrypt, decrypt } = options
  return {
    get(key) {
      const value = readJsonMap(file)[key]
      if (value === undefined || !available()) return null
      try {
        return decrypt(Buffer.from(value, 'base64'))
      } catch {
        return null // encrypted by another user/keychain: treat as absent, never crash
      }
    },
    set(key, value) {
      if (!available()) throw new Error('The system keychain is not available, so the secret cannot be stored encrypted.')
      writeJsonMap(file, { ...readJsonMap(file), [key]: encrypt(value).toString('base64') })
    },
    delete(key) {
      const map = readJsonMap(file)
      if (!(key in map)) return
      delete map[key]
      writeJsonMap(file, map)
    },
  }
}

/** Reads the primary store, then the fallback; writes go to the primary; deletes remove both. */
export function createLayeredSecrets(primary: SecretStore, fallback: SecretStore | null): SecretStore {
  return {
    get: (key) => primary.get(key) ?? fallback?.get(key) ?? null,
    set: (key, value) => primary.set(key, value),
    delete(key) {
      primary.delete(key)
      fallback?.delete(key)
    },
  }
}
