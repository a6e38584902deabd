// Preset behaviour against servers speaking ntfy's and Mercure's formats.
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import type { Subscription } from './subscription.ts'
import { sse, start, startServer, testFeed } from './test-support.ts'
import type { TestServer } from './test-support.ts'

let server: TestServer | null = null
let sub: Subscription | null = null

afterEach(async () => {
  await sub?.close()
  await server?.close()
  sub = null
  server = null
})

/** One ntfy SSE event: protocol events carry `event:`, messages do not. */
function ntfy(event: string, id: string, extra: Record<string, unknown> = {}): string {
  const json = JSON.stringify({ id, time: 1_700_000_000, event, topic: 'alerts', ...extra })
  return `${event === 'message' ? '' : `event: ${event}\n`}data: ${json}\n\n`
}

describe('ntfy', () => {
  it('stores messages by their JSON id, skips open/keepalive, and resumes with ?since=', async () => {
    server = await startServer((_req, res, index) => {
      sse(res)
      res.write(ntfy('open', 'o1'))
      if (index === 0) {
        res.write(ntfy('message', 'm1', { title: 'Disk', message: 'Disk full', priority: 5 }))
        res.write(ntfy('keepalive', 'k1'))
        res.end(ntfy('message', 'm2', { message: 'second' }))
      } else {
        res.write(ntfy('message', 'm3', { message: 'third' }))
      }
    }, '/alerts/sse')
    const started = start(testFeed(`${server.url}?since=all`, { preset: 'ntfy' }), { cursor: { lastEventId: '', since: '' } })
    sub = started.sub
    const { port } = started
    await waitFor(() => port.events.length === 3, 'three messages')

    expect(port.events.map((e) => [e.id, e.newId, e.type])).toEqual([
      ['m1', true, 'message'],
      ['m2', true, 'message'],
      ['m3', true, 'message'],
    ])
    expect(JSON.parse(port.events[0]!.data)).toMatchObject({ title: 'Disk', message: 'Disk full', priority: 5 })
    expect(port.cursor.since).toBe('m3')
    const [first, second] = server.requests
    expect(new URL(first!.url, server.url).searchParams.getAll('since')).toEqual(['all'])
    expect(new URL(second!.url, server.url).searchParams.getAll('since')).toEqual(['m2'])
    expect(second!.lastEventId).toBeUndefined()
  })

  it('resumes from the stored since token on the first connection', async () => {
    server = await startServer((_req, res) => {
      sse(res)
      res.write(ntfy('open', 'o1'))
    }, '/alerts/sse')
    const started = start(testFeed(server.url, { preset: 'ntfy' }), { cursor: { lastEventId: '', since: 'm9' } })
    sub = started.sub
    await waitFor(() => sub!.status().state === 'open', 'open')
    expect(new URL(server.requests[0]!.url, server.url).searchParams.get('since')).toBe('m9')
    expect(started.port.events).toEqual([])
  })
})

describe('Mercure', () => {
  it('records a replay gap when the hub says replay starts elsewhere', async () => {
    server = await startServer((_req, res, index) => {
      if (index === 0) {
        sse(res, { 'last-event-id': 'urn:uuid:000' })
        return void res.end('id: urn:uuid:001\ndata: {"a":1}\n\nid: urn:uuid:002\ndata: {"a":2}\n\n')
      }
      // The hub no longer has urn:uuid:002 in its history and replays from somewhere else.
      sse(res, { 'last-event-id': 'urn:uuid:010' })
      res.write('id: urn:uuid:011\ndata: {"a":11}\n\n')
    }, '/.well-known/mercure')
    const started = start(testFeed(`${server.url}?topic=${encodeURIComponent('https://example.com/books/1')}`, { preset: 'mercure' }))
    sub = started.sub
    const { port } = started
    await waitFor(() => port.events.length === 3, 'three updates')

    expect(server.requests[0]!.lastEventId).toBeUndefined()
    expect(server.requests[1]!.lastEventId).toBe('urn:uuid:002')
    // Nothing was asked on the first connection, so its header is no gap.
    expect(port.gaps).toHaveLength(1)
    expect(port.gaps[0]).toMatchObject({ feedId: 'feed-1', requested: 'urn:uuid:002', actual: 'urn:uuid:010' })
    expect(sub.status().lastGap).toEqual(port.gaps[0])
  })

  it('records no gap when the hub replays from the requested id', async () => {
    server = await startServer((_req, res) => {
      sse(res, { 'last-event-id': 'urn:uuid:002' })
      res.write('id: urn:uuid:003\ndata: x\n\n')
    }, '/.well-known/mercure')
    const started = start(testFeed(server.url, { preset: 'mercure' }), { cursor: { lastEventId: 'urn:uuid:002', since: '' } })
    sub = started.sub
    await waitFor(() => started.port.events.length === 1, 'one update')
    expect(started.port.gaps).toEqual([])
    expect(sub.status().lastGap).toBeNull()
  })
})
