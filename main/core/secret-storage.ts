/**
 * Where the desktop app keeps tokens and passwords. With a real OS keychain (macOS Keychain,
 * Windows DPAPI, a Linux Secret Service or KWallet) they are encrypted with it. On Linux without
 * one, Electron falls back to `basic_text`: "encryption" with a key written in Chromium's source,
 * which protects nothing. Tidings says so plainly and does what the CLI does: keeps them in
 * `secrets.json` in the data folder, readable only by the user (mode 0600) — honest, and shared
 * with `tidings`. Secrets encrypted earlier stay readable; new ones go to the file.
 */
import type { SecretStore } from './ports.ts'
import { createLayeredSecrets } from './secrets.ts'

export type SecretStorage = 'keychain' | 'user-file'

/** The storage for an Electron safeStorage backend name ('' off Linux, where there is always a keychain). */
export function secretStorageFor(platform: NodeJS.Platform, backend: string): SecretStorage {
  return platform === 'linux' && backend === 'basic_text' ? 'user-file' : 'keychain'
}

/** The app's SecretStore for that storage: writes go to the chosen store, reads fall back to the other. */
export function appSecretStore(storage: SecretStorage, stores: { keychain: SecretStore; userFile: SecretStore }): SecretStore {
  return storage === 'keychain' ? createLayeredSecrets(stores.keychain, stores.userFile) : createLayeredSecrets(stores.userFile, stores.keychain)
}
