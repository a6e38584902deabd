import { describe, expect, it } from 'vitest'
import { fromByteString, requestHeaders, requestUrl, toByteString } from './request.ts'

describe('requestHeaders', () => {
  it('adds Accept, Cache-Control, Authorization and Last-Event-ID over the extra headers', () => {
    const headers = requestHeaders({ headers: { 'X-Team': 'ops', accept: 'text/html' }, preset: 'generic' }, 'Bearer abc', '42')
    expect(headers).toEqual({ 'X-Team': 'ops', Accept: 'text/event-stream', 'Cache-Control': 'no-store', Authorization: 'Bearer abc', 'Last-Event-ID': '42' })
  })

  it('sends no Last-Event-ID for an empty id or for ntfy, and no Authorization without one', () => {
    expect(requestHeaders({ headers: {}, preset: 'generic' }, null, '')).toEqual({ Accept: 'text/event-stream', 'Cache-Control': 'no-store' })
    expect(requestHeaders({ headers: {}, preset: 'ntfy' }, null, '9')['Last-Event-ID']).toBeUndefined()
  })

  it('sends non-ASCII ids as their UTF-8 bytes', () => {
    expect(requestHeaders({ headers: {}, preset: 'mercure' }, null, '…')['Last-Event-ID']).toBe('\xe2\x80\xa6')
    expect(toByteString('ü')).toBe('\xc3\xbc')
    expect(fromByteString('\xe2\x80\xa6')).toBe('…')
    expect(fromByteString('\xff')).toBe('\xff')
  })
})

describe('requestUrl', () => {
  it('accepts http(s) only', () => {
    expect(requestUrl({ url: 'https://example.com/events', preset: 'generic' }, { lastEventId: '', since: '' })).toEqual({ ok: true, url: 'https://example.com/events' })
    expect(requestUrl({ url: 'file:///etc/passwd', preset: 'generic' }, { lastEventId: '', since: '' }).ok).toBe(false)
    expect(requestUrl({ url: 'not a url', preset: 'generic' }, { lastEventId: '', since: '' }).ok).toBe(false)
  })

  it('sets ntfy since= from the cursor, replacing one in the URL', () => {
    const result = requestUrl({ url: 'https://ntfy.sh/alerts/sse?since=all&poll=0', preset: 'ntfy' }, { lastEventId: '', since: 'abc' })
    expect(result).toEqual({ ok: true, url: 'https://ntfy.sh/alerts/sse?since=abc&poll=0' })
    const fresh = requestUrl({ url: 'https://ntfy.sh/alerts/sse?since=all', preset: 'ntfy' }, { lastEventId: '', since: '' })
    expect(fresh).toEqual({ ok: true, url: 'https://ntfy.sh/alerts/sse?since=all' })
  })
})
