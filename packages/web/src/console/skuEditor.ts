/** The product form's SKU table: specs → every combination → one editable row each. Pure. */
import { fenToYuanString, yuanToFen } from '../shared/money'
import type { ConsoleProduct, SkuInput } from './types'

export interface SpecDef {
  name: string
  values: string[]
}

export interface SkuRow {
  /** Stable key of the combination, e.g. `颜色=红|尺码=M`. */
  key: string
  id?: string
  spec: Record<string, string>
  /** Prices as typed, in 元. */
  price: string
  listPrice: string
  code: string
  /** Units received when a new SKU is created. */
  initialStock: number | null
  /** Current stock of an existing SKU. */
  available?: number
  active: boolean
}

/** Specs that take part: named, with at least one value, names and values trimmed and unique. */
export function usableSpecs(specs: SpecDef[]): SpecDef[] {
  const seen = new Set<string>()
  const out: SpecDef[] = []
  for (const s of specs) {
    const name = s.name.trim()
    const values = [...new Set(s.values.map((v) => v.trim()).filter(Boolean))]
    if (!name || values.length === 0 || seen.has(name)) continue
    seen.add(name)
    out.push({ name, values })
  }
  return out
}

/** Every combination of spec values, in the order the values were given; no specs → one empty spec. */
export function combinations(specs: SpecDef[]): Record<string, string>[] {
  let acc: Record<string, string>[] = [{}]
  for (const s of specs) acc = acc.flatMap((partial) => s.values.map((v) => ({ ...partial, [s.name]: v })))
  return acc
}

export function comboKey(spec: Record<string, string>, names: string[]): string {
  return names.map((n) => `${n}=${spec[n] ?? ''}`).join('|')
}

/**
 * The rows for the current specs: a combination that already had a row keeps it (price, code,
 * SKU id), a new one starts from the first row's prices so a batch of sizes needs typing once.
 */
export function syncRows(specs: SpecDef[], rows: SkuRow[]): SkuRow[] {
  const usable = usableSpecs(specs)
  const names = usable.map((s) => s.name)
  const byKey = new Map(rows.map((r) => [comboKey(r.spec, names), r]))
  const template = rows[0]
  return combinations(usable).map((spec) => {
    const key = comboKey(spec, names)
    const old = byKey.get(key)
    if (old) return { ...old, key, spec }
    return {
      key,
      spec,
      price: template?.price ?? '',
      listPrice: template?.listPrice ?? '',
      code: '',
      initialStock: template?.initialStock ?? null,
      active: true,
    }
  })
}

/** The editor's state for an existing product. */
export function fromProduct(p: ConsoleProduct): { specs: SpecDef[]; rows: SkuRow[] } {
  const specs = p.specNames.map((name) => ({
    name,
    values: [...new Set(p.skus.map((s) => s.spec[name]).filter((v): v is string => !!v))],
  }))
  const rows = p.skus.map((s) => ({
    key: comboKey(s.spec, p.specNames),
    id: s.id,
    spec: s.spec,
    price: fenToYuanString(s.priceFen),
    listPrice: s.listPriceFen === null ? '' : fenToYuanString(s.listPriceFen),
    code: s.code ?? '',
    initialStock: null,
    available: s.available,
    active: s.status === 'active',
  }))
  return { specs, rows: syncRows(specs, rows) }
}

export type SkuProblem = { key: string; field: 'price' | 'listPrice' }

/** The API's SKU list from the rows, or the first cell that is not a valid amount. */
export function toSkuInputs(rows: SkuRow[]): { skus: SkuInput[]; problem?: SkuProblem } {
  const skus: SkuInput[] = []
  for (const r of rows) {
    const priceFen = yuanToFen(r.price)
    if (priceFen === null || priceFen < 0) return { skus, problem: { key: r.key, field: 'price' } }
    const sku: SkuInput = {
      spec: r.spec,
      priceFen,
      code: r.code.trim() || null,
      status: r.active ? 'active' : 'disabled',
    }
    // An empty list price is left out: the SKU simply has none.
    if (r.listPrice.trim()) {
      const listPriceFen = yuanToFen(r.listPrice)
      if (listPriceFen === null || listPriceFen < 0)
        return { skus, problem: { key: r.key, field: 'listPrice' } }
      sku.listPriceFen = listPriceFen
    }
    if (r.id) sku.id = r.id
    else if (r.initialStock) sku.initialStock = r.initialStock
    skus.push(sku)
  }
  return { skus }
}
