/**
 * The feed dialog's form rules, as plain functions: the preset follows the URL until the user
 * picks one; links open by default only for ntfy; empty limits mean "default" for a new feed and
 * "unlimited" when editing; a secret is sent only when typed; bad input is named, not sent.
 */
import { describe, expect, test } from 'vitest'
import { testFeed, testStatus } from '../../main/test-support/fixtures.ts'
import type { FeedDto } from '../../preload/contract.ts'
import { formFromFeed, inputFromForm, withPreset, withUrl } from '../src/feeds/feed-form.ts'
import { suggestName, suggestPreset } from '../src/feeds/suggest-preset.ts'
import { EXAMPLE_FEED_URL } from '../src/feeds/example-feed.ts'
import { EXAMPLE_FEED_URL as CORE_EXAMPLE_FEED_URL } from '../../main/core/feeds/url.ts'
import { exampleStart } from '../src/components/welcome.tsx'

const stored: FeedDto = {
  ...testFeed({
    url: 'https://ntfy.example.com/alerts/sse',
    preset: 'ntfy',
    headers: { 'X-Team': 'ops' },
    auth: { kind: 'basic', username: 'mei' },
    alerts: { minPriority: 3, sound: false, includeKeywords: ['disk'], openLinks: true },
  }),
  status: testStatus({ state: 'open', stallLimitMs: 60_000 }),
  unread: 0,
  hasSecret: true,
}

describe('suggestions from the URL', () => {
  test('ntfy topics end in /sse; Mercure hubs live at /.well-known/mercure', () => {
    expect(suggestPreset('https://ntfy.sh/mytopic/sse')).toBe('ntfy')
    expect(suggestPreset('https://example.com/.well-known/mercure?topic=orders')).toBe('mercure')
    expect(suggestPreset('https://example.com/events')).toBe('generic')
    expect(suggestPreset('not a url')).toBe('generic')
    expect(suggestName('https://ntfy.sh/mytopic/sse')).toBe('ntfy.sh · mytopic')
    expect(suggestName('https://hub.example.com/.well-known/mercure?topic=orders')).toBe('orders')
  })
})

