import { describe, expect, it } from 'vitest'
import { formFieldOf } from './flashsaleApi'

describe('formFieldOf', () => {
  it('puts a server field error on its form field', () => {
    expect(formFieldOf('slots.1.skus.0.flashPriceFen')).toEqual(['slots', 1, 'skus', 0, 'flashYuan'])
    expect(formFieldOf('slots.2.startsAt')).toEqual(['slots', 2, 'range'])
    expect(formFieldOf('slots.0.endsAt')).toEqual(['slots', 0, 'range'])
    expect(formFieldOf('slots.0.skus.3.stock')).toEqual(['slots', 0, 'skus', 3, 'stock'])
    expect(formFieldOf('title')).toEqual(['title'])
    expect(formFieldOf('X-Shop')).toBeUndefined()
    expect(formFieldOf(undefined)).toBeUndefined()
  })
})
