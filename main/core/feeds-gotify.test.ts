/**
 * gotify feeds (`preset: 'gotify'`) through the full path — service, supervisor, SQLite history,
 * alerts — against a gotify-compatible server (`/stream`, paged `/message`): the client token as
 * `X-Gotify-Key`, toasts from gotify's fields, and across a server restart with messages posted
 * during the gap: nothing lost, nothing doubled, in order, the missed ones before live ones.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { coreTestScope, type CoreEnv } from '../test-support/core-env.ts'
import { startGotifyPeer, type GotifyPeer } from '../test-support/peers/gotify-peer.ts'
import { waitFor } from '../test-support/wait.ts'

const { cleanups, core, cleanUp } = coreTestScope()
afterEach(cleanUp)

async function gotify(options: Parameters<typeof startGotifyPeer>[0] = {}): Promise<GotifyPeer> {
  const peer = await startGotifyPeer(options)
  cleanups.push(() => peer.stop())
  return peer
}

const ids = (c: CoreEnv, feedId: string) => c.events(feedId).map((e) => Number(e.id))

describe('a gotify feed', () => {
  it('stores messages, toasts them from gotify\'s fields, and catches up across a server restart exactly once, in order, before live messages', async () => {
    const c = await core()
    let peer = await gotify({ messages: [] })
    peer.push({ message: 'before the feed existed' })
    const feed = await c.env.service.handlers['feeds:add']({ url: peer.streamUrl, preset: 'gotify', name: 'Home', auth: { kind: 'bearer' }, secret: peer.clientToken })
    await waitFor(async () => (await c.status(feed.id)).state === 'open', 'open')
    const upgrade = peer.requests.find((r) => r.method === 'UPGRADE')!
    expect(upgrade.headers['x-gotify-key']).toBe(peer.clientToken)
    expect(upgrade.headers.authorization).toBeUndefined()

    // A new feed starts from now: the old message is not stored.
    peer.push({ title: 'backup', message: 'done', priority: 8, extras: { 'client::notification': { click: { url: 'https://nas.example.test/1' } } } })
    peer.push({ message: 'second', priority: 2 })
    await waitFor(() => ids(c, feed.id).length === 2, () => `two messages, got ${JSON.stringify(ids(c, feed.id))}`)
    expect(ids(c, feed.id)).toEqual([2, 3])
    await waitFor(() => c.toasts.filter((t) => t.kind === 'event').length === 2, 'two toasts')
    expect(c.toasts[0]).toMatchObject({ title: 'backup', body: 'done', priority: 4, clickUrl: 'https://nas.example.test/1' })
    expect(c.toasts[1]).toMatchObject({ title: 'app', body: 'second', priority: 2 })

    // The server goes down; messages are posted meanwhile (they are in its database).
    const database = peer.messages
    const port = peer.port
    await peer.stop()
    for (let i = 1; i <= 5; i++) database.push({ id: 3 + i, appid: 1, message: `during the gap ${i}`, title: 'app', priority: 5, date: new Date().toISOString() })
    // Back up; a live message is posted while the catch-up reads its page.
    let live = 0
    peer = await gotify({
      port,
      messages: database,
      beforePage: () => {
        if (live++ === 0) peer.push({ message: 'live during the catch-up' })
      },
    })
    await waitFor(() => ids(c, feed.id).length === 8, () => `eight messages, got ${JSON.stringify(ids(c, feed.id))}`, 30_000)
    peer.push({ message: 'live after' })
    await waitFor(() => ids(c, feed.id).length === 9, () => `nine messages, got ${JSON.stringify(ids(c, feed.id))}`)
    expect(ids(c, feed.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(c.events(feed.id).map((e) => (JSON.parse(e.data) as { message: string }).message).slice(2)).toEqual([
      'during the gap 1', 'during the gap 2', 'during the gap 3', 'during the gap 4', 'during the gap 5', 'live during the catch-up', 'live after',
    ])
    const status = await c.status(feed.id)
    expect(status.lastGap).toBeNull()
    expect(c.env.history.cursor(feed.id).lastEventId).toBe('10')
  }, 60_000)

  it('a wrong client token (401 on the upgrade) stops the feed with auth and tells the user once', async () => {
    const c = await core()
    const peer = await gotify()
    const feed = await c.env.service.handlers['feeds:add']({ url: peer.streamUrl, preset: 'gotify', auth: { kind: 'bearer' }, secret: 'Cwrong' })
    const stopped = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.state === 'stopped' ? s : null
    }, 'stopped')
    expect(stopped).toMatchObject({ stopReason: 'auth', lastError: { kind: 'auth', status: 401 } })
    await waitFor(() => c.toasts.some((t) => t.kind === 'feed-stopped'), 'the stopped notice')
    await c.env.service.handlers['feeds:resume'](feed.id)
    await waitFor(() => peer.requests.filter((r) => r.method === 'UPGRADE').length === 2, 'the attempt after resume')
    await waitFor(async () => (await c.status(feed.id)).state === 'stopped', 'stopped again')
    expect(c.toasts.filter((t) => t.kind === 'feed-stopped')).toHaveLength(1)
    expect(peer.requests.filter((r) => r.method === 'UPGRADE')).toHaveLength(2)
  })
})
