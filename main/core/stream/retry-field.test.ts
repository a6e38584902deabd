import { expect, it } from 'vitest'
import { lastRetryField } from './retry-field.ts'

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1')

it('reads the last valid retry field at a line start', () => {
  expect(lastRetryField(bytes('retry: 20\ndata: x\n\n'))).toBe(20)
  expect(lastRetryField(bytes('retry:03000\n\nretry: 1000x\n\n'))).toBe(3000)
  expect(lastRetryField(bytes('data: a\r\nretry:5\r\rretry: 7\n\n'))).toBe(7)
})

it('ignores retry that is not a field, not digits or empty', () => {
  expect(lastRetryField(bytes('data: retry: 5\n\n'))).toBeNull()
  expect(lastRetryField(bytes('retryx: 5\n\n'))).toBeNull()
  expect(lastRetryField(bytes('retry\n\nretry:\n\nretry: -1\n\nretry:  5\n\n'))).toBeNull()
  expect(lastRetryField(bytes('Retry: 5\n\n'))).toBeNull()
})
