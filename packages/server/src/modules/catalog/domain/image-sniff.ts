/** What an uploaded file really is, judged from its first bytes rather than from what the client says. */
export interface SniffedImage {
  contentType: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif'
  ext: 'png' | 'jpg' | 'webp' | 'gif'
  width: number
  height: number
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

const startsWith = (b: Buffer, magic: number[], at = 0) =>
  b.length >= at + magic.length && magic.every((m, i) => b[at + i] === m)
const ascii = (b: Buffer, at: number, len: number) => b.toString('latin1', at, at + len)

/**
 * The image type and pixel size read from the header of `b`, or undefined when it is not a PNG,
 * JPEG, WebP or GIF whose size can be read. A file that only claims a type by its name or
 * content-type gets no further than this.
 */
export function sniffImage(b: Buffer): SniffedImage | undefined {
  const found = png(b) ?? jpeg(b) ?? gif(b) ?? webp(b)
  if (!found || found.width < 1 || found.height < 1) return undefined
  return found
}

function png(b: Buffer): SniffedImage | undefined {
  if (!startsWith(b, PNG_MAGIC) || b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined
  return { contentType: 'image/png', ext: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
}

function gif(b: Buffer): SniffedImage | undefined {
  if (b.length < 10) return undefined
  const sig = ascii(b, 0, 6)
  if (sig !== 'GIF87a' && sig !== 'GIF89a') return undefined
  return { contentType: 'image/gif', ext: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
}

/** Walks the JPEG segments up to the first start-of-frame, which holds the size. */
function jpeg(b: Buffer): SniffedImage | undefined {
  if (!startsWith(b, [0xff, 0xd8, 0xff])) return undefined
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined
    const marker = b[i + 1]
    if (marker === 0xff) {
      i += 1
      continue
    }
    // Markers without a length field.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2
      continue
    }
    const len = b.readUInt16BE(i + 2)
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isFrame)
      return {
        contentType: 'image/jpeg',
        ext: 'jpg',
        height: b.readUInt16BE(i + 5),
        width: b.readUInt16BE(i + 7),
      }
    if (len < 2) return undefined
    i += 2 + len
  }
  return undefined
}

function webp(b: Buffer): SniffedImage | undefined {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined
  const chunk = ascii(b, 12, 4)
  const base = { contentType: 'image/webp', ext: 'webp' } as const
  if (chunk === 'VP8 ') {
    // Lossy: a key frame starts with the 9d 01 2a start code, then 14-bit sizes.
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return undefined
    return { ...base, width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff }
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined
    const bits = b.readUInt32LE(21)
    return { ...base, width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X') {
    return { ...base, width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 }
  }
  return undefined
}
