import { describe, expect, it } from 'vitest'
import { mapWsMessage, typeOfText, wirePayloadLimit } from './ws-message.ts'

const text = (t: string) => ({ binary: false as const, text: t, bytes: Buffer.byteLength(t) })

describe('WebSocket message → event', () => {
  it.each([
    ['{"type":"alert","msg":"disk"}', 'alert'],
    ['{"event":"deploy","ok":true}', 'deploy'],
    ['{"type":"alert","event":"deploy"}', 'alert'],
    ['  {"type":"x"}', 'x'],
    ['{"type":""}', 'message'],
    ['{"type":"","event":"e"}', 'e'],
    ['{"type":3,"event":"e"}', 'e'],
    ['{"type":{"a":1}}', 'message'],
    ['{"nested":{"type":"x"}}', 'message'],
    ['{"type":"x"', 'message'],
    ['["type","x"]', 'message'],
    ['"type"', 'message'],
    ['hello world', 'message'],
    ['', 'message'],
    ['42', 'message'],
  ])('%j has type %s', (data, type) => {
    expect(typeOfText(data)).toBe(type)
    expect(mapWsMessage(text(data), 1024)).toEqual({ kind: 'event', type, data })
  })

  it('keeps the text exactly as received (whitespace, unicode, line ends)', () => {
    const data = ' {"type":"t", "v": "ü\\n"}\r\n'
    expect(mapWsMessage(text(data), 1024)).toEqual({ kind: 'event', type: 't', data })
  })

  it('drops binary messages with a reason', () => {
    expect(mapWsMessage({ binary: true, bytes: 5 }, 1024)).toEqual({ kind: 'dropped', reason: 'binary', bytes: 5 })
  })

  it('drops messages over the limit, counted in UTF-8 bytes', () => {
    const data = 'é'.repeat(600) // 1200 bytes, 600 characters
    expect(mapWsMessage(text(data), 1024)).toEqual({ kind: 'dropped', reason: 'oversize', bytes: 1200 })
    expect(mapWsMessage(text('x'.repeat(1024)), 1024).kind).toBe('event')
    expect(mapWsMessage({ binary: true, bytes: 2000 }, 1024)).toEqual({ kind: 'dropped', reason: 'oversize', bytes: 2000 })
  })

  it('bounds what the client reads into memory at all', () => {
    expect(wirePayloadLimit(1024 * 1024)).toBe(4 * 1024 * 1024)
    expect(wirePayloadLimit(1024)).toBe(1024 + 64 * 1024)
  })
})
