import { describe, expect, it } from 'vitest'
import { applyFeedInput, normalizeStoredFeed } from './feed.ts'
import { authorizationHeader, parseHeaderLine, validateHeaders } from './headers.ts'
import { subscriptionUrl, suggestPreset } from './presets.ts'
import { exportFeeds, parseFeedsExport, parseNtfySubscriptions } from './transfer.ts'
import { FeedInputError, isExampleUrl, parseFeedUrl } from './url.ts'

const make = { now: Date.UTC(2026, 10, 21), order: 0 }

describe('feed URLs', () => {
  it('accepts http and https', () => {
    expect(parseFeedUrl(' https://example.com/events ').toString()).toBe('https://example.com/events')
    expect(parseFeedUrl('http://127.0.0.1:8080/sse#x').toString()).toBe('http://127.0.0.1:8080/sse')
  })
  it.each([
    ['', /empty/],
    ['example.com/events', /not a valid URL/],
    ['ftp://example.com/x', /Only http and https.*"ftp"/],
    ['file:///etc/passwd', /Only http and https/],
    ['javascript:alert(1)', /Only http and https/],
    ['https://user:pw@example.com/x', /authentication settings/],
  ])('rejects %j with a clear message', (url, message) => {
    expect(() => parseFeedUrl(url)).toThrow(FeedInputError)
    expect(() => parseFeedUrl(url)).toThrow(message)
  })
})

describe('presets', () => {
  it.each([
    ['https://ntfy.sh/alerts/sse', 'ntfy'],
    ['https://push.example.org/a,b/sse', 'ntfy'],
    ['https://ntfy.sh/alerts', 'ntfy'],
    ['https://hub.example.com/.well-known/mercure?topic=https://example.com/books/1', 'mercure'],
    ['https://example.com/events', 'generic'],
    ['https://example.com/api/v1/stream/sse', 'generic'],
    ['not a url', 'generic'],
  ])('suggests a preset for %s', (url, preset) => {
    expect(suggestPreset(url)).toBe(preset)
  })
  it('subscribes ntfy topics on their /sse endpoint', () => {
    expect(subscriptionUrl('https://ntfy.sh/alerts', 'ntfy')).toBe('https://ntfy.sh/alerts/sse')
    expect(subscriptionUrl('https://ntfy.sh/alerts/sse', 'ntfy')).toBe('https://ntfy.sh/alerts/sse')
    expect(subscriptionUrl('https://example.com/x', 'generic')).toBe('https://example.com/x')
  })
})

describe('headers and auth', () => {
  it('validates extra headers', () => {
    expect(validateHeaders({ ' X-Api-Key ': ' k ' })).toEqual({ 'X-Api-Key': 'k' })
    expect(() => validateHeaders({ 'Bad Name': 'v' })).toThrow(/not a valid header name/)
    expect(() => validateHeaders({ 'X-A': 'a\r\nInjected: 1' })).toThrow(/one line/)
    expect(() => validateHeaders({ Authorization: 'Bearer x' })).toThrow(/authentication setting/)
    expect(() => validateHeaders({ 'Last-Event-ID': '1' })).toThrow(/set by Tidings/)
  })
  it('parses K: V lines', () => {
    expect(parseHeaderLine('X-Token: a:b')).toEqual(['X-Token', 'a:b'])
    expect(() => parseHeaderLine('nocolon')).toThrow(/Name: value/)
  })
  it('builds Authorization values', () => {
    expect(authorizationHeader({ kind: 'none' }, 'x')).toBeNull()
    expect(authorizationHeader({ kind: 'bearer' }, null)).toBeNull()
    expect(authorizationHeader({ kind: 'bearer' }, 'tok')).toBe('Bearer tok')
    expect(authorizationHeader({ kind: 'basic', username: 'ann' }, 'pässword')).toBe(`Basic ${Buffer.from('ann:pässword').toString('base64')}`)
  })
})

