/**
 * A feed's secret behind an OS keychain that is locked or slow at login: the feed waits where the
 * user can see it and connects with its token once the keychain opens — never without it (that
 * would end in "sign-in rejected" with the token still stored). The keychain's cipher is the OS
 * port, stood in for by a reversible one whose lock the test controls; everything else is real.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSettings } from '../cli/environment.ts'
import { openHistory } from './history/index.ts'
import { encryptedSecretStore } from './secrets.ts'
import { createTidings } from './service.ts'
import type { FeedStatus } from './types.ts'
import { waitFor } from '../test-support/wait.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A keychain stand-in: reversible cipher, locked until `unlock()`; `broken` = another user's key. */
function keychain() {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x33))
  const state = { locked: false, broken: false, decrypts: 0 }
  return {
    state,
    cipher: {
      available: async () => !state.locked,
      encrypt: async (s: string) => xor(Buffer.from(s, 'utf8')),
      decrypt: async (b: Buffer) => {
        state.decrypts += 1
        if (state.broken) throw new Error('the key is not this keychain’s')
        return xor(b).toString('utf8')
      },
    },
  }
}

async function setup(waitMs: number[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-secrets-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const requests: IncomingMessage[] = []
  const server = createServer((req, res) => {
    requests.push(req)
    if (req.headers.authorization !== 'Bearer s3cret') return void res.writeHead(401).end()
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('id: 1\ndata: hello\n\n')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()) }))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/events`
  const keys = keychain()
  const open = () => {
    const history = openHistory({ path: join(dataDir, 'history.db') })
    const service = createTidings({
      settings: openSettings(dataDir),
      secrets: encryptedSecretStore({ file: join(dataDir, 'secrets.enc.json'), ...keys.cipher, waitMs }),
      history,
      notifier: { show() {} },
      badge: { set() {} },
      info: { version: '0', platform: process.platform, locale: 'en' },
    })
    const statuses: FeedStatus[] = []
    service.on('feeds:status', (s) => statuses.push(s))
    const close = async () => {
      await service.stop()
      history.close()
    }
    return { service, history, statuses, close }
  }
  const start = async () => {
    const app = open()
    await app.service.start()
    return app
  }
  return { url, requests, keys, open: start }
}

describe('secrets behind the OS keychain', () => {
  it('waits for a locked keychain, shows it, then connects with the token', async () => {
    const t = await setup([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 2000])
    const first = await t.open()
    const feed = await first.service.handlers['feeds:add']({ url: t.url, paused: true, auth: { kind: 'bearer' }, secret: 's3cret' })
    await first.close()

    t.keys.state.locked = true // the next start happens before the user unlocked the keychain
    const app = await t.open()
    cleanups.push(app.close)
    await app.service.handlers['feeds:resume'](feed.id)
    await waitFor(() => app.statuses.find((s) => s.waitingFor === 'keychain'), 'the feed shows it waits for the keychain')
    expect(t.requests).toHaveLength(0) // never connected without its token
    expect((await app.service.handlers['feeds:list']())[0]!.status.waitingFor).toBe('keychain')

    t.keys.state.locked = false
    await waitFor(() => app.history.query({ feedId: feed.id, limit: 10 }).events.length === 1, 'the event, once the keychain opened')
    expect(t.requests.map((r) => r.headers.authorization)).toEqual(['Bearer s3cret'])
    expect(app.statuses.at(-1)).toMatchObject({ state: 'open' })
    expect(app.statuses.at(-1)!.waitingFor).toBeUndefined()
  })

  it('stops a feed whose secret can never be read, asking for it again, and never sends the request', async () => {
    const t = await setup([1, 1])
    const app = await t.open()
    cleanups.push(app.close)
    const feed = await app.service.handlers['feeds:add']({ url: t.url, paused: true, auth: { kind: 'bearer' }, secret: 's3cret' })
    t.keys.state.broken = true // e.g. the data folder was copied from another user
    await app.service.handlers['feeds:resume'](feed.id)
    const stopped = await waitFor(() => app.statuses.find((s) => s.state === 'stopped'), 'the feed stops')
    expect(stopped).toMatchObject({ stopReason: 'auth', lastError: { kind: 'auth', code: 'secret-unreadable' } })
    expect(t.requests).toHaveLength(0)

    // Entering the secret again (an edit) connects it.
    t.keys.state.broken = false
    await app.service.handlers['feeds:update'](feed.id, { url: t.url, secret: 's3cret' })
    await waitFor(() => app.history.query({ feedId: feed.id, limit: 10 }).events.length === 1, 'the event after the secret was entered again')
  })

  it('a pause while waiting cancels the wait: the feed does not connect later', async () => {
    const t = await setup([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 2000])
    const app = await t.open()
    cleanups.push(app.close)
    const feed = await app.service.handlers['feeds:add']({ url: t.url, paused: true, auth: { kind: 'bearer' }, secret: 's3cret' })
    t.keys.state.locked = true
    await app.service.handlers['feeds:resume'](feed.id)
    await waitFor(() => app.statuses.find((s) => s.waitingFor === 'keychain'), 'waiting for the keychain')
    await app.service.handlers['feeds:pause'](feed.id)
    const decrypts = t.keys.state.decrypts
    t.keys.state.locked = false
    await waitFor(() => t.keys.state.decrypts > decrypts, 'the cancelled wait reads the secret')
    await new Promise((resolve) => setImmediate(resolve)) // what the read resolves runs now
    expect((await app.service.handlers['feeds:list']())[0]!.status.state).toBe('paused')
    await app.service.handlers['feeds:resume'](feed.id)
    await waitFor(() => app.history.query({ feedId: feed.id, limit: 10 }).events.length === 1, 'connected once resumed')
    expect(t.requests).toHaveLength(1)
  })
})
