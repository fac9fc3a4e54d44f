import { describe, expect, it } from 'vitest'
import {
  buildQuery,
  dateRange,
  nextPage,
  type OrderListParams,
  parseOrderList,
  parseProductList,
  prevPage,
  urls,
  withFilters,
} from './urls'

describe('console URL builders', () => {
  it('puts filters, page trail and dialogs in the query string', () => {
    expect(urls.orders({ status: 'paid', q: '138' })).toBe('/orders?status=paid&q=138')
    expect(urls.orders()).toBe('/orders')
    expect(urls.order('o 1', { action: 'refund' })).toBe('/orders/o%201?action=refund')
    expect(urls.inventory({ adjust: 'sku1' })).toBe('/inventory?adjust=sku1')
    expect(urls.products({ c: ['a', 'b'] })).toBe('/products?c=a&c=b')
    expect(urls.login('/orders?status=paid')).toBe('/login?redirect=%2Forders%3Fstatus%3Dpaid')
    expect(buildQuery({ a: undefined, b: '' })).toBe('')
  })

  it('parses back what it built and ignores junk', () => {
    const sp = new URLSearchParams('status=paid&q=%E8%8C%B6&from=2026-11-01&to=bad&c=x&c=y')
    expect(parseOrderList(sp)).toEqual({
      status: 'paid',
      q: '茶',
      from: '2026-11-01',
      to: undefined,
      c: ['x', 'y'],
    })
    expect(parseOrderList(new URLSearchParams('status=shipped_to_mars'))).toMatchObject({ status: undefined })
    expect(parseProductList(new URLSearchParams('status=draft'))).toEqual({
      status: 'draft',
      q: undefined,
      categoryId: undefined,
      c: undefined,
    })
  })

  it('walks keyset pages forwards and back, and a new filter starts at page one', () => {
    const p1: OrderListParams = { status: 'paid' }
    const p2 = nextPage(p1, 'cur1')
    const p3 = nextPage(p2, 'cur2')
    expect(p3.c).toEqual(['cur1', 'cur2'])
    expect(prevPage(p3).c).toEqual(['cur1'])
    expect(prevPage(p2).c).toBeUndefined()
    expect(withFilters(p3, { q: 'x' })).toEqual({ status: 'paid', q: 'x', c: undefined })
  })

  it('turns local dates into an inclusive instant range', () => {
    const r = dateRange('2026-11-01', '2026-11-02')
    const from = new Date(r.from as string)
    const to = new Date(r.to as string)
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2026, 10, 1, 0])
    expect([to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds()]).toEqual([2, 23, 59, 59])
    expect(dateRange()).toEqual({ from: undefined, to: undefined })
  })
})
