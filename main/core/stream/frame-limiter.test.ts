import { describe, expect, it } from 'vitest'
import { concatBytes, createFrameLimiter, MAX_IDLE_HOLD } from './frame-limiter.ts'

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1')

/** Runs `input` through a fresh limiter in the given chunks; returns the output and the drops. */
function run(chunks: Uint8Array[], max: number): { out: string; drops: number; maxBuffered: number } {
  let drops = 0
  const limiter = createFrameLimiter({ maxBlockBytes: max, onOversize: () => drops++ })
  const out = concatBytes(chunks.map((chunk) => limiter.push(chunk)))
  return { out: text(out), drops, maxBuffered: limiter.maxBuffered }
}

/** Splits `bytes` at random offsets (seeded, so a failure can be replayed). */
function randomChunks(bytes: Uint8Array, random: () => number, maxPiece: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    const size = 1 + Math.floor(random() * maxPiece)
    chunks.push(bytes.slice(at, at + size))
    at += size
  }
  return chunks
}

function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * The reference: the same framing done on the whole input at once, by regular expression. A block
 * ends after the first byte of its blank line's terminator (the LF of a CRLF goes with the next
 * block); its size is every byte before that terminator.
 */
function reference(input: string, max: number): { out: string; drops: number } {
  const body = input.startsWith('\xef\xbb\xbf') ? input.slice(3) : input
  const line = /([^\r\n]*)(\r\n|\r|\n)/y
  let out = ''
  let drops = 0
  let blockStart = 0
  let match: RegExpExecArray | null
  while ((match = line.exec(body)) !== null) {
    if (match[1] !== '') continue
    if (match.index - blockStart > max) drops++
    else out += body.slice(blockStart, match.index + 1)
    blockStart = match.index + 1
  }
  // The unfinished block at the end is held back; it has been dropped if it already grew too big.
  if (body.length - blockStart > max) drops++
  return { out, drops }
}

