import { describe, expect, it } from 'vitest'
import { mapSocketIoEvent } from './socketio-event.ts'

describe('Socket.IO event → event', () => {
  it.each([
    ['chat', ['hello'], 'hello'],
    ['chat', [''], ''],
    ['chat', ['{"a":1}'], '{"a":1}'],
    ['status', [{ user: 'ann', text: 'hi' }], '{"user":"ann","text":"hi"}'],
    ['count', [42], '42'],
    ['flag', [true], 'true'],
    ['nothing', [null], 'null'],
    ['list', [[1, 'a']], '[1,"a"]'],
    ['pair', ['a', { b: 2 }], '["a",{"b":2}]'],
    ['three', [1, 2, 3], '[1,2,3]'],
    ['ping', [], ''],
  ])('%s %j → %j', (name, args, data) => {
    expect(mapSocketIoEvent(name, args, 1024)).toEqual({ kind: 'event', type: name, data })
  })

  it('drops events carrying binary, wherever it is', () => {
    expect(mapSocketIoEvent('file', [Buffer.from('x')], 1024)).toMatchObject({ kind: 'dropped', reason: 'binary' })
    expect(mapSocketIoEvent('file', ['name', { body: new Uint8Array(2) }], 1024)).toMatchObject({ kind: 'dropped', reason: 'binary' })
    expect(mapSocketIoEvent('file', [new ArrayBuffer(3)], 1024)).toMatchObject({ kind: 'dropped', reason: 'binary' })
  })

  it('drops events over the limit, counted in UTF-8 bytes', () => {
    expect(mapSocketIoEvent('big', ['ü'.repeat(600)], 1024)).toEqual({ kind: 'dropped', reason: 'oversize', bytes: 1200 })
    expect(mapSocketIoEvent('ok', ['x'.repeat(1024)], 1024).kind).toBe('event')
  })
})
