import { writeFileSync } from 'node:fs'
import { createCanvas } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import {
  formatYuan,
  POSTER_HEIGHT,
  POSTER_WIDTH,
  renderSharePoster,
  type SharePosterInput,
  wrapLines,
} from './poster.js'
import { decodeQr } from './testing.js'

const LINK = 'https://shop.example.com/s/Ab3dE9xQ?ch=poster'

function photo(w: number, h: number, type: 'png' | 'jpeg' = 'png') {
  const c = createCanvas(w, h)
  const g = c.getContext('2d')
  const grad = g.createLinearGradient(0, 0, w, h)
  grad.addColorStop(0, '#ff9a44')
  grad.addColorStop(1, '#fc6076')
  g.fillStyle = grad
  g.fillRect(0, 0, w, h)
  return type === 'png' ? c.toBuffer('image/png') : c.toBuffer('image/jpeg')
}

const base: SharePosterInput = {
  shopName: '裂变优选旗舰店',
  productTitle: '赣南脐橙 5斤装 当季现摘 甜过初恋',
  productImage: photo(800, 600, 'jpeg'),
  priceFen: 3990,
  originalPriceFen: 5990,
  label: '2人团',
  promoterName: '王小美',
  link: LINK,
}

describe('renderSharePoster', () => {
  it('is a 750×1334 PNG whose QR decodes to the exact link', async () => {
    const png = await renderSharePoster({ ...base, promoterAvatar: photo(200, 200) })
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    const { text, width, height } = await decodeQr(png)
    expect([width, height]).toEqual([POSTER_WIDTH, POSTER_HEIGHT])
    expect(text).toBe(LINK)
    if (process.env.POSTER_SAMPLE) writeFileSync(process.env.POSTER_SAMPLE, png)
  })

  it('keeps a 200-character title to two lines and the QR readable', async () => {
    const png = await renderSharePoster({ ...base, productTitle: '超长标题'.repeat(50) })
    expect((await decodeQr(png)).text).toBe(LINK)
  })

  it('falls back to a plain panel and initials for a broken or missing picture', async () => {
    const broken = Buffer.from('definitely not an image')
    const png = await renderSharePoster({ ...base, productImage: broken, promoterAvatar: broken })
    expect((await decodeQr(png)).text).toBe(LINK)
    await expect(renderSharePoster({ ...base, productImage: null, label: null })).resolves.toBeInstanceOf(
      Buffer,
    )
  })

  it('refuses a link too long for a readable QR code', async () => {
    const link = `https://shop.example.com/s/${'x'.repeat(400)}`
    await expect(renderSharePoster({ ...base, link })).rejects.toThrow(/too long/)
  })

  it('refuses a price that is not whole fen', async () => {
    await expect(renderSharePoster({ ...base, priceFen: 39.9 })).rejects.toThrow(/whole/)
  })
})

describe('formatYuan', () => {
  it('shows yuan and fen', () => {
    expect(formatYuan(3990)).toBe('¥39.90')
    expect(formatYuan(5)).toBe('¥0.05')
    expect(formatYuan(100000)).toBe('¥1000.00')
  })
})

describe('wrapLines', () => {
  const measure = (s: string) => Array.from(s).length // one unit per character
  it('wraps at the width and ends a cut last line with an ellipsis', () => {
    expect(wrapLines(measure, 'abcdef', 10, 2)).toEqual(['abcdef'])
    expect(wrapLines(measure, 'abcdefghij', 4, 2)).toEqual(['abcd', 'efg…'])
    expect(wrapLines(measure, 'abcdefgh', 4, 2)).toEqual(['abcd', 'efgh'])
  })
})
