import { expect, it } from 'vitest'
import type { FeedEvent } from '../types.ts'
import { columnsOf, packEvents, unpackColumns } from './writer-wire.ts'

it('packs a batch into one string and typed arrays and unpacks exactly the same events', () => {
  const events: FeedEvent[] = [
    { feedId: 'f', id: '', newId: false, type: 'message', data: '', receivedAt: 1.5 },
    { feedId: 'f', id: '41', newId: true, type: 'ü', data: 'line one\nline two 🔥 東京', receivedAt: 1_700_000_000_123 },
    { feedId: 'f', id: '\uD800', newId: true, type: '', data: 'lone surrogate \uDC00 and \u0000 NUL', receivedAt: 0 },
  ]
  const packed = packEvents(events)
  const columns = unpackColumns(structuredClone(packed))
  expect({ ...columns, newIds: Array.from(columns.newIds), receivedAt: Array.from(columns.receivedAt) }).toEqual(columnsOf(events))
  expect(columnsOf(events)).toEqual({
    ids: ['', '41', '\uD800'],
    types: ['message', 'ü', ''],
    datas: ['', 'line one\nline two 🔥 東京', 'lone surrogate \uDC00 and \u0000 NUL'],
    newIds: [0, 1, 1],
    receivedAt: [1.5, 1_700_000_000_123, 0],
  })
  expect(unpackColumns(packEvents([])).ids).toEqual([])
  expect(() => packEvents([{ ...events[0]!, data: 42 as unknown as string }])).toThrow(TypeError)
})
