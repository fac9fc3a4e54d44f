import { describe, expect, it } from 'vitest'
import { combinations, fromProduct, syncRows, toSkuInputs, usableSpecs } from './skuEditor'
import type { ConsoleProduct } from './types'

describe('SKU editor', () => {
  it('makes one row per combination of spec values', () => {
    const specs = [
      { name: '颜色', values: ['红', '蓝'] },
      { name: '尺码', values: ['M', 'L', 'XL'] },
    ]
    expect(combinations(specs)).toHaveLength(6)
    expect(combinations([])).toEqual([{}])
    expect(syncRows(specs, [])).toHaveLength(6)
  })

  it('ignores unnamed, empty and duplicate specs', () => {
    expect(
      usableSpecs([
        { name: ' ', values: ['a'] },
        { name: '色', values: [] },
        { name: '码', values: ['M', ' M ', ''] },
        { name: '码', values: ['L'] },
      ]),
    ).toEqual([{ name: '码', values: ['M'] }])
  })

  it('keeps typed prices and SKU ids when a value is added', () => {
    const one = syncRows([{ name: '颜色', values: ['红'] }], [])
    one[0] = { ...one[0], price: '19.90', id: 'sku-red' }
    const two = syncRows([{ name: '颜色', values: ['红', '蓝'] }], one)
    expect(two[0]).toMatchObject({ id: 'sku-red', price: '19.90', spec: { 颜色: '红' } })
    expect(two[1]).toMatchObject({ price: '19.90', spec: { 颜色: '蓝' } })
    expect(two[1].id).toBeUndefined()
  })

  it('converts 元 to fen, sends initial stock only for new SKUs, and points at a bad cell', () => {
    const rows = syncRows([{ name: '颜色', values: ['红', '蓝'] }], [])
    rows[0] = { ...rows[0], id: 'old', price: '12.3', listPrice: '20', initialStock: 5 }
    rows[1] = { ...rows[1], price: '0.5', initialStock: 7, code: ' B-1 ' }
    const { skus, problem } = toSkuInputs(rows)
    expect(problem).toBeUndefined()
    expect(skus[0]).toEqual({
      id: 'old',
      spec: { 颜色: '红' },
      priceFen: 1230,
      listPriceFen: 2000,
      code: null,
      status: 'active',
    })
    expect('listPriceFen' in skus[1]).toBe(false)
    expect(skus[1]).toEqual({
      spec: { 颜色: '蓝' },
      priceFen: 50,
      code: 'B-1',
      status: 'active',
      initialStock: 7,
    })
    rows[1] = { ...rows[1], price: '1.234' }
    expect(toSkuInputs(rows).problem).toEqual({ key: rows[1].key, field: 'price' })
  })

  it('loads an existing product', () => {
    const p = {
      specNames: ['颜色'],
      skus: [
        {
          id: 'a',
          spec: { 颜色: '红' },
          priceFen: 1990,
          listPriceFen: null,
          code: 'R',
          status: 'active',
          available: 3,
        },
        {
          id: 'b',
          spec: { 颜色: '蓝' },
          priceFen: 2990,
          listPriceFen: 3990,
          code: null,
          status: 'disabled',
          available: 0,
        },
      ],
    } as unknown as ConsoleProduct
    const { specs, rows } = fromProduct(p)
    expect(specs).toEqual([{ name: '颜色', values: ['红', '蓝'] }])
    expect(rows.map((r) => [r.id, r.price, r.listPrice, r.active, r.available])).toEqual([
      ['a', '19.90', '', true, 3],
      ['b', '29.90', '39.90', false, 0],
    ])
  })
})