describe('frame limiter', () => {
  it('allocates nothing for a quiet stream, and lets a large hold go once it is passed on', () => {
    const bytes = (text: string) => new TextEncoder().encode(text)
    const limiter = createFrameLimiter({ maxBlockBytes: 1024 * 1024, onOversize: () => {} })
    expect(limiter.capacity).toBe(0)
    limiter.push(bytes(': keepalive\n\n'))
    expect(limiter.capacity).toBe(0) // whole blocks pass straight through
    limiter.push(bytes('data: half'))
    const small = limiter.capacity
    expect(small).toBeGreaterThan(0)
    expect(small).toBeLessThanOrEqual(MAX_IDLE_HOLD)
    limiter.push(bytes('\n\n'))
    expect(limiter.capacity).toBe(small) // a small hold is kept for the next partial block
    // One big event, in pieces: held while it comes, let go once passed on.
    const piece = 'x'.repeat(50_000)
    limiter.push(bytes(`data: ${piece}`))
    limiter.push(bytes(piece))
    expect(limiter.capacity).toBeGreaterThan(MAX_IDLE_HOLD)
    expect(new TextDecoder().decode(limiter.push(bytes('\n\n'))).length).toBe(6 + 100_000 + 2)
    expect(limiter.capacity).toBe(0)
  })


  it('passes whole blocks only and holds back the unfinished one', () => {
    const limiter = createFrameLimiter({ maxBlockBytes: 100, onOversize: () => {} })
    expect(text(limiter.push(utf8('data: a\n\ndata: b')))).toBe('data: a\n\n')
    expect(limiter.buffered).toBe(7)
    expect(text(limiter.push(utf8('\n')))).toBe('')
    expect(text(limiter.push(utf8('\n')))).toBe('data: b\n\n')
    expect(limiter.buffered).toBe(0)
  })

  it('treats CRLF, LF and CR as line ends, including a CR at a chunk end followed by LF', () => {
    const mixed = 'data: a\r\n\r\ndata: b\r\rdata: c\n\n'
    expect(run([utf8(mixed)], 100).out).toBe(mixed)
    // The CR ends the block; the LF in the next chunk completes the CRLF, it is not a blank line.
    const split = run([utf8('data: a\r'), utf8('\ndata: b\r'), utf8('\n\r'), utf8('\n')], 100)
    expect(split.out).toBe('data: a\r\ndata: b\r\n\r')
  })

  it('drops a block larger than the limit and goes on with the next', () => {
    const big = `data: ${'x'.repeat(200)}\n`
    const result = run([utf8(`data: small\n\n${big}${big}\ndata: next\n\n`)], 100)
    expect(result.out).toBe('data: small\n\ndata: next\n\n')
    expect(result.drops).toBe(1)
  })

  it('accepts a block of exactly the limit', () => {
    const block = 'data: 1234\n' // 11 bytes counted
    expect(run([utf8(`${block}\n`)], 11).drops).toBe(0)
    expect(run([utf8(`${block}\n`)], 10).drops).toBe(1)
  })

  it('strips one leading BOM, even split across chunks, and only at the start', () => {
    const bom = [0xef, 0xbb, 0xbf]
    const input = new Uint8Array([...bom, ...bom, ...utf8('data: x\n\n')])
    const whole = run([input], 100).out
    expect(whole).toBe('\xef\xbb\xbfdata: x\n\n')
    const split = run([input.slice(0, 1), input.slice(1, 2), input.slice(2, 4), input.slice(4)], 100).out
    expect(split).toBe(whole)
    expect(run([new Uint8Array([0xef, 0xbb]), utf8('x\n\n')], 100).out).toBe('\xef\xbbx\n\n')
  })

  it('never holds more than the limit while an endless line streams through', () => {
    const limit = 4096
    let drops = 0
    const limiter = createFrameLimiter({ maxBlockBytes: limit, onOversize: () => drops++ })
    limiter.push(utf8('data: '))
    const piece = new Uint8Array(64 * 1024).fill(0x61)
    for (let i = 0; i < 50 * 16; i++) expect(limiter.push(piece).length).toBe(0) // 50 MB
    expect(text(limiter.push(utf8('\n\ndata: after\n\n')))).toBe('data: after\n\n')
    expect(limiter.maxBuffered).toBeLessThanOrEqual(limit)
    expect(drops).toBe(1)
  })

  it('gives the same result as the reference on LF-only streams, whose chunks take the fast path', () => {
    // No CR and limits a chunk rarely reaches: most pushes take the native-search path, some the
    // byte loop (a block near the limit), and both must agree with the reference and each other.
    const alphabet = ['data: ', 'id: 7', 'event: add', ': ping', 'x', 'yyyyyyyy', 'é', '\n', '\n', '\n\n', '\n\n\n']
    const random = seeded(424242)
    for (let round = 0; round < 300; round++) {
      let input = round % 7 === 0 ? '\ufeff' : ''
      const tokens = 5 + Math.floor(random() * 80)
      for (let i = 0; i < tokens; i++) input += alphabet[Math.floor(random() * alphabet.length)]
      const bytes = utf8(input)
      const max = 8 + Math.floor(random() * 120)
      const expected = reference(text(bytes), max)
      for (let cut = 0; cut < 5; cut++) {
        const chunked = run(randomChunks(bytes, random, 1 + Math.floor(random() * 40)), max)
        expect(chunked.out, `round ${round} chunking ${cut}: ${JSON.stringify(input)} max ${max}`).toBe(expected.out)
        expect(chunked.drops).toBe(expected.drops)
        expect(chunked.maxBuffered).toBeLessThanOrEqual(max)
      }
    }
  })

  it('gives the same result as the whole-input reference for any chunking', () => {
    const alphabet = ['data: ', 'id: 7', 'event: add', ': ping', 'retry: 5', 'x', 'yyyyyyyy', 'é', '\n', '\r', '\r\n', '\n\n', '\r\r']
    const random = seeded(12345)
    for (let round = 0; round < 300; round++) {
      let input = round % 7 === 0 ? '\ufeff' : ''
      const tokens = 5 + Math.floor(random() * 60)
      for (let i = 0; i < tokens; i++) input += alphabet[Math.floor(random() * alphabet.length)]
      const bytes = utf8(input)
      const max = 4 + Math.floor(random() * 40)
      const expected = reference(text(bytes), max)
      const whole = run([bytes], max)
      expect(whole.out, `round ${round}: ${JSON.stringify(input)} max ${max}`).toBe(expected.out)
      for (let cut = 0; cut < 5; cut++) {
        const chunked = run(randomChunks(bytes, random, 1 + Math.floor(random() * 12)), max)
        expect(chunked.out, `round ${round} chunking ${cut}: ${JSON.stringify(input)}`).toBe(whole.out)
        expect(chunked.drops).toBe(whole.drops)
        expect(chunked.maxBuffered).toBeLessThanOrEqual(max)
      }
    }
  })
})
