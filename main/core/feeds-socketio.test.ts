/**
 * Socket.IO feeds (`preset: 'socketio'`) through the full path — service, supervisor, SQLite
 * history — against Flask-SocketIO (Debian's, long-polling) and a Socket.IO v5 server on `ws`
 * (the WebSocket transport, chosen by a ws:// feed URL).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { coreTestScope } from '../test-support/core-env.ts'
import { startSocketIoPeer, type SocketIoPeer } from '../test-support/peers/socketio-peer.ts'
import { describeWithPeer, pythonHas } from '../test-support/peer-availability.ts'
import { startSocketIoWsPeer, type SocketIoWsPeer } from '../test-support/peers/socketio-ws-peer.ts'
import { waitFor } from '../test-support/wait.ts'

const { cleanups, core, cleanUp } = coreTestScope()
afterEach(cleanUp)

describeWithPeer(pythonHas('flask_socketio'), 'python3-flask-socketio')('a Socket.IO feed on Flask-SocketIO (long-polling)', () => {
  it('stores every emitted event by name, and after the server disconnects reconnects and says events may be missing', async () => {
    const c = await core()
    const flask: SocketIoPeer = await startSocketIoPeer()
    cleanups.push(() => flask.stop())
    const feed = await c.env.service.handlers['feeds:add']({ url: flask.url, preset: 'socketio', name: 'Chat', auth: { kind: 'bearer' }, secret: 'tok' })
    const client = await flask.client(1)
    expect(client.auth).toEqual({ token: 'tok' })
    await waitFor(async () => (await c.status(feed.id)).state === 'open', 'open', 20_000)

    await flask.emit('chat', 'hello ü')
    await flask.emit('alert', { message: 'disk full', level: 2 })
    await flask.emit('pair', 'a', 1)
    await waitFor(() => c.events(feed.id).length === 3, () => `three events, got ${JSON.stringify(c.events(feed.id))}`, 20_000)
    expect(c.events(feed.id).map((e) => [e.type, e.data])).toEqual([
      ['chat', 'hello ü'],
      ['alert', '{"message":"disk full","level":2}'],
      ['pair', '["a",1]'],
    ])
    await waitFor(() => c.toasts.filter((t) => t.kind === 'event').length === 3, 'three toasts')
    expect(c.toasts.find((t) => t.body === 'disk full')).toMatchObject({ title: 'Chat · alert' })

    await flask.disconnect()
    await flask.client(2)
    const reopened = await waitFor(async () => {
      const s = await c.status(feed.id)
      return s.state === 'open' && s.lastGap !== null ? s : null
    }, 'open again with a gap', 30_000)
    expect(reopened.lastGap).toMatchObject({ requested: '', actual: '' })
    expect(typeof reopened.lastGap!.missingSince).toBe('number')
    await flask.emit('chat', 'after')
    await waitFor(() => c.events(feed.id).length === 4, 'the event after the reconnect', 20_000)
  }, 60_000)
})

describe('a Socket.IO feed over WebSocket only (ws:// URL, Socket.IO v5 server on ws)', () => {
  it('connects with the WebSocket transport and stores events', async () => {
    const c = await core()
    const peer: SocketIoWsPeer = await startSocketIoWsPeer()
    cleanups.push(() => peer.stop())
    const feed = await c.env.service.handlers['feeds:add']({ url: peer.url.replace(/^http/, 'ws'), preset: 'socketio' })
    await waitFor(async () => (await c.status(feed.id)).state === 'open', 'open', 20_000)
    expect(peer.upgrades).toHaveLength(1)
    peer.emit('build', { status: 'green' })
    peer.emit('note', 'plain')
    await waitFor(() => c.events(feed.id).length === 2, 'two events')
    expect(c.events(feed.id).map((e) => [e.type, e.data])).toEqual([
      ['build', '{"status":"green"}'],
      ['note', 'plain'],
    ])
  })
})
