import { loadImage } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { QR_MAX_TEXT, qrModules, qrPng, qrSvg } from './qr.js'
import { decodeQr } from './testing.js'

const LINK = 'https://shop.example.com/s/Ab3dE9xQ'

describe('qrPng', () => {
  it('is a PNG of the asked width that decodes to the exact text', async () => {
    const png = await qrPng(LINK, { width: 300 })
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    const { text, width, height } = await decodeQr(png)
    expect([width, height]).toEqual([300, 300])
    expect(text).toBe(LINK)
  })

  it('keeps the size within bounds', async () => {
    expect((await loadImage(await qrPng(LINK, { width: 10 }))).width).toBe(64)
    expect((await loadImage(await qrPng(LINK, { width: 99_999 }))).width).toBe(2048)
  })

  it('refuses empty and over-long text', () => {
    expect(() => qrPng('')).toThrow(/empty/)
    expect(() => qrPng('x'.repeat(QR_MAX_TEXT + 1))).toThrow(/longer than/)
    expect(() => qrModules('')).toThrow(/empty/)
  })
})

describe('qrSvg', () => {
  it('is an SVG document with a path', async () => {
    const svg = await qrSvg(LINK)
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg).toMatch(/<path[^>]* d="M/)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(() => qrSvg('')).toThrow(/empty/)
  })
})

describe('qrModules', () => {
  it('is a square grid with the finder pattern in the corner', () => {
    const m = qrModules(LINK)
    expect(m.every((row) => row.length === m.length)).toBe(true)
    expect(m[0].slice(0, 7).every(Boolean)).toBe(true)
    expect(m[1][1]).toBe(false)
  })
})
