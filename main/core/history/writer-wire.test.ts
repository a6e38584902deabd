import { expect, it } from 'vitest'
import type { FeedEvent } from '../types.ts'
import { packEvents, unpackEvents } from './writer-wire.ts'

it('packs a batch into one string and typed arrays and unpacks exactly the same events', () => {
  const events: FeedEvent[] = [
    { feedId: 'f', id: '', newId: false, type: 'message', data: '', receivedAt: 1.5 },
    { feedId: 'f', id: '41', newId: true, type: 'ü', data: 'line one\nline two 🔥 東京', receivedAt: 1_700_000_000_123 },
    { feedId: 'f', id: '\uD800', newId: true, type: '', data: 'lone surrogate \uDC00 and \u0000 NUL', receivedAt: 0 },
  ]
  const packed = packEvents(events)
  expect(unpackEvents('f', structuredClone(packed))).toEqual(events)
  expect(unpackEvents('f', packEvents([]))).toEqual([])
  expect(() => packEvents([{ ...events[0]!, data: 42 as unknown as string }])).toThrow(TypeError)
})
