import { describe, expect, it } from 'vitest'
import type { StoreSku } from '../shared/types'
import { findSku, initialSelection, optionAvailable, specLabel, specOptions } from './sku'

const sku = (id: string, spec: Record<string, string>, available: number): StoreSku => ({
  id,
  spec,
  priceFen: 100,
  listPriceFen: null,
  imageUrl: null,
  available,
})
const names = ['颜色', '尺码']
const skus = [
  sku('rm', { 颜色: '红', 尺码: 'M' }, 3),
  sku('rl', { 颜色: '红', 尺码: 'L' }, 0),
  sku('bm', { 颜色: '蓝', 尺码: 'M' }, 1),
]

describe('SKU picker rules', () => {
  it('lists each spec’s values', () => {
    expect(specOptions(names, skus)).toEqual({ 颜色: ['红', '蓝'], 尺码: ['M', 'L'] })
  })
  it('finds the SKU once every spec is chosen', () => {
    expect(findSku(names, skus, { 颜色: '红' })).toBeUndefined()
    expect(findSku(names, skus, { 颜色: '蓝', 尺码: 'M' })?.id).toBe('bm')
    expect(findSku([], [skus[0]], {})?.id).toBe('rm')
  })
  it('greys out choices that lead only to sold-out SKUs', () => {
    expect(optionAvailable(skus, { 颜色: '红' }, '尺码', 'L')).toBe(false)
    expect(optionAvailable(skus, { 颜色: '红' }, '尺码', 'M')).toBe(true)
    expect(optionAvailable(skus, { 尺码: 'L' }, '颜色', '蓝')).toBe(false)
  })
  it('pre-selects when there is only one way to buy', () => {
    expect(initialSelection(names, [skus[0], skus[1]])).toEqual({ 颜色: '红', 尺码: 'M' })
    expect(initialSelection(['颜色'], [sku('x', { 颜色: '白' }, 0)])).toEqual({ 颜色: '白' })
  })
  it('labels a spec', () => {
    expect(specLabel(names, { 颜色: '红', 尺码: 'M' })).toBe('红 / M')
  })
})
