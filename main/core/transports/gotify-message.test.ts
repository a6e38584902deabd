import { describe, expect, it } from 'vitest'
import { gotifyAlertFields, gotifyEvent, parseGotifyMessage, scaleGotifyPriority } from './gotify-message.ts'

const raw = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 7, appid: 2, title: 'Backup', message: '**done**', priority: 8, date: '2026-12-02T15:00:00Z', ...over })

describe('gotify message', () => {
  it('becomes an event: the id is the identity, the data the JSON as received', () => {
    const text = raw()
    const message = parseGotifyMessage(text)
    expect(message).toMatchObject({ id: 7, appid: 2, title: 'Backup', message: '**done**', priority: 8, extras: null })
    expect(gotifyEvent(message!)).toEqual({ id: '7', newId: true, type: 'message', data: text })
  })

  it.each([['not json'], ['[]'], ['{"id":0}'], ['{"id":-1}'], ['{"id":"7"}'], ['{"id":1.5}'], ['null']])('refuses %s', (text) => {
    expect(parseGotifyMessage(text)).toBeNull()
  })

  it.each([
    [0, 1], [1, 2], [3, 2], [4, 3], [5, 3], [7, 3], [8, 4], [9, 4], [10, 5], [15, 5], [-3, 1], [Number.NaN, 3],
  ])('priority %d → %d', (gotify, tidings) => {
    expect(scaleGotifyPriority(gotify)).toBe(tidings)
  })

  it('maps onto alert fields like ntfy: title, message, scaled priority, click URL', () => {
    const extras = { 'client::notification': { click: { url: 'https://example.com/run/1' } }, 'client::display': { contentType: 'text/markdown' } }
    expect(gotifyAlertFields(parseGotifyMessage(raw({ extras }))!)).toEqual({
      title: 'Backup', message: '**done**', priority: 4, clickUrl: 'https://example.com/run/1', markdown: true,
    })
  })

  it.each([
    [{ 'client::notification': { click: { url: 'javascript:alert(1)' } } }],
    [{ 'client::notification': { click: { url: 'file:///etc/passwd' } } }],
    [{ 'client::notification': { click: 'https://example.com' } }],
    [{ 'client::notification': { click: { url: 42 } } }],
    [{ click: { url: 'https://example.com' } }],
  ])('opens only an http(s) click.url where gotify puts it: %j', (extras) => {
    expect(gotifyAlertFields(parseGotifyMessage(raw({ extras }))!).clickUrl).toBeNull()
  })

  it('a message without a priority counts as Tidings’ default', () => {
    expect(gotifyAlertFields(parseGotifyMessage('{"id":1,"message":"m"}')!)).toMatchObject({ priority: 3, title: '', markdown: false })
  })
})
