import { beforeEach, describe, expect, it } from 'vitest'
import { productShareToken, rememberShareToken, shareTokenFor } from './shareVia'

// The node test environment has no sessionStorage: a small stand-in with the same calls.
const store = new Map<string, string>()
globalThis.sessionStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
  clear: () => store.clear(),
  key: () => null,
  length: 0,
} as Storage

describe('the share a visitor arrived by', () => {
  beforeEach(() => store.clear())

  it('credits only the target it was a share of', () => {
    rememberShareToken('tok123', 'product', 'p1')
    expect(shareTokenFor('product', 'p1')).toBe('tok123')
    expect(shareTokenFor('product', 'p2')).toBeUndefined()
    expect(shareTokenFor('deal', 'p1')).toBeUndefined()
  })

  it('credits an order when any of its products was the shared one', () => {
    expect(productShareToken(['p1'])).toBeUndefined()
    rememberShareToken('tok123', 'product', 'p2')
    expect(productShareToken(['p1', undefined, 'p2'])).toBe('tok123')
    expect(productShareToken([null])).toBeUndefined()
  })
})
