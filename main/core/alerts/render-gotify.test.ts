// gotify messages on the alert templates: title, message, priority 0–10 scaled, the click URL.
import { describe, expect, it } from 'vitest'
import { testFeed } from '../../test-support/fixtures.ts'
import type { StoredEvent } from '../types.ts'
import { renderToast } from './render.ts'

function makeEvent(data: string): StoredEvent {
  return { feedId: 'f1', id: '7', newId: true, type: 'message', data, receivedAt: 0, seq: 1, read: false }
}

const gotify = (fields: Record<string, unknown>) =>
  JSON.stringify({ id: 7, appid: 2, message: 'Backup done', title: 'nas', priority: 5, date: '2026-12-02T10:00:00Z', ...fields })

describe('gotify preset', () => {
  const feed = testFeed({ preset: 'gotify', name: 'Home gotify', url: 'wss://push.example.test/stream' })

  it('maps title, message, priority and the notification click URL', () => {
    const data = gotify({ priority: 8, extras: { 'client::notification': { click: { url: 'https://nas.example.test/jobs/3' } } } })
    expect(renderToast(feed, makeEvent(data))).toEqual({ title: 'nas', body: 'Backup done', priority: 4, clickUrl: 'https://nas.example.test/jobs/3', tags: [] })
  })

  it('scales gotify priorities by its own bands and falls back to the feed name for an empty title', () => {
    const priorities = [0, 2, 5, 9, 10].map((priority) => renderToast(feed, makeEvent(gotify({ priority }))).priority)
    expect(priorities).toEqual([1, 2, 3, 4, 5])
    expect(renderToast(feed, makeEvent(gotify({ title: '' }))).title).toBe('Home gotify')
  })

  it('never opens a non-http click URL, nor any when links are off; templates see the fields', () => {
    const evil = gotify({ extras: { 'client::notification': { click: { url: 'javascript:alert(1)' } } } })
    expect(renderToast(feed, makeEvent(evil)).clickUrl).toBeNull()
    const link = gotify({ extras: { 'client::notification': { click: { url: 'https://x.test/' } } } })
    expect(renderToast(testFeed({ preset: 'gotify', alerts: { openLinks: false } }), makeEvent(link)).clickUrl).toBeNull()
    const templated = testFeed({ preset: 'gotify', alerts: { titleTemplate: '{{title}} #{{id}}', bodyTemplate: '{{message}} (p{{priority}})' } })
    expect(renderToast(templated, makeEvent(gotify({})))).toMatchObject({ title: 'nas #7', body: 'Backup done (p5)' })
  })

  it('data that is no gotify message falls back to the generic mapping', () => {
    expect(renderToast(feed, makeEvent('plain words'))).toMatchObject({ title: 'Home gotify', body: 'plain words', priority: 3 })
  })
})
