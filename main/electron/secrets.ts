/**
 * Secrets in the app: encrypted with the OS keychain (safeStorage), in the user-data folder. The
 * CLI's plain user-only file is read as a fallback, so a token first entered in the CLI still works
 * (and is removed from both on delete).
 */
import { join } from 'node:path'
import { safeStorage } from 'electron'
import { CLI_SECRETS_FILE } from '../cli/environment.ts'
import type { SecretStore } from '../core/ports.ts'
import { createLayeredSecrets, encryptedSecretStore, fileSecretStore } from '../core/secrets.ts'

/** Where the encrypted secrets live, in the user-data folder. */
export const ENCRYPTED_SECRETS_FILE = 'secrets.enc.json'

/** The app's SecretStore; call after 'ready' (safeStorage needs it on Linux). */
export function openElectronSecrets(userData: string): SecretStore {
  const encrypted = encryptedSecretStore({
    file: join(userData, ENCRYPTED_SECRETS_FILE),
    available: () => safeStorage.isAsyncEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (cipher) => (await safeStorage.decryptStringAsync(cipher)).result,
  })
  return createLayeredSecrets(encrypted, fileSecretStore(join(userData, CLI_SECRETS_FILE)))
}
