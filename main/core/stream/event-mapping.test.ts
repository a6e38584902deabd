import { expect, it } from 'vitest'
import { mapEvent } from './event-mapping.ts'

const parsed = (data: string, type = 'message') => ({ type, data, id: '', newId: false })

it('keeps generic and Mercure events as they came', () => {
  const event = { type: 'add', data: '{"event":"open"}', id: '7', newId: true }
  expect(mapEvent('generic', event)).toEqual({ kind: 'event', ...event, since: null })
  expect(mapEvent('mercure', event)).toEqual({ kind: 'event', ...event, since: null })
})

it('treats ntfy open/keepalive as protocol and messages by their JSON id', () => {
  expect(mapEvent('ntfy', parsed('{"id":"a","event":"open","topic":"t"}', 'open'))).toEqual({ kind: 'protocol' })
  expect(mapEvent('ntfy', parsed('{"id":"b","event":"keepalive","topic":"t"}', 'keepalive'))).toEqual({ kind: 'protocol' })
  const data = '{"id":"c","time":1,"event":"message","topic":"t","message":"hi"}'
  expect(mapEvent('ntfy', parsed(data))).toEqual({ kind: 'event', id: 'c', newId: true, type: 'message', data, since: 'c' })
})

it('keeps ntfy data that is not an ntfy object as a plain event', () => {
  expect(mapEvent('ntfy', parsed('plain text'))).toMatchObject({ kind: 'event', type: 'message', data: 'plain text', since: null })
  expect(mapEvent('ntfy', parsed('{"nope":1}'))).toMatchObject({ kind: 'event', since: null })
})
