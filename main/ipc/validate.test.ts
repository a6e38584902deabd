import { describe, expect, it } from 'vitest'
import { channelValidators, limits } from './channel-validators.ts'
import { InvalidArgumentError, args, arrayOf, httpUrl, int, object, optional, str } from './validate.ts'

const rejects = (fn: () => unknown, fragment: string) => {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError)
  expect((caught as Error).message).toContain(fragment)
}

describe('primitive validators', () => {
  it('strings: type, length and control characters', () => {
    const name = str({ min: 1, max: 5 })
    expect(name('abc', 'name')).toBe('abc')
    rejects(() => name(3, 'name'), 'name must be a string (got number)')
    rejects(() => name('', 'name'), '1..5 characters')
    rejects(() => name('abcdef', 'name'), '1..5 characters')
    rejects(() => name('a\nb', 'name'), 'without control characters')
    expect(str({ max: 5, multiline: true })('a\nb', 'body')).toBe('a\nb')
  })

  it('URLs must be absolute http(s)', () => {
    const url = httpUrl()
    expect(url('https://ntfy.sh/topic/sse', 'u')).toBe('https://ntfy.sh/topic/sse')
    expect(url('http://127.0.0.1:8080/stream', 'u')).toBe('http://127.0.0.1:8080/stream')
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'ftp://x/y', '/relative', 'not a url']) {
      rejects(() => url(bad, 'u'), 'u must be')
    }
    rejects(() => url(`https://x/${'a'.repeat(5000)}`, 'u'), 'characters')
  })

  it('integers: finite, whole and in range', () => {
    const n = int(1, 10)
    expect(n(1, 'n')).toBe(1)
    expect(n(10, 'n')).toBe(10)
    for (const bad of [0, 11, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null]) rejects(() => n(bad, 'n'), 'n must be')
  })

  it('objects: only known keys, required present, fresh result', () => {
    const point = object<{ x: number; label?: string }>({ x: int(0, 9), label: optional(str({ max: 3 })) })
    expect(point({ x: 1 }, 'p')).toEqual({ x: 1 })
    expect(point({ x: 1, label: 'ab', }, 'p')).toEqual({ x: 1, label: 'ab' })
    expect(point({ x: 1, label: undefined }, 'p')).toEqual({ x: 1 })
    rejects(() => point({ x: 1, y: 2 }, 'p'), 'p.y must be absent (unknown key)')
    rejects(() => point({}, 'p'), 'p.x must be an integer')
    rejects(() => point([1], 'p'), 'p must be an object (got array)')
    rejects(() => point(null, 'p'), 'p must be an object (got null)')
    rejects(() => point(new Date(), 'p'), 'p must be an object')
    // A `__proto__` key from JSON is an own key: rejected as unknown, never merged.
    rejects(() => point(JSON.parse('{"x":1,"__proto__":{"polluted":true}}'), 'p'), 'p.__proto__')
  })

  it('arrays: bounded, items checked with their index', () => {
    const ids = arrayOf(str({ min: 1, max: 4 }), 2)
    expect(ids(['a', 'b'], 'ids')).toEqual(['a', 'b'])
    rejects(() => ids(['a', 'b', 'c'], 'ids'), 'at most 2 items')
    rejects(() => ids(['a', ''], 'ids'), 'ids[1] must be')
  })

  it('argument lists must have the exact arity', () => {
    const one = args(int(0, 1))
    expect(one([1])).toEqual([1])
    rejects(() => one([]), '1 in number (got 0)')
    rejects(() => one([1, 2]), '1 in number (got 2)')
  })
})

