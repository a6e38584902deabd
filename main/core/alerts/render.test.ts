import { describe, expect, it } from 'vitest'
import { testFeed } from '../../test-support/fixtures.ts'
import type { StoredEvent } from '../types.ts'
import { defaultAlertSettings } from './defaults.ts'
import { renderToast, safeClickUrl } from './render.ts'

function makeEvent(data: string, over: Partial<StoredEvent> = {}): StoredEvent {
  return { feedId: 'f1', id: 'e1', newId: true, type: 'message', data, receivedAt: 0, seq: 1, read: false, ...over }
}

const ntfy = (fields: Record<string, unknown>) =>
  JSON.stringify({ id: 'abc', time: 1700000000, event: 'message', topic: 'backups', ...fields })

describe('generic preset defaults', () => {
  it('plain text: title is the feed name, body is the data', () => {
    const t = renderToast(testFeed(), makeEvent('Disk almost full'))
    expect(t).toEqual({ title: 'Alerts', body: 'Disk almost full', priority: 3, clickUrl: null, tags: [] })
  })

  it('adds the type to the title unless it is "message"', () => {
    expect(renderToast(testFeed(), makeEvent('x', { type: 'deploy' })).title).toBe('Alerts · deploy')
    expect(renderToast(testFeed(), makeEvent('x', { type: '' })).title).toBe('Alerts')
  })

  it('JSON: picks an obvious field, in order message, title, text, body, msg', () => {
    const feed = testFeed()
    expect(renderToast(feed, makeEvent('{"title":"T","message":"M"}')).body).toBe('M')
    expect(renderToast(feed, makeEvent('{"text":"hello","level":2}')).body).toBe('hello')
    expect(renderToast(feed, makeEvent('{"msg":"short"}')).body).toBe('short')
    expect(renderToast(feed, makeEvent('{"message":"","body":"fallback"}')).body).toBe('fallback')
  })

  it('JSON without an obvious field: a compact one-line rendering', () => {
    const t = renderToast(testFeed(), makeEvent('{\n  "cpu": 97,\n  "host": "db1"\n}'))
    expect(t.body).toBe('{"cpu":97,"host":"db1"}')
  })

  it('text that only looks like JSON stays text', () => {
    expect(renderToast(testFeed(), makeEvent('{not json')).body).toBe('{not json')
  })

  it('truncates long bodies to 300 code points with an ellipsis, without splitting emoji', () => {
    const t = renderToast(testFeed(), makeEvent('😀'.repeat(1000)))
    expect(Array.from(t.body)).toHaveLength(300)
    expect(t.body.endsWith('…')).toBe(true)
    expect(t.body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })

  it('bounded work on a megabyte of data, still marked as cut', () => {
    const t = renderToast(testFeed(), makeEvent('a'.repeat(1_000_000)))
    expect(Array.from(t.body)).toHaveLength(300)
    expect(t.body.endsWith('…')).toBe(true)
  })

  it('keeps markup as text, removes control and bidi-override characters, keeps line breaks in the body', () => {
    const t = renderToast(testFeed({ name: 'Al\u0007erts\nfeed' }), makeEvent('<b>bold</b>\u0000\r\nnext\u202Eline\u001b[31m'))
    expect(t.title).toBe('Alerts feed')
    expect(t.body).toBe('<b>bold</b>\nnextline[31m')
  })
})

describe('templates', () => {
  it('fills {{data}}, {{type}}, {{id}}, {{feed}}', () => {
    const feed = testFeed({ alerts: { titleTemplate: '{{feed}}: {{type}}', bodyTemplate: '#{{id}} {{ data }}' } })
    const t = renderToast(feed, makeEvent('raw', { type: 'build', id: '42' }))
    expect(t.title).toBe('Alerts: build')
    expect(t.body).toBe('#42 raw')
  })

  it('fills JSON fields by dotted path, numbers and nested objects included', () => {
    const feed = testFeed({
      alerts: { titleTemplate: '{{repo.name}} #{{run}}', bodyTemplate: '{{status}} by {{actors.0}} {{meta}}' },
    })
    const data = JSON.stringify({ repo: { name: 'tidings' }, run: 7, status: 'failed', actors: ['ann'], meta: { a: 1 } })
    const t = renderToast(feed, makeEvent(data))
    expect(t.title).toBe('tidings #7')
    expect(t.body).toBe('failed by ann {"a":1}')
  })

  it('missing fields (and fields of non-JSON data) become empty', () => {
    const feed = testFeed({ alerts: { bodyTemplate: '[{{nope}}][{{a.b.c}}][{{constructor}}][{{}}]' } })
    expect(renderToast(feed, makeEvent('{"a":{}}')).body).toBe('[][][][]')
    expect(renderToast(feed, makeEvent('plain text')).body).toBe('[][][][]')
  })

  it('{{data.x}} reaches JSON fields named like the built-ins', () => {
    const feed = testFeed({ alerts: { bodyTemplate: '{{type}} / {{data.type}}' } })
    expect(renderToast(feed, makeEvent('{"type":"inner"}', { type: 'outer' })).body).toBe('outer / inner')
  })

  it('a title template that expands to nothing falls back to the feed name', () => {
    const feed = testFeed({ alerts: { titleTemplate: '{{missing}}' } })
    expect(renderToast(feed, makeEvent('x')).title).toBe('Alerts')
  })
})

describe('ntfy preset', () => {
  const feed = testFeed({ preset: 'ntfy', name: 'ntfy backups' })

  it('maps title, message, priority, tags and click', () => {
    const data = ntfy({ title: 'Backup done', message: 'All 3 disks ok', priority: 4, tags: ['tada', 'backup'], click: 'https://example.test/run/1' })
    expect(renderToast(feed, makeEvent(data))).toEqual({
      title: 'Backup done',
      body: 'All 3 disks ok',
      priority: 4,
      clickUrl: 'https://example.test/run/1',
      tags: ['tada', 'backup'],
    })
  })

  it('title falls back to the topic; priority defaults to 3; missing fields are empty', () => {
    const t = renderToast(feed, makeEvent(ntfy({})))
    expect(t).toEqual({ title: 'backups', body: '', priority: 3, clickUrl: null, tags: [] })
  })

  it('out-of-range or odd priorities become 3; numeric strings are accepted', () => {
    for (const [priority, expected] of [[0, 3], [6, 3], [2.5, 3], ['high', 3], ['5', 5], [1, 1], [5, 5]] as const) {
      expect(renderToast(feed, makeEvent(ntfy({ message: 'm', priority }))).priority).toBe(expected)
    }
  })

  it('templates see the ntfy fields', () => {
    const templated = testFeed({ preset: 'ntfy', alerts: { titleTemplate: '[{{topic}}] {{title}}', bodyTemplate: '{{message}} ({{priority}})' } })
    const t = renderToast(templated, makeEvent(ntfy({ title: 'T', message: 'M', priority: 5 })))
    expect(t.title).toBe('[backups] T')
    expect(t.body).toBe('M (5)')
    expect(t.priority).toBe(5)
  })

  it('non-JSON data on an ntfy feed falls back to the generic mapping', () => {
    expect(renderToast(feed, makeEvent('just text'))).toMatchObject({ title: 'ntfy backups', body: 'just text', priority: 3 })
  })
})

describe('click URLs', () => {
  it('only http(s), never javascript:, file:, data: or junk', () => {
    expect(safeClickUrl('https://example.test/a?b=1')).toBe('https://example.test/a?b=1')
    expect(safeClickUrl(' http://example.test ')).toBe('http://example.test/')
    expect(safeClickUrl('javascript:alert(1)')).toBeNull()
    expect(safeClickUrl('JaVaScRiPt:alert(1)')).toBeNull()
    expect(safeClickUrl('file:///etc/passwd')).toBeNull()
    expect(safeClickUrl('data:text/html,<script>')).toBeNull()
    expect(safeClickUrl('/relative')).toBeNull()
    expect(safeClickUrl(42)).toBeNull()
  })

  it('ntfy click only when the feed allows links', () => {
    const data = makeEvent(ntfy({ message: 'm', click: 'https://example.test/x' }))
    expect(renderToast(testFeed({ preset: 'ntfy' }), data).clickUrl).toBe('https://example.test/x')
    expect(renderToast(testFeed({ preset: 'ntfy', alerts: { openLinks: false } }), data).clickUrl).toBeNull()
    const evil = makeEvent(ntfy({ message: 'm', click: 'javascript:alert(1)' }))
    expect(renderToast(testFeed({ preset: 'ntfy' }), evil).clickUrl).toBeNull()
    const file = makeEvent(ntfy({ message: 'm', click: 'file:///C:/Windows/System32/calc.exe' }))
    expect(renderToast(testFeed({ preset: 'ntfy' }), file).clickUrl).toBeNull()
  })

  it('generic JSON: click, url or link field, only when the feed opts in (off by default)', () => {
    const event = makeEvent('{"message":"m","url":"https://ci.example.test/1"}')
    expect(renderToast(testFeed(), event).clickUrl).toBeNull()
    expect(renderToast(testFeed({ alerts: { openLinks: true } }), event).clickUrl).toBe('https://ci.example.test/1')
    const evil = makeEvent('{"message":"m","link":"javascript:alert(1)"}')
    expect(renderToast(testFeed({ alerts: { openLinks: true } }), evil).clickUrl).toBeNull()
  })
})

describe('defaultAlertSettings', () => {
  it('notifies everything with sound; links open by default only for ntfy', () => {
    expect(defaultAlertSettings('generic')).toEqual({
      enabled: true,
      titleTemplate: '',
      bodyTemplate: '',
      minPriority: 1,
      sound: true,
      includeKeywords: [],
      excludeKeywords: [],
      openLinks: false,
    })
    expect(defaultAlertSettings('ntfy').openLinks).toBe(true)
    expect(defaultAlertSettings('mercure').openLinks).toBe(false)
    expect(defaultAlertSettings('generic').includeKeywords).not.toBe(defaultAlertSettings('generic').includeKeywords)
  })
})
