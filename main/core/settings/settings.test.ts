import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSettings } from '../../cli/environment.ts'
import { applyFeedInput } from '../feeds/feed.ts'
import { createLayeredSecrets, encryptedSecretStore, fileSecretStore } from '../secrets.ts'
import { defaultDataDir } from '../data-dir.ts'
import { defaultAppSettings } from './schema.ts'
import { mergeAppSettings } from './store.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-settings-'))
  dirs.push(dir)
  return dir
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('settings file', () => {
  it('persists feeds and app settings in config.json', () => {
    const dir = tempDir()
    const store = openSettings(dir)
    const feed = applyFeedInput({ url: 'https://e.com/a' }, null, { now: 0, order: 0 })
    store.setFeeds([feed])
    store.setApp({ ...defaultAppSettings(), doNotDisturb: true })
    const again = openSettings(dir)
    expect(again.getFeeds()).toEqual([feed])
    expect(again.getApp().doNotDisturb).toBe(true)
    expect((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { feeds: { url: string }[] }).feeds[0]!.url).toBe('https://e.com/a')
  })

  it('reports a corrupt file and leaves it untouched', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'config.json'), '{"feeds": [ {"id": "a", ')
    expect(() => openSettings(dir)).toThrow(/settings file .*config\.json is not valid JSON.*left it untouched/)
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{"feeds": [ {"id": "a", ')
  })

  it('refuses a file whose feeds are not a list, without touching it', () => {
    const dir = tempDir()
    const text = '{"feeds":{"id":"y","url":"http://127.0.0.1:9/ok","name":"obj"}}'
    writeFileSync(join(dir, 'config.json'), text)
    expect(() => openSettings(dir)).toThrow(/has "feeds" that is not a list; Tidings left it untouched/)
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text)
  })

  it('keeps unusable feed entries in the file and says why', () => {
    const dir = tempDir()
    const good = applyFeedInput({ url: 'https://e.com/a' }, null, { now: 0, order: 0 })
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ feeds: [good, { id: 'bad', url: 'gopher://x' }] }))
    const store = openSettings(dir)
    expect(store.getFeeds().map((f) => f.id)).toEqual([good.id])
    expect(store.problems()).toEqual(['feed "bad": Only http and https feeds (or ws and wss for WebSocket feeds) are supported, not "gopher" (gopher://x).'])
    store.setFeeds([])
    expect((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { feeds: unknown[] }).feeds).toEqual([{ id: 'bad', url: 'gopher://x' }])
  })

  it('merges app settings and rejects nonsense values', () => {
    const merged = mergeAppSettings(defaultAppSettings(), { theme: 'neon' as never, quietHours: { enabled: true, start: '25:00', end: '06:30' } })
    expect(merged.theme).toBe('system')
    expect(merged.quietHours).toEqual({ enabled: true, start: '22:00', end: '06:30' })
  })
})

describe('secrets', () => {
  // A reversible stand-in for the OS keychain cipher (the port Electron's safeStorage fills).
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a))
  const cipher = {
    available: async () => true,
    encrypt: async (s: string) => xor(Buffer.from(s, 'utf8')),
    decrypt: async (b: Buffer) => xor(b).toString('utf8'),
  }

  it('keeps the CLI file readable by the owner only', async () => {
    const file = join(tempDir(), 'secrets.json')
    const store = fileSecretStore(file)
    await store.set('feed:a', 'tok')
    expect(store.has('feed:a')).toBe(true)
    expect(await store.get('feed:a')).toBe('tok')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    await store.delete('feed:a')
    expect(store.has('feed:a')).toBe(false)
    expect(await store.get('feed:a')).toBeNull()
  })

  it('encrypts at rest and layers over the CLI file', async () => {
    const dir = tempDir()
    const encrypted = encryptedSecretStore({ file: join(dir, 'secrets.enc.json'), ...cipher })
    const cli = fileSecretStore(join(dir, 'secrets.json'))
    await cli.set('feed:cli', 'from-cli')
    const layered = createLayeredSecrets(encrypted, cli)
    await layered.set('feed:app', 'from-app')
    expect(await layered.get('feed:app')).toBe('from-app')
    expect(await layered.get('feed:cli')).toBe('from-cli')
    expect(layered.has('feed:cli') && layered.has('feed:app') && !layered.has('feed:none')).toBe(true)
    expect(readFileSync(join(dir, 'secrets.enc.json'), 'utf8')).not.toContain('from-app')
    await layered.delete('feed:cli')
    expect(await layered.get('feed:cli')).toBeNull()
    const unavailable = encryptedSecretStore({ file: join(dir, 'x.json'), ...cipher, available: async () => false })
    await expect(unavailable.set('k', 'v')).rejects.toThrow(/keychain is not available/)
  })

  it('waits for a locked keychain instead of answering "no secret", and gives up on one that never opens', async () => {
    const dir = tempDir()
    const file = join(dir, 'secrets.enc.json')
    await encryptedSecretStore({ file, ...cipher }).set('feed:a', 'tok')
    let unlocked = false
    let tries = 0
    const locked = encryptedSecretStore({
      file,
      ...cipher,
      waitMs: [1, 1, 1, 1, 1, 1, 1, 1],
      available: async () => {
        tries += 1
        if (tries === 3) unlocked = true // the user logs in to the keychain meanwhile
        return unlocked
      },
    })
    expect(await locked.get('feed:a')).toBe('tok')
    expect(tries).toBe(3)
    const foreign = encryptedSecretStore({ file, ...cipher, waitMs: [1, 1], decrypt: async () => { throw new Error('wrong key') } })
    await expect(foreign.get('feed:a')).rejects.toThrow(/cannot be read.*wrong key/)
    expect(await foreign.get('feed:missing')).toBeNull() // nothing stored: no waiting at all
  })

  it('reports a corrupt secrets file without overwriting it', async () => {
    const file = join(tempDir(), 'secrets.json')
    writeFileSync(file, 'garbage')
    await expect(fileSecretStore(file).set('k', 'v')).rejects.toThrow(/not valid JSON.*untouched/)
    expect(readFileSync(file, 'utf8')).toBe('garbage')
  })
})

describe('data folder', () => {
  it('matches Electron userData for productName Tidings', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Tidings')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/ann')).toBe('/x/Tidings')
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Tidings')
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toMatch(/Roaming.Tidings$/)
    expect(defaultDataDir('linux', { TIDINGS_DATA_DIR: '/d' }, '/h')).toBe('/d')
  })
})
