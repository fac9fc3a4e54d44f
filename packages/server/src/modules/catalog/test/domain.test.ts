import { createCanvas } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { sniffImage } from '../domain/image-sniff.js'
import {
  containsPattern,
  isComplete,
  priceFrom,
  productShelf,
  skuProblem,
  specLabel,
  withDescendants,
  wouldCycle,
} from '../domain/product.js'

const drawn = (w: number, h: number) => {
  const c = createCanvas(w, h)
  const g = c.getContext('2d')
  g.fillStyle = '#e4393c'
  g.fillRect(0, 0, w, h)
  return c
}

describe('sniffImage', () => {
  it('reads type and size of real PNG, JPEG and WebP files', async () => {
    const c = drawn(37, 21)
    expect(sniffImage(c.toBuffer('image/png'))).toEqual({
      contentType: 'image/png',
      ext: 'png',
      width: 37,
      height: 21,
    })
    expect(sniffImage(c.toBuffer('image/jpeg'))).toMatchObject({ ext: 'jpg', width: 37, height: 21 })
    expect(sniffImage(c.toBuffer('image/webp'))).toMatchObject({ ext: 'webp', width: 37, height: 21 })
    expect(sniffImage(await c.encode('webp', 100))).toMatchObject({ ext: 'webp', width: 37, height: 21 })
  })

  it('reads a GIF header', () => {
    const gif = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x0a, 0x00, 0x05, 0x00, 0, 0, 0])
    expect(sniffImage(gif)).toMatchObject({ contentType: 'image/gif', width: 10, height: 5 })
  })

  it('refuses text, truncated headers and other formats', () => {
    expect(sniffImage(Buffer.from('hello, I am a .png in name only'))).toBeUndefined()
    expect(sniffImage(drawn(4, 4).toBuffer('image/png').subarray(0, 12))).toBeUndefined()
    expect(sniffImage(Buffer.from('%PDF-1.7\n'))).toBeUndefined()
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined()
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined()
  })
})

describe('SKU rules', () => {
  const sku = (spec: Record<string, string>, priceFen = 100, listPriceFen: number | null = null) => ({
    spec,
    priceFen,
    listPriceFen,
    status: 'active' as const,
  })

  it('accepts one plain SKU or a grid that names every spec exactly once', () => {
    expect(skuProblem([], [sku({})])).toBeUndefined()
    expect(
      skuProblem(
        ['颜色', '尺码'],
        [sku({ 颜色: '红', 尺码: 'M' }), sku({ 颜色: '红', 尺码: 'L' }), sku({ 颜色: '蓝', 尺码: 'M' })],
      ),
    ).toBeUndefined()
  })

  it('names the field at fault', () => {
    expect(skuProblem([], [sku({}), sku({})])?.field).toBe('specNames')
    expect(skuProblem(['颜色', '颜色'], [sku({ 颜色: '红' })])?.field).toBe('specNames')
    expect(skuProblem(['颜色'], [sku({ 颜色: '红' }), sku({ 尺码: 'M' })])?.field).toBe('skus.1.spec')
    expect(skuProblem(['颜色'], [sku({ 颜色: '红', 尺码: 'M' })])?.field).toBe('skus.0.spec')
    expect(skuProblem(['颜色'], [sku({ 颜色: '红' }), sku({ 颜色: ' 红 ' })])?.field).toBe('skus.1.spec')
    expect(skuProblem(['颜色'], [sku({ 颜色: '红' }, 500, 400)])?.field).toBe('skus.0.listPriceFen')
    expect(skuProblem([], [])?.field).toBe('skus')
    // And in Chinese, SKUs numbered from one.
    expect(skuProblem(['颜色', '颜色'], [sku({ 颜色: '红' })])?.zh).toBe('规格名不能重复')
    expect(skuProblem(['颜色'], [sku({ 颜色: '红' }), sku({ 尺码: 'M' })])?.zh).toBe(
      '第 2 个规格请填写「颜色」',
    )
    expect(skuProblem(['颜色'], [sku({ 颜色: '红' }), sku({ 颜色: ' 红 ' })])?.zh).toBe(
      '第 2 个规格与第 1 个规格相同',
    )
    expect(skuProblem(['颜色'], [sku({ 颜色: '红' }, 500, 400)])?.zh).toBe('第 1 个规格的划线价不能低于售价')
    expect(skuProblem([], [sku({}), sku({})])?.zh).toBe('多个规格的商品需要填写规格名，如 颜色、尺码')
  })

  it('prices from the cheapest active SKU', () => {
    expect(
      priceFrom([
        { priceFen: 900, status: 'active' },
        { priceFen: 100, status: 'disabled' },
        { priceFen: 500, status: 'active' },
      ]),
    ).toBe(500)
    expect(priceFrom([{ priceFen: 100, status: 'disabled' }])).toBe(0)
  })

  it('is complete only with an image and an active SKU', () => {
    expect(isComplete(['/a.png'], [{ status: 'active' }])).toBe(true)
    expect(isComplete([], [{ status: 'active' }])).toBe(false)
    expect(isComplete(['/a.png'], [{ status: 'disabled' }])).toBe(false)
  })

  it('labels a SKU in spec-name order', () => {
    expect(specLabel(['颜色', '尺码'], { 尺码: 'M', 颜色: '红' })).toBe('红 / M')
  })
})

describe('shelf and categories', () => {
  it('moves draft → published ⇄ unpublished and refuses the rest', () => {
    expect(productShelf.next('draft', 'publish')).toBe('published')
    expect(productShelf.next('published', 'unpublish')).toBe('unpublished')
    expect(productShelf.next('unpublished', 'publish')).toBe('published')
    expect(() => productShelf.next('draft', 'unpublish')).toThrow(/invalid_transition/)
    expect(() => productShelf.next('published', 'publish')).toThrow(/invalid_transition/)
  })

  it('finds cycles and descendants in the category tree', () => {
    const parents = new Map<string, string | null>([
      ['food', null],
      ['fruit', 'food'],
      ['apple', 'fruit'],
      ['toys', null],
    ])
    expect(wouldCycle(parents, 'food', 'apple')).toBe(true)
    expect(wouldCycle(parents, 'fruit', 'fruit')).toBe(true)
    expect(wouldCycle(parents, 'apple', 'toys')).toBe(false)
    expect(wouldCycle(parents, 'fruit', null)).toBe(false)
    expect(withDescendants(parents, 'food').sort()).toEqual(['apple', 'food', 'fruit'])
    expect(withDescendants(parents, 'toys')).toEqual(['toys'])
  })

  it('escapes LIKE wildcards in search words', () => {
    expect(containsPattern('100%_纯')).toBe('%100\\%\\_纯%')
  })
})
