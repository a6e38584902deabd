/**
 * Secrets in the app, with Electron 45's async safeStorage: encrypted with the OS keychain in
 * `secrets.enc.json`, the CLI's user-only `secrets.json` read as a fallback. A read waits while the
 * keychain is locked or still starting (the core's encryptedSecretStore), so a feed never connects
 * without its token; a value Electron asks to re-encrypt (key rotation) is written back with the
 * current key. On Linux without a keychain (`basic_text`) the secrets go to `secrets.json`
 * instead (main/core/secret-storage.ts says why), and `keychainInfo` lets the window say so.
 * Call after 'ready': the backend is only known then.
 */
import { join } from 'node:path'
import { safeStorage } from 'electron'
import type { KeychainDto } from '../../preload/dto.ts'
import { CLI_SECRETS_FILE } from '../cli/environment.ts'
import type { SecretStore } from '../core/ports.ts'
import { appSecretStore, rotatingKeychainStore, secretStorageFor } from '../core/secret-storage.ts'
import { fileSecretStore } from '../core/secrets.ts'

/** Where the encrypted secrets live, in the user-data folder. */
export const ENCRYPTED_SECRETS_FILE = 'secrets.enc.json'

/** Where secrets go on this system (see KeychainDto). */
export function keychainInfo(): KeychainDto {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : ''
  return { storage: secretStorageFor(process.platform, backend), backend }
}

/** The app's SecretStore. */
export function openElectronSecrets(userData: string, info: KeychainDto = keychainInfo()): SecretStore {
  const encrypted = rotatingKeychainStore({
    file: join(userData, ENCRYPTED_SECRETS_FILE),
    available: () => safeStorage.isAsyncEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: (cipher) => safeStorage.decryptStringAsync(cipher),
  })
  return appSecretStore(info.storage, { keychain: encrypted, userFile: fileSecretStore(join(userData, CLI_SECRETS_FILE)) })
}
