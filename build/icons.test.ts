import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TRAY_ICONS } from '../main/core/tray/icons.ts'
import { OVERLAY_BADGES } from '../main/electron/overlay-badge.ts'
import { ICNS_TYPES, icns, ico, pngInfo } from './icon-containers.ts'

const here = import.meta.dirname
const file = (name: string) => readFileSync(join(here, name))

/** A minimal valid PNG header of the given size (enough for the containers, which copy bytes). */
function fakePng(size: number): Buffer {
  const png = Buffer.alloc(40)
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0)
  png.writeUInt32BE(13, 8)
  png.write('IHDR', 12, 'latin1')
  png.writeUInt32BE(size, 16)
  png.writeUInt32BE(size, 20)
  png.writeUInt8(8, 24)
  png.writeUInt8(6, 25)
  return png
}

/** Reads an ICO directory back. */
function readIco(data: Buffer) {
  expect(data.readUInt16LE(0)).toBe(0)
  expect(data.readUInt16LE(2)).toBe(1)
  const count = data.readUInt16LE(4)
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i
    const size = data.readUInt32LE(at + 8)
    const offset = data.readUInt32LE(at + 12)
    return { width: data.readUInt8(at) || 256, png: data.subarray(offset, offset + size) }
  })
}

/** Reads an ICNS file's elements back, checking every length. */
function readIcns(data: Buffer) {
  expect(data.toString('latin1', 0, 4)).toBe('icns')
  expect(data.readUInt32BE(4)).toBe(data.length)
  const out: { type: string; png: Buffer }[] = []
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at + 4)
    out.push({ type: data.toString('latin1', at, at + 4), png: data.subarray(at + 8, at + length) })
    at += length
  }
  return out
}

describe('icon containers', () => {
  it('ICO: directory entries point at each PNG, 256 written as 0', () => {
    const pngs = [fakePng(16), fakePng(256)]
    const entries = readIco(ico(pngs))
    expect(entries.map((e) => e.width)).toEqual([16, 256])
    expect(entries.map((e) => pngInfo(e.png).width)).toEqual([16, 256])
    expect(() => ico([fakePng(512)])).toThrow('1..256')
  })

  it('ICNS: one element per known size, lengths adding up', () => {
    const pngs = new Map([16, 32, 512].map((s) => [s, fakePng(s)]))
    const elements = readIcns(icns(pngs))
    expect(elements.map((e) => e.type)).toEqual(['icp4', 'icp5', 'ic11', 'ic09', 'ic14'])
    for (const e of elements) expect(pngInfo(e.png).width).toBe(ICNS_TYPES.find((t) => t.type === e.type)!.pixels)
  })

  it('rejects what is not a PNG', () => {
    expect(() => pngInfo(Buffer.from('GIF89a, not a png at all, long enough to parse'))).toThrow('not a PNG')
  })
})

describe('generated icons (npm run icons)', () => {
  it('has a transparent PNG of the right size for every tray icon the core can ask for, plain and @2x', () => {
    for (const stem of TRAY_ICONS) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        const info = pngInfo(file(`tray/${stem}${suffix}.png`))
        expect({ stem, suffix, ...info }).toEqual({ stem, suffix, width: size, height: size, colorType: 6 })
      }
    }
  })

  it('has every overlay count badge', () => {
    for (const { stem } of OVERLAY_BADGES) {
      expect(pngInfo(file(`tray/${stem}.png`)).width).toBe(16)
      expect(pngInfo(file(`tray/${stem}@2x.png`)).width).toBe(32)
    }
  })

  it('has the app icon for every platform', () => {
    expect(pngInfo(file('icon.png'))).toEqual({ width: 1024, height: 1024, colorType: 6 })
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(pngInfo(file(`icons/${size}x${size}.png`)).width).toBe(size)
    expect(readIco(file('icon.ico')).map((e) => e.width)).toEqual([16, 24, 32, 48, 64, 128, 256])
    const types = readIcns(file('icon.icns')).map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']))
    expect(existsSync(join(here, 'icon.svg'))).toBe(true)
  })
})
