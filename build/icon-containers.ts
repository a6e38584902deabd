/**
 * Windows .ico and macOS .icns files written from PNG images, without native tools: both formats
 * may embed PNG data as-is (ICO since Vista, ICNS types ic07+ since OS X 10.7). Also reads a PNG's
 * size, so the generator and the tests can check what they hold.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width, height and colour type (6 = RGBA) from a PNG's IHDR chunk. */
export function pngInfo(png: Buffer): { width: number; height: number; colorType: number } {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file')
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png.readUInt8(25) }
}

/** An ICO file holding the given square PNGs (each 1..256 px), largest last. */
export function ico(pngs: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(pngs.length, 4)
  const entries: Buffer[] = []
  let offset = 6 + 16 * pngs.length
  for (const png of pngs) {
    const { width, height } = pngInfo(png)
    if (width !== height || width < 1 || width > 256) throw new Error(`ICO images must be square, 1..256 px (got ${width}x${height})`)
    const entry = Buffer.alloc(16)
    entry.writeUInt8(width === 256 ? 0 : width, 0) // 0 means 256
    entry.writeUInt8(height === 256 ? 0 : height, 1)
    entry.writeUInt8(0, 2) // no palette
    entry.writeUInt8(0, 3) // reserved
    entry.writeUInt16LE(1, 4) // colour planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    entries.push(entry)
  }
  return Buffer.concat([header, ...entries, ...pngs])
}

/** ICNS element types that hold PNG data, by pixel size (the @2x types named by their pixels). */
export const ICNS_TYPES: readonly { type: string; pixels: number }[] = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 }, // 16@2x
  { type: 'ic12', pixels: 64 }, // 32@2x
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic13', pixels: 256 }, // 128@2x
  { type: 'ic09', pixels: 512 },
  { type: 'ic14', pixels: 512 }, // 256@2x
  { type: 'ic10', pixels: 1024 }, // 512@2x
]

/** An ICNS file: every type of `ICNS_TYPES` for which a PNG of its size is given. */
export function icns(pngsBySize: ReadonlyMap<number, Buffer>): Buffer {
  const elements: Buffer[] = []
  for (const { type, pixels } of ICNS_TYPES) {
    const png = pngsBySize.get(pixels)
    if (!png) continue
    const { width } = pngInfo(png)
    if (width !== pixels) throw new Error(`${type} needs ${pixels} px, got ${width}`)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(8 + png.length, 4)
    elements.push(head, png)
  }
  const body = Buffer.concat(elements)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + body.length, 4)
  return Buffer.concat([head, body])
}
