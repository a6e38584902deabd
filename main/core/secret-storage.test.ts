import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appSecretStore, rotatingKeychainStore, secretStorageFor } from './secret-storage.ts'
import { encryptedSecretStore, fileSecretStore } from './secrets.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

// A reversible cipher standing in for the OS keychain (the port's boundary), marking what it wrote.
const cipher = {
  available: async () => true,
  encrypt: async (plain: string) => Buffer.from(`enc:${plain}`),
  decrypt: async (data: Buffer) => data.toString().replace(/^enc:/, ''),
}

function stores() {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-secret-storage-'))
  dirs.push(dir)
  return {
    dir,
    keychain: encryptedSecretStore({ ...cipher, file: join(dir, 'secrets.enc.json'), waitMs: [] }),
    userFile: fileSecretStore(join(dir, 'secrets.json')),
  }
}

describe('where the app keeps secrets', () => {
  it('uses the keychain everywhere but on Linux without one (basic_text)', () => {
    expect(secretStorageFor('linux', 'basic_text')).toBe('user-file')
    for (const backend of ['gnome_libsecret', 'kwallet6', 'unknown']) expect(secretStorageFor('linux', backend)).toBe('keychain')
    expect(secretStorageFor('darwin', '')).toBe('keychain')
    expect(secretStorageFor('win32', 'basic_text')).toBe('keychain')
  })

  it('with a keychain: encrypted at rest, the CLI file still read', async () => {
    const { dir, keychain, userFile } = stores()
    await userFile.set('feed:cli', 'from-cli')
    const store = appSecretStore('keychain', { keychain, userFile })
    await store.set('feed:a', 'token-a')
    expect(readFileSync(join(dir, 'secrets.enc.json'), 'utf8')).not.toContain('token-a')
    expect(await store.get('feed:a')).toBe('token-a')
    expect(await store.get('feed:cli')).toBe('from-cli')
  })

  it('without one: the user-only file, as the CLI does; old encrypted secrets still read; delete removes both', async () => {
    const { dir, keychain, userFile } = stores()
    await keychain.set('feed:old', 'old-token')
    const store = appSecretStore('user-file', { keychain, userFile })
    await store.set('feed:new', 'new-token')
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ 'feed:new': 'new-token' })
    if (process.platform !== 'win32') expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600)
    expect(await store.get('feed:old')).toBe('old-token')
    expect(store.has('feed:old')).toBe(true)
    await store.delete('feed:old')
    expect(store.has('feed:old')).toBe(false)
  })
})

describe('key rotation', () => {
  it('re-encrypts a value with the current key when the keychain says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-secret-rotation-'))
    dirs.push(dir)
    const file = join(dir, 'secrets.enc.json')
    let key = 'k1'
    const store = rotatingKeychainStore({
      file,
      waitMs: [],
      available: async () => true,
      encrypt: async (plain) => Buffer.from(`${key}:${plain}`),
      decrypt: async (data) => {
        const [used, ...rest] = data.toString().split(':')
        return { result: rest.join(':'), shouldReEncrypt: used !== key }
      },
    })
    await store.set('feed:a', 'token')
    const stored = () => Buffer.from((JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)['feed:a']!, 'base64').toString()
    expect(stored()).toBe('k1:token')
    key = 'k2'
    expect(await store.get('feed:a')).toBe('token')
    expect(stored()).toBe('k2:token')
    expect(await store.get('feed:a')).toBe('token')
  })
})
