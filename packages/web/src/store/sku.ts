import type { StoreSku } from '../shared/types'

/** The values each spec takes across a product's SKUs, in first-seen order. */
export function specOptions(specNames: string[], skus: StoreSku[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const name of specNames) {
    const seen: string[] = []
    for (const s of skus) {
      const v = s.spec[name]
      if (v !== undefined && !seen.includes(v)) seen.push(v)
    }
    out[name] = seen
  }
  return out
}

function matches(sku: StoreSku, selected: Record<string, string | undefined>): boolean {
  return Object.entries(selected).every(([k, v]) => v === undefined || sku.spec[k] === v)
}

/** The SKU the choices point at once every spec is chosen (a spec-less product has exactly one). */
export function findSku(
  specNames: string[],
  skus: StoreSku[],
  selected: Record<string, string | undefined>,
): StoreSku | undefined {
  if (specNames.length === 0) return skus[0]
  if (specNames.some((n) => selected[n] === undefined)) return undefined
  return skus.find((s) => matches(s, selected))
}

/**
 * Whether choosing `value` for `name` (keeping the other choices) still leads to a SKU in stock;
 * the picker greys out the options that cannot.
 */
export function optionAvailable(
  skus: StoreSku[],
  selected: Record<string, string | undefined>,
  name: string,
  value: string,
): boolean {
  const probe = { ...selected, [name]: value }
  return skus.some((s) => matches(s, probe) && s.available > 0)
}

/** Pre-selects the only value of each single-valued spec, and the whole SKU when there is just one in stock. */
export function initialSelection(specNames: string[], skus: StoreSku[]): Record<string, string | undefined> {
  const inStock = skus.filter((s) => s.available > 0)
  if (inStock.length === 1) return { ...inStock[0].spec }
  const opts = specOptions(specNames, skus)
  const sel: Record<string, string | undefined> = {}
  for (const n of specNames) if (opts[n].length === 1) sel[n] = opts[n][0]
  return sel
}

/** `颜色:红 / 尺码:M` → `红 / M`. */
export function specLabel(specNames: string[], spec: Record<string, string>): string {
  return specNames
    .map((n) => spec[n])
    .filter(Boolean)
    .join(' / ')
}
