import { describe, expect, it } from 'vitest'
import { gotifyHeaders, gotifyUrls, pageUrl } from './gotify-urls.ts'

describe('gotify endpoints', () => {
  it.each([
    ['wss://push.example.com/stream', 'wss://push.example.com/stream', 'https://push.example.com/message'],
    ['ws://127.0.0.1:8080/stream', 'ws://127.0.0.1:8080/stream', 'http://127.0.0.1:8080/message'],
    ['wss://example.com/gotify/stream/', 'wss://example.com/gotify/stream', 'https://example.com/gotify/message'],
    ['https://example.com/gotify', 'wss://example.com/gotify/stream', 'https://example.com/gotify/message'],
    ['https://example.com/', 'wss://example.com/stream', 'https://example.com/message'],
    ['wss://example.com/stream?token=C1&x=y', 'wss://example.com/stream?token=C1', 'https://example.com/message?token=C1'],
  ])('%s', (feed, stream, messages) => {
    expect(gotifyUrls(feed)).toEqual({ stream, messages })
  })

  it.each([['ftp://example.com/stream'], ['not a url'], ['file:///stream']])('refuses %s', (feed) => {
    expect(gotifyUrls(feed)).toBeNull()
  })

  it('sends the bearer secret as X-Gotify-Key, other schemes as they are', () => {
    expect(gotifyHeaders({ 'X-A': '1' }, 'Bearer Ctoken')).toEqual({ 'X-A': '1', 'X-Gotify-Key': 'Ctoken' })
    expect(gotifyHeaders({}, 'Basic YTpi')).toEqual({ authorization: 'Basic YTpi' })
    expect(gotifyHeaders({ 'X-Gotify-Key': 'Cown' }, null)).toEqual({ 'X-Gotify-Key': 'Cown' })
  })

  it('builds page URLs', () => {
    expect(pageUrl('https://e.com/message?token=C1', 200, 0)).toBe('https://e.com/message?token=C1&limit=200')
    expect(pageUrl('https://e.com/message', 200, 57)).toBe('https://e.com/message?limit=200&since=57')
  })
})