describe('feed model', () => {
  it('fills defaults and a readable name', () => {
    const feed = applyFeedInput({ url: 'https://ntfy.sh/deploys/sse' }, null, make)
    expect(feed).toMatchObject({ name: 'deploys', preset: 'ntfy', paused: false, maxEventBytes: 1024 * 1024, stallTimeoutSec: null })
    expect(feed.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(feed.alerts.enabled).toBe(true)
  })
  it('keeps identity and order on update and validates numbers', () => {
    const feed = applyFeedInput({ url: 'https://example.com/a', name: 'A' }, null, make)
    const updated = applyFeedInput({ url: 'https://example.com/b', retention: { maxEvents: 5 } }, feed, { now: make.now + 1, order: 9 })
    expect(updated).toMatchObject({ id: feed.id, name: 'A', order: feed.order, createdAt: feed.createdAt, url: 'https://example.com/b' })
    expect(updated.retention).toEqual({ maxEvents: 5, maxAgeDays: 90 })
    expect(() => applyFeedInput({ url: 'https://e.com', maxEventBytes: 10 }, null, make)).toThrow(/Maximum event size/)
    expect(() => applyFeedInput({ url: 'https://e.com', stallTimeoutSec: 1.5 }, null, make)).toThrow(/Silence limit/)
    expect(() => applyFeedInput({ url: 'https://e.com', auth: { kind: 'basic', username: '' } }, null, make)).toThrow(/user name/)
    expect(() => applyFeedInput({ url: 'https://e.com', preset: 'rss' as never }, null, make)).toThrow(/Unknown preset/)
  })
  it('never stores the secret in the feed', () => {
    const feed = applyFeedInput({ url: 'https://e.com/s', auth: { kind: 'bearer' }, secret: 'hunter2' }, null, make)
    expect(JSON.stringify(feed)).not.toContain('hunter2')
  })
  it('reads stored feeds tolerantly and reports unusable ones', () => {
    const good = applyFeedInput({ url: 'https://e.com/s' }, null, make)
    const { alerts: _a, retention: _r, ...old } = good // as an older version wrote it
    expect(normalizeStoredFeed(old, 0)).toEqual(good)
    expect(normalizeStoredFeed({ id: 'x', url: 'gopher://x' }, 1)).toMatch(/feed "x": Only http and https/)
    expect(normalizeStoredFeed(42, 2)).toMatch(/#3 is not an object/)
  })
})

describe('import and export', () => {
  const a = applyFeedInput({ url: 'https://e.com/a', name: 'A', auth: { kind: 'bearer' } }, null, make)
  it('round-trips feeds, with secrets only when asked', () => {
    const plain = exportFeeds([a], make.now)
    expect(plain).not.toContain('s3cret')
    const withSecrets = exportFeeds([a], make.now, () => 's3cret')
    const parsed = parseFeedsExport(withSecrets)
    expect(parsed.errors).toEqual([])
    expect(parsed.inputs[0]).toMatchObject({ url: 'https://e.com/a', name: 'A', auth: { kind: 'bearer' }, secret: 's3cret' })
  })
  it('explains what it cannot read', () => {
    expect(() => parseFeedsExport('{nope')).toThrow(/not valid JSON/)
    expect(() => parseFeedsExport('{"x":1}')).toThrow(/not a Tidings feeds file/)
    expect(parseFeedsExport('[{"url":"https://e.com"},{"name":"no url"}]').errors).toEqual(['Entry 2 has no URL.'])
  })
  it('imports ntfy backups with their users', () => {
    const backup = {
      magic: 'ntfy2586',
      version: 1,
      data: {
        subscriptions: [
          { baseUrl: 'https://ntfy.sh', topic: 'alerts', displayName: 'Alerts' },
          { baseUrl: 'https://push.example.org/', topic: 'builds' },
          { baseUrl: 'https://ntfy.sh' },
        ],
        users: [{ baseUrl: 'https://push.example.org', username: 'ci', password: 'pw' }],
      },
    }
    const parsed = parseNtfySubscriptions(JSON.stringify(backup))
    expect(parsed.inputs).toEqual([
      { url: 'https://ntfy.sh/alerts/sse', name: 'Alerts', preset: 'ntfy' },
      { url: 'https://push.example.org/builds/sse', name: 'builds', preset: 'ntfy', auth: { kind: 'basic', username: 'ci' }, secret: 'pw' },
    ])
    expect(parsed.errors).toEqual(['Subscription 3 has no base URL or topic.'])
  })
})

describe('obeying server pauses', () => {
  it('is off by default, must be true or false, and travels through export and import', () => {
    const feed = applyFeedInput({ url: 'https://e.com/a' }, null, make)
    expect(feed.serverPause).toBe(false)
    const on = applyFeedInput({ url: feed.url, serverPause: true }, feed, make)
    expect(on.serverPause).toBe(true)
    expect(applyFeedInput({ url: feed.url }, on, make).serverPause).toBe(true)
    expect(() => applyFeedInput({ url: feed.url, serverPause: 'yes' as unknown as boolean }, feed, make)).toThrow(/true or false/)
    const imported = parseFeedsExport(exportFeeds([on], make.now)).inputs[0]!
    expect(applyFeedInput(imported, null, make).serverPause).toBe(true)
  })
})

describe('WebSocket, Socket.IO and gotify feeds', () => {
  it('accepts ws and wss URLs as generic WebSocket feeds, never guessing another preset from them', () => {
    expect(parseFeedUrl('wss://push.example.com/stream').toString()).toBe('wss://push.example.com/stream')
    const feed = applyFeedInput({ url: 'ws://127.0.0.1:8765/alerts' }, null, make)
    expect(feed).toMatchObject({ preset: 'generic', url: 'ws://127.0.0.1:8765/alerts', name: '127.0.0.1:8765/alerts' })
    expect(suggestPreset('wss://push.example.com/stream')).toBe('generic')
    expect(suggestPreset('wss://ntfy.sh/alerts/sse')).toBe('generic')
    expect(suggestPreset('https://chat.example.com/socket.io/')).toBe('generic')
  })

  it('refuses ntfy and Mercure over ws(s) with a message naming the field, and WebSocket-only headers', () => {
    expect(() => applyFeedInput({ url: 'wss://ntfy.sh/alerts/sse', preset: 'ntfy' }, null, make)).toThrow(/ntfy feeds are Server-Sent Events: use an http or https URL, not wss/)
    let error: unknown
    try {
      applyFeedInput({ url: 'ws://hub.example/.well-known/mercure', preset: 'mercure' }, null, make)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FeedInputError)
    expect((error as FeedInputError).field).toBe('url')
    expect(() => applyFeedInput({ url: 'ws://e.com/x', headers: { 'Sec-WebSocket-Protocol': 'chat' } }, null, make)).toThrow(/set by Tidings/)
    expect(() => applyFeedInput({ url: 'ws://e.com/x', headers: { Upgrade: 'h2c' } }, null, make)).toThrow(/set by Tidings/)
    expect(() => applyFeedInput({ url: 'wss://e.com/x', preset: 'rss' as never }, null, make)).toThrow(/use generic, ntfy, mercure, socketio or gotify/)
  })

  it('takes Socket.IO and gotify feeds on either scheme, names gotify by its host, opens gotify links', () => {
    expect(applyFeedInput({ url: 'https://chat.example.com/news', preset: 'socketio' }, null, make)).toMatchObject({ preset: 'socketio', name: 'chat.example.com/news' })
    expect(applyFeedInput({ url: 'ws://chat.example.com', preset: 'socketio' }, null, make).preset).toBe('socketio')
    const gotify = applyFeedInput({ url: 'wss://push.example.com/gotify/stream', preset: 'gotify', auth: { kind: 'bearer' }, secret: 'Cxyz' }, null, make)
    expect(gotify).toMatchObject({ preset: 'gotify', name: 'push.example.com/gotify', auth: { kind: 'bearer' } })
    expect(gotify.alerts.openLinks).toBe(true)
    expect(applyFeedInput({ url: 'https://push.example.com', preset: 'gotify' }, null, make).name).toBe('push.example.com')
  })

  it('travel through export and import with their preset and scheme', () => {
    const feeds = [
      applyFeedInput({ url: 'wss://e.com/ws', name: 'W' }, null, make),
      applyFeedInput({ url: 'https://e.com/chat', preset: 'socketio' }, null, make),
      applyFeedInput({ url: 'wss://push.e.com/stream', preset: 'gotify', auth: { kind: 'bearer' } }, null, make),
    ]
    const { inputs, errors } = parseFeedsExport(exportFeeds(feeds, make.now, () => 'Ctoken'))
    expect(errors).toEqual([])
    const again = inputs.map((input) => applyFeedInput(input, null, make))
    expect(again.map((f) => [f.url, f.preset])).toEqual(feeds.map((f) => [f.url, f.preset]))
    expect(inputs[2]!.secret).toBe('Ctoken')
  })
})

describe('the built-in example feed', () => {
  it('is exactly tidings-example:clock, generic, named "Example", and travels through export and import', () => {
    expect(parseFeedUrl(' tidings-example:clock#x ').toString()).toBe('tidings-example:clock')
    expect(isExampleUrl('TIDINGS-EXAMPLE:clock')).toBe(true)
    expect(isExampleUrl('https://example.com/tidings-example:clock')).toBe(false)
    expect(suggestPreset('tidings-example:clock')).toBe('generic')
    const feed = applyFeedInput({ url: 'tidings-example:clock' }, null, make)
    expect(feed).toMatchObject({ url: 'tidings-example:clock', preset: 'generic', name: 'Example', alerts: { enabled: true } })
    const again = parseFeedsExport(exportFeeds([feed], make.now)).inputs.map((input) => applyFeedInput(input, null, make))
    expect(again.map((f) => [f.url, f.preset, f.name])).toEqual([['tidings-example:clock', 'generic', 'Example']])
  })

  it.each([
    ['tidings-example:', /address is tidings-example:clock, not tidings-example:/],
    ['tidings-example:weather', /address is tidings-example:clock/],
    ['tidings-example:clock?every=1s', /address is tidings-example:clock/],
    ['tidings-example://clock', /address is tidings-example:clock/],
    ['tidings-examples:clock', /Only http and https/],
  ])('refuses %j', (url, message) => {
    expect(() => parseFeedUrl(url)).toThrow(message)
  })

  it('refuses a preset other than generic, naming the preset field', () => {
    for (const preset of ['ntfy', 'mercure', 'socketio', 'gotify'] as const) {
      let error: unknown
      try {
        applyFeedInput({ url: 'tidings-example:clock', preset }, null, make)
      } catch (e) {
        error = e
      }
      expect(error, preset).toBeInstanceOf(FeedInputError)
      expect((error as FeedInputError).field).toBe('preset')
    }
  })
})