describe('feed form', () => {
  test('a new feed follows the URL until the user picks a preset; links open by default for ntfy only', () => {
    let form = withUrl(formFromFeed(null), 'https://ntfy.sh/alerts/sse')
    expect(form.preset).toBe('ntfy')
    expect(form.alerts.openLinks).toBe(true)
    form = withUrl(form, 'https://example.com/stream')
    expect([form.preset, form.alerts.openLinks]).toEqual(['generic', false])
    form = withPreset(form, 'mercure', true)
    form = withUrl(form, 'https://ntfy.sh/alerts/sse')
    expect(form.preset).toBe('mercure')
  })

  test('a new feed sends no limits it was not given, and no secret', () => {
    const form = withUrl(formFromFeed(null), 'https://example.com/stream')
    const result = inputFromForm({ ...form, maxEvents: '500' }, true)
    if (!('input' in result)) throw new Error(result.problem)
    expect(result.input.retention).toEqual({ maxEvents: 500 })
    expect(result.input.stallTimeoutSec).toBeUndefined()
    expect(result.input.secret).toBeUndefined()
    expect(result.input.name).toBe('example.com · stream')
  })

  test('editing keeps the stored secret unless a new one is typed; empty limits mean unlimited', () => {
    const form = formFromFeed(stored)
    expect([form.secret, form.hasStoredSecret, form.username]).toEqual(['', true, 'mei'])
    const kept = inputFromForm({ ...form, maxEvents: '', maxAgeDays: '' }, false)
    if (!('input' in kept)) throw new Error(kept.problem)
    expect(kept.input.secret).toBeUndefined()
    expect(kept.input.retention).toEqual({ maxEvents: null, maxAgeDays: null })
    expect(kept.input.headers).toEqual({ 'X-Team': 'ops' })
    expect(kept.input.alerts?.includeKeywords).toEqual(['disk'])
    const replaced = inputFromForm({ ...form, secret: 'new-password' }, false)
    expect('input' in replaced && replaced.input.secret).toBe('new-password')
    const none = inputFromForm({ ...form, authKind: 'none', secret: 'ignored' }, false)
    expect('input' in none && [none.input.auth, none.input.secret]).toEqual([{ kind: 'none' }, undefined])
  })

  test('bad input is named instead of sent', () => {
    const form = formFromFeed(stored)
    expect(inputFromForm({ ...form, url: 'ftp://example.com/x' }, false)).toEqual({ problem: 'url', field: 'url' })
    expect(inputFromForm({ ...form, maxAgeDays: '12.5' }, false)).toEqual({ problem: 'number', field: 'maxAgeDays' })
    expect(inputFromForm({ ...form, headers: [{ key: 'X-Ok', value: '1' }, { key: 'Bad Header', value: 'x' }] }, false)).toEqual({ problem: 'header', field: 'header:1' })
    expect(inputFromForm({ ...form, username: ' ' }, false)).toEqual({ problem: 'username', field: 'username' })
    expect(inputFromForm({ ...form, caCertificate: 'not a certificate' }, false)).toEqual({ problem: 'ca', field: 'caCertificate' })
  })

  test('the feed’s own CA certificate: sent when given, removed (null) when emptied on edit', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
    const added = inputFromForm({ ...withUrl(formFromFeed(null), 'https://example.com/s'), caCertificate: `  ${pem}  ` }, true)
    expect('input' in added && added.input.caCertificate).toBe(`${pem}\n`)
    const none = inputFromForm(withUrl(formFromFeed(null), 'https://example.com/s'), true)
    expect('input' in none && none.input.caCertificate).toBeUndefined()
    const removed = inputFromForm({ ...formFromFeed(stored), caCertificate: '' }, false)
    expect('input' in removed && removed.input.caCertificate).toBeNull()
  })

  test('WebSocket addresses: accepted for generic, Socket.IO and gotify feeds, refused for ntfy and Mercure (SSE only)', () => {
    const ws = withUrl(formFromFeed(null), 'wss://example.com/live')
    expect(ws.preset).toBe('generic') // never guessed from a ws URL
    const generic = inputFromForm(ws, true)
    expect('input' in generic && generic.input.url).toBe('wss://example.com/live')
    for (const preset of ['socketio', 'gotify'] as const) {
      const result = inputFromForm(withPreset(ws, preset, true), true)
      expect('input' in result && result.input.preset).toBe(preset)
    }
    for (const preset of ['ntfy', 'mercure'] as const) {
      expect(inputFromForm(withPreset(ws, preset, true), true)).toEqual({ problem: 'urlSse', field: 'url' })
    }
    expect(inputFromForm(withUrl(formFromFeed(null), 'ws://'), true)).toEqual({ problem: 'url', field: 'url' })
  })

  test('the example feed: the core\'s address, generic, no host needed; the core names it when the name is left empty', () => {
    expect(EXAMPLE_FEED_URL).toBe(CORE_EXAMPLE_FEED_URL)
    const form = { ...formFromFeed(null), ...exampleStart('示例') }
    expect(form).toMatchObject({ url: 'tidings-example:clock', name: '示例', preset: 'generic', authKind: 'none' })
    expect(inputFromForm(form, true)).toMatchObject({ input: { url: 'tidings-example:clock', name: '示例', preset: 'generic', auth: { kind: 'none' } } })
    expect(suggestName(EXAMPLE_FEED_URL)).toBe('')
    expect(inputFromForm({ ...form, name: '' }, true)).toMatchObject({ input: { name: '' } })
    // A mistyped example address goes to the core, which names the one it takes.
    expect(inputFromForm(withUrl(formFromFeed(null), 'tidings-example:weather'), true)).toMatchObject({ input: { url: 'tidings-example:weather' } })
    expect(inputFromForm(withUrl(formFromFeed(null), 'other-scheme:clock'), true)).toEqual({ problem: 'url', field: 'url' })
  })

  test('gotify asks for its client token and opens links; the server-pause switch is sent when on, and always on edit', () => {
    const gotify = withPreset(withUrl(formFromFeed(null), 'https://gotify.example.com'), 'gotify', true)
    expect([gotify.authKind, gotify.alerts.openLinks]).toEqual(['bearer', true])
    const plain = inputFromForm(withUrl(formFromFeed(null), 'https://example.com/s'), true)
    expect('input' in plain && plain.input.serverPause).toBeUndefined()
    const on = inputFromForm({ ...withUrl(formFromFeed(null), 'https://example.com/s'), serverPause: true }, true)
    expect('input' in on && on.input.serverPause).toBe(true)
    const edited = inputFromForm(formFromFeed(stored), false)
    expect('input' in edited && edited.input.serverPause).toBe(false)
  })
})
