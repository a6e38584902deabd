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

/** The CLI's store: plain JSON, mode 0600, in the data folder. Answers at once. */
export function fileSecretStore(file: string): SecretStore {
  return {
    has: (key) => key in readJsonMap(file),
    get: async (key) => readJsonMap(file)[key] ?? null,
    async set(key, value) {
      writeJsonMap(file, { ...readJsonMap(file), [key]: value })
    },
    async delete(key) {
      const map = readJsonMap(file)
      if (!(key in map)) return
      delete map[key]
      writeJsonMap(file, map)
    },
  }
}

/** The OS keychain's cipher (Electron's async safeStorage in the app). */
export interface Cipher {
  /** Whether the keychain can encrypt and decrypt now (false while locked or still starting). */
  available: () => Promise<boolean>
  encrypt: (plain: string) => Promise<Buffer>
  decrypt: (cipher: Buffer) => Promise<string>
}

/** A stored secret that cannot be read, after waiting for the keychain: the user must enter it again. */
export class SecretUnreadableError extends Error {
  readonly kind = 'secret-unreadable'
}

/**
 * How long a read waits for a locked or slow keychain: at login the keychain often unlocks after
 * the app has started. About five minutes in all, then the secret counts as unreadable.
 */
export const KEYCHAIN_WAIT_MS: readonly number[] = [250, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000]

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Encrypted at rest: each value is stored as base64 ciphertext from the OS keychain's cipher. A read
 * waits (retrying after each of `waitMs`) while the keychain is unavailable or refuses to decrypt —
 * never answering "no secret" for a secret that exists, which would connect a feed without its token.
 */
export function encryptedSecretStore(options: Cipher & { file: string; waitMs?: readonly number[] }): SecretStore {
  const { file, available, encrypt, decrypt } = options
  const waitMs = options.waitMs ?? KEYCHAIN_WAIT_MS
  return {
    has: (key) => key in readJsonMap(file),
    async get(key) {
      for (let attempt = 0; ; attempt += 1) {
        const value = readJsonMap(file)[key]
        if (value === undefined) return null
        let failure: unknown
        try {
          if (await available()) return await decrypt(Buffer.from(value, 'base64'))
          failure = new Error('the system keychain is not available yet')
        } catch (error) {
          failure = error
        }
        if (attempt >= waitMs.length) {
          throw new SecretUnreadableError(`The stored secret cannot be read with this keychain (${(failure as Error).message}).`, { cause: failure })
        }
        await delay(waitMs[attempt]!)
      }
    },
    async set(key, value) {
      if (!(await available())) throw new Error('The system keychain is not available, so the secret cannot be stored encrypted.')
      const encrypted = await encrypt(value)
      writeJsonMap(file, { ...readJsonMap(file), [key]: encrypted.toString('base64') })
    },
    async delete(key) {
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
    has: (key) => primary.has(key) || (fallback?.has(key) ?? false),
    async get(key) {
      if (primary.has(key)) return primary.get(key)
      return (await fallback?.get(key)) ?? null
    },
    set: (key, value) => primary.set(key, value),
    async delete(key) {
      await primary.delete(key)
      await fallback?.delete(key)
    },
  }
}