describe('channel validators', () => {
  it('pass a full, valid feed through unchanged', () => {
    const input = {
      url: 'https://ntfy.sh/alerts/sse',
      name: 'Alerts',
      preset: 'ntfy',
      headers: { 'X-Client': 'tidings' },
      auth: { kind: 'basic', username: 'me' },
      secret: 's3cret',
      eventTypes: ['message'],
      paused: false,
      stallTimeoutSec: null,
      maxEventBytes: 65536,
      retention: { maxEvents: 1000, maxAgeDays: null },
      alerts: { enabled: true, minPriority: 3, includeKeywords: ['deploy'], bodyTemplate: '{{message}}\n{{tags}}' },
    }
    expect(channelValidators['feeds:add']([input])).toEqual([input])
    expect(channelValidators['feeds:update'](['feed-1', { url: 'http://127.0.0.1:1/s' }])).toEqual(['feed-1', { url: 'http://127.0.0.1:1/s' }])
  })

  it('reject bad feeds before the core sees them', () => {
    const add = channelValidators['feeds:add']
    rejects(() => add([{ url: 'file:///etc/passwd' }]), 'argument 1.url must be an http(s), ws(s) or tidings-example URL')
    rejects(() => add([{ url: 'tidings-example' }]), 'argument 1.url must be an absolute')
    expect(add([{ url: 'tidings-example:clock', name: 'Example' }])).toEqual([{ url: 'tidings-example:clock', name: 'Example' }])
    expect(add([{ url: 'wss://x/stream', preset: 'gotify', serverPause: false }])).toEqual([{ url: 'wss://x/stream', preset: 'gotify', serverPause: false }])
    rejects(() => add([{ url: 'https://x/', serverPause: 'yes' }]), 'argument 1.serverPause must be')
    rejects(() => add([{ name: 'no url' }]), 'argument 1.url must be a string')
    rejects(() => add([{ url: 'https://x/', preset: 'rss' }]), 'argument 1.preset must be one of')
    rejects(() => add([{ url: 'https://x/', headers: { 'Bad Header': 'v' } }]), 'an HTTP header name')
    rejects(() => add([{ url: 'https://x/', headers: { 'X-A': 'v\r\nInjected: 1' } }]), 'without control characters')
    rejects(() => add([{ url: 'https://x/', auth: { kind: 'cookie' } }]), 'argument 1.auth.kind must be one of')
    rejects(() => add([{ url: 'https://x/', auth: { kind: 'basic' } }]), 'argument 1.auth.username must be a string')
    rejects(() => add([{ url: 'https://x/', maxEventBytes: -1 }]), 'maxEventBytes must be an integer in')
    rejects(() => add([{ url: 'https://x/', alerts: { minPriority: 7 } }]), 'alerts.minPriority must be one of')
    rejects(() => add([{ url: 'https://x/', alerts: { html: true } }]), 'alerts.html must be absent')
    rejects(() => add([{ url: 'https://x/', isAdmin: true }]), 'argument 1.isAdmin must be absent')
    rejects(() => add([{ url: 'https://x/', eventTypes: Array.from({ length: limits.eventTypes + 1 }, () => 'x') }]), 'at most')
  })

  it('check history queries, sequence numbers and mark-read targets', () => {
    const q = { feedId: 'f', search: 'disk full', type: null, unreadOnly: true, before: 100, order: 'newest', limit: 50 }
    expect(channelValidators['history:query']([q])).toEqual([q])
    rejects(() => channelValidators['history:query']([{ limit: 0 }]), 'limit must be an integer in 1..')
    rejects(() => channelValidators['history:query']([{ order: 'random' }]), 'order must be one of')
    rejects(() => channelValidators['history:query']([{ search: 'x'.repeat(limits.search + 1) }]), 'search must be a string of')
    expect(channelValidators['history:get']([42])).toEqual([42])
    rejects(() => channelValidators['history:get']([-1]), 'argument 1 must be an integer in 0..')
    rejects(() => channelValidators['history:get']([1.5]), 'argument 1 must be an integer')
    expect(channelValidators['history:types']([null])).toEqual([null])
    expect(channelValidators['history:mark-read']([{ scope: 'all' }])).toEqual([{ scope: 'all' }])
    expect(channelValidators['history:mark-read']([{ scope: 'event', seq: 3 }])).toEqual([{ scope: 'event', seq: 3 }])
    rejects(() => channelValidators['history:mark-read']([{ scope: 'event' }]), 'argument 1.seq must be an integer')
    rejects(() => channelValidators['history:mark-read']([{ scope: 'all', seq: 3 }]), 'argument 1.seq must be absent')
    rejects(() => channelValidators['history:mark-read']([{ scope: 'everything' }]), 'argument 1.scope must be one of')
  })

  it('check settings patches', () => {
    const patch = { doNotDisturb: true, quietHours: { enabled: true, start: '22:00', end: '07:30' }, theme: 'dark' }
    expect(channelValidators['settings:set']([patch])).toEqual([patch])
    expect(channelValidators['settings:set']([{}])).toEqual([{}])
    rejects(() => channelValidators['settings:set']([{ quietHours: { enabled: true, start: '24:00', end: '07:00' } }]), 'a time "HH:MM"')
    rejects(() => channelValidators['settings:set']([{ quietHours: { enabled: true } }]), 'quietHours.start must be a string')
    rejects(() => channelValidators['settings:set']([{ language: 'fr' }]), 'language must be one of')
    rejects(() => channelValidators['settings:set']([{ launchAtLogin: 'yes' }]), 'launchAtLogin must be a boolean')
  })

  it('only let http(s) URLs be opened, and bound imports', () => {
    expect(channelValidators['app:open-url'](['https://example.com/x'])).toEqual(['https://example.com/x'])
    rejects(() => channelValidators['app:open-url'](['file:///C:/Windows/System32/calc.exe']), 'an http(s) URL')
    rejects(() => channelValidators['app:open-url'](['smb://host/share']), 'an http(s) URL')
    rejects(() => channelValidators['feeds:import']([123]), 'must be a string')
    // Secrets never cross the bridge: the window exports without them, main writes the rest.
    rejects(() => channelValidators['feeds:export'](['yes']), "must be false")
    rejects(() => channelValidators['feeds:export']([true]), "written by main through a save dialog")
    expect(channelValidators['feeds:export']([false])).toEqual([false])
    rejects(() => channelValidators['feeds:list'](['unexpected']), '0 in number (got 1)')
    rejects(() => channelValidators['feeds:reorder']([['a', 7]]), 'argument 1[1] must be a string')
  })
})

describe('records', () => {
  it('keep a "__proto__" header as plain data', () => {
    const [input] = channelValidators['feeds:add']([JSON.parse('{"url":"https://x/","headers":{"__proto__":"v"}}')])
    expect(Object.getPrototypeOf(input.headers)).toBe(Object.prototype)
    expect(Object.entries(input.headers!)).toEqual([['__proto__', 'v']])
  })
})
