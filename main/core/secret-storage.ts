/**
 * Where the desktop app keeps tokens and passwords. With a real OS keychain (macOS Keychain,
 * Windows DPAPI, a Linux Secret Service or KWallet) they are encrypted with it. On Linux without
 * one, Electron falls back to `basic_text`: "encryption" with a key written in Chromium's source,
 * which protects nothing. Tidings says so plainly and does what the CLI does: keeps them in
 * `secrets.json` in the data folder, readable only by the user (mode 0600) — honest, and shared
 * with `tidings`. Secrets encrypted earlier stay readable; new ones go to the file.
 */
import type { SecretStore } from './ports.ts'
import { createLayeredSecrets, encryptedSecretStore, type Cipher } from './secrets.ts'

export type SecretStorage = 'keychain' | 'user-file'

/** The storage for an Electron safeStorage backend name ('' off Linux, where there is always a keychain). */
export function secretStorageFor(platform: NodeJS.Platform, backend: string): SecretStorage {
  return platform === 'linux' && backend === 'basic_text' ? 'user-file' : 'keychain'
}

/** The app's SecretStore for that storage: writes go to the chosen store, reads fall back to the other. */
export function appSecretStore(storage: SecretStorage, stores: { keychain: SecretStore; userFile: SecretStore }): SecretStore {
  return storage === 'keychain' ? createLayeredSecrets(stores.keychain, stores.userFile) : createLayeredSecrets(stores.userFile, stores.keychain)
}

/** What Electron's `decryptStringAsync` answers: the text, and whether the key has been rotated. */
export interface Decrypted {
  result: string
  shouldReEncrypt: boolean
}

/**
 * The keychain store over Electron's async safeStorage, following its key rotation: when a decrypt
 * says `shouldReEncrypt` (the keychain's key changed, or a stronger one is available), the value
 * just read is encrypted again with the current key and written back, so it stays readable.
 */
export function rotatingKeychainStore(options: Omit<Cipher, 'decrypt'> & { file: string; decrypt: (cipher: Buffer) => Promise<Decrypted>; waitMs?: readonly number[] }): SecretStore {
  let stale = false
  const store = encryptedSecretStore({
    ...options,
    decrypt: async (cipher) => {
      const { result, shouldReEncrypt } = await options.decrypt(cipher)
      stale ||= shouldReEncrypt
      return result
    },
  })
  return {
    ...store,
    async get(key) {
      const value = await store.get(key)
      if (value !== null && stale) {
        stale = false
        // Best effort: the value was read; a failed rewrite leaves it as it was (still readable).
        await store.set(key, value).catch(() => {})
      }
      return value
    },
  }
}
