import { defineMachine } from '../../../platform/state-machine.js'

export type ProductStatus = 'draft' | 'published' | 'unpublished'
export type ShelfEvent = 'publish' | 'unpublish'

/** A product's shelf state: it is sold only while published; unpublishing keeps it for orders and history. */
export const productShelf = defineMachine<ProductStatus, ShelfEvent>('product', {
  draft: { publish: 'published' },
  published: { unpublish: 'unpublished' },
  unpublished: { publish: 'published' },
})

export interface SkuDraft {
  spec: Record<string, string>
  priceFen: number
  listPriceFen?: number | null
  status: 'active' | 'disabled'
}

export interface Problem {
  field: string
  detail: string
  /** The same problem as a Chinese merchant reads it. */
  zh: string
}

export const MAX_SKUS = 100
export const MAX_IMAGES = 9

/**
 * Checks that every SKU names exactly the product's spec names, that no two SKUs share a spec
 * combination, and that a list price is not below the selling price. `prefix` is where the SKUs
 * sit in the request body, for the error's `field`.
 */
export function skuProblem(specNames: string[], skus: SkuDraft[], prefix = 'skus'): Problem | undefined {
  if (new Set(specNames).size !== specNames.length)
    return {
      field: 'specNames',
      detail: 'spec names must be different from each other',
      zh: '规格名不能重复',
    }
  if (skus.length === 0) return { field: prefix, detail: 'at least one SKU', zh: '请至少添加一个规格' }
  if (skus.length > MAX_SKUS)
    return { field: prefix, detail: `at most ${MAX_SKUS} SKUs`, zh: `最多 ${MAX_SKUS} 个规格` }
  if (specNames.length === 0 && skus.length > 1)
    return {
      field: 'specNames',
      detail: 'a product with several SKUs needs spec names, e.g. 颜色, 尺码',
      zh: '多个规格的商品需要填写规格名，如 颜色、尺码',
    }
  const seen = new Map<string, number>()
  for (const [i, sku] of skus.entries()) {
    const keys = Object.keys(sku.spec)
    const missing = specNames.find((n) => !sku.spec[n]?.trim())
    if (missing !== undefined)
      return {
        field: `${prefix}.${i}.spec`,
        detail: `a value for ${missing}`,
        zh: `第 ${i + 1} 个规格请填写「${missing}」`,
      }
    const extra = keys.find((k) => !specNames.includes(k))
    if (extra !== undefined)
      return {
        field: `${prefix}.${i}.spec`,
        detail: `${extra} is not one of the spec names`,
        zh: `第 ${i + 1} 个规格的「${extra}」不是商品的规格名`,
      }
    const combo = specKey(specNames, sku.spec)
    const twin = seen.get(combo)
    if (twin !== undefined)
      return {
        field: `${prefix}.${i}.spec`,
        detail: `the same spec as SKU ${twin + 1}`,
        zh: `第 ${i + 1} 个规格与第 ${twin + 1} 个规格相同`,
      }
    seen.set(combo, i)
    if (sku.listPriceFen != null && sku.listPriceFen < sku.priceFen)
      return {
        field: `${prefix}.${i}.listPriceFen`,
        detail: 'the list price cannot be below the price',
        zh: `第 ${i + 1} 个规格的划线价不能低于售价`,
      }
  }
  return undefined
}

const specKey = (names: string[], spec: Record<string, string>) =>
  JSON.stringify(names.map((n) => spec[n].trim()))

/** What a listing shows as "from ¥x": the lowest active SKU price, 0 when nothing is on sale. */
export function priceFrom(skus: Pick<SkuDraft, 'priceFen' | 'status'>[]): number {
  const prices = skus.filter((s) => s.status === 'active').map((s) => s.priceFen)
  return prices.length ? Math.min(...prices) : 0
}

/** A product may be on the shelf only with something to buy and something to look at. */
export const isComplete = (images: string[], skus: Pick<SkuDraft, 'status'>[]) =>
  images.length > 0 && skus.some((s) => s.status === 'active')

/** "颜色: 红 / 尺码: M" — how a SKU is named on cart lines and orders. */
export const specLabel = (specNames: string[], spec: Record<string, string>) =>
  specNames
    .filter((n) => spec[n])
    .map((n) => spec[n])
    .join(' / ')

/** A LIKE pattern that matches `q` literally anywhere in the text. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A category may not become its own ancestor. */
export function wouldCycle(parents: Map<string, string | null>, id: string, newParent: string | null) {
  for (let p = newParent, hops = 0; p && hops <= parents.size; p = parents.get(p) ?? null, hops++)
    if (p === id) return true
  return false
}

/** `id` and every category below it: browsing a parent category shows its children's products too. */
export function withDescendants(parents: Map<string, string | null>, id: string): string[] {
  const children = new Map<string, string[]>()
  for (const [c, p] of parents) if (p) children.set(p, [...(children.get(p) ?? []), c])
  const out: string[] = []
  const stack = [id]
  while (stack.length) {
    const c = stack.pop()!
    if (out.includes(c)) continue
    out.push(c)
    stack.push(...(children.get(c) ?? []))
  }
  return out
}
