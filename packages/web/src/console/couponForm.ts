import { fenToYuanString, yuanToFen } from '../shared/money'
import type { CouponKind, CouponScope, CouponTemplate, TemplateInput, TemplatePatch } from './couponsApi'

/** What the template form holds: amounts in 元 as typed, percent off as a percentage, times as ISO strings. */
export interface CouponFormValues {
  name?: string
  kind?: CouponKind
  amount?: string | number | null
  percentOff?: string | number | null
  cap?: string | number | null
  threshold?: string | number | null
  scope?: CouponScope
  scopeIds?: string[]
  validity?: 'fixed' | 'after_claim'
  validFrom?: string | null
  validUntil?: string | null
  validDays?: number | null
  claimStartsAt?: string | null
  claimEndsAt?: string | null
  perPersonLimit?: number | null
  totalLimit?: number | null
  claimable?: boolean
}

export type CouponField = keyof CouponFormValues
export interface CouponProblem {
  field: CouponField
  key:
    | 'required'
    | 'amount'
    | 'percent'
    | 'thresholdBelowAmount'
    | 'scopeIds'
    | 'validEnd'
    | 'claimAfterValid'
    | 'claimEnd'
    | 'totalBelowPerPerson'
    | 'limit'
}

/** The server's field names, for mapping its refusal back onto the form. */
export const SERVER_FIELD: Record<string, CouponField> = {
  name: 'name',
  amountFen: 'amount',
  percentBps: 'percentOff',
  capFen: 'cap',
  thresholdFen: 'threshold',
  scopeIds: 'scopeIds',
  validFrom: 'validFrom',
  validUntil: 'validUntil',
  validDays: 'validDays',
  claimStartsAt: 'claimStartsAt',
  claimEndsAt: 'claimEndsAt',
  perPersonLimit: 'perPersonLimit',
  totalLimit: 'totalLimit',
}

const MAX_AMOUNT_FEN = 10_000_000
const blank = (v: unknown) => v === undefined || v === null || v === ''
const time = (v: string | null | undefined) => (v ? new Date(v).getTime() : Number.NaN)

/** "15" or "8.5" percent off as basis points, or null when it is not a percentage with at most two decimals. */
export function percentToBps(v: string | number | null | undefined): number | null {
  if (blank(v)) return null
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(String(v).trim())
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || 0)
}

/**
 * The form's values as the API's input, or the problems to show by field. Mirrors the server's
 * template rules so the operator sees them before saving; the server checks again.
 */
export function toTemplateInput(v: CouponFormValues): { input?: TemplateInput; problems: CouponProblem[] } {
  const problems: CouponProblem[] = []
  const p = (field: CouponField, key: CouponProblem['key']) => problems.push({ field, key })
  const kind = v.kind ?? 'fixed'
  const name = (v.name ?? '').trim()
  if (!name) p('name', 'required')

  let amountFen: number | undefined
  if (kind === 'fixed' || kind === 'threshold') {
    const fen = yuanToFen(v.amount)
    if (blank(v.amount)) p('amount', 'required')
    else if (fen === null || fen < 1 || fen > MAX_AMOUNT_FEN) p('amount', 'amount')
    else amountFen = fen
  }
  let percentBps: number | undefined
  let capFen: number | null = null
  if (kind === 'percent') {
    const bps = percentToBps(v.percentOff)
    if (blank(v.percentOff)) p('percentOff', 'required')
    else if (bps === null || bps < 1 || bps > 9_900) p('percentOff', 'percent')
    else percentBps = bps
    if (!blank(v.cap)) {
      const fen = yuanToFen(v.cap)
      if (fen === null || fen < 1 || fen > MAX_AMOUNT_FEN) p('cap', 'amount')
      else capFen = fen
    }
  }
  // The threshold is required for 满减 and an optional minimum spend for the others.
  let thresholdFen = 0
  if (blank(v.threshold)) {
    if (kind === 'threshold') p('threshold', 'required')
  } else {
    const fen = yuanToFen(v.threshold)
    if (fen === null || fen < 0 || (kind === 'threshold' && fen < 1)) p('threshold', 'amount')
    else if (kind === 'threshold' && amountFen !== undefined && fen < amountFen)
      p('threshold', 'thresholdBelowAmount')
    else thresholdFen = fen
  }

  const scope = v.scope ?? 'all'
  const scopeIds = scope === 'all' ? [] : [...new Set(v.scopeIds ?? [])]
  if (scope !== 'all' && !scopeIds.length) p('scopeIds', 'scopeIds')

  const validity = v.validity ?? 'fixed'
  if (validity === 'fixed') {
    if (!v.validFrom) p('validFrom', 'required')
    if (!v.validUntil) p('validUntil', 'required')
    else if (v.validFrom && time(v.validUntil) <= time(v.validFrom)) p('validUntil', 'validEnd')
    else if (v.claimEndsAt && time(v.claimEndsAt) > time(v.validUntil)) p('claimEndsAt', 'claimAfterValid')
  } else if (blank(v.validDays)) p('validDays', 'required')
  else if (!Number.isInteger(v.validDays) || (v.validDays as number) < 1 || (v.validDays as number) > 3650)
    p('validDays', 'limit')

  if (!v.claimStartsAt) p('claimStartsAt', 'required')
  if (!v.claimEndsAt) p('claimEndsAt', 'required')
  else if (v.claimStartsAt && time(v.claimEndsAt) <= time(v.claimStartsAt)) p('claimEndsAt', 'claimEnd')

  const perPersonLimit = v.perPersonLimit ?? 1
  if (!Number.isInteger(perPersonLimit) || perPersonLimit < 1 || perPersonLimit > 100)
    p('perPersonLimit', 'limit')
  const totalLimit = blank(v.totalLimit) ? null : (v.totalLimit as number)
  if (totalLimit !== null) {
    if (!Number.isInteger(totalLimit) || totalLimit < 1 || totalLimit > 10_000_000) p('totalLimit', 'limit')
    else if (totalLimit < perPersonLimit) p('totalLimit', 'totalBelowPerPerson')
  }

  if (problems.length) return { problems }
  const input: TemplateInput = {
    name,
    kind,
    scope,
    scopeIds,
    validity,
    claimStartsAt: v.claimStartsAt as string,
    claimEndsAt: v.claimEndsAt as string,
    perPersonLimit,
    totalLimit,
    claimable: v.claimable ?? true,
    thresholdFen,
  }
  if (amountFen !== undefined) input.amountFen = amountFen
  if (kind === 'percent') {
    input.percentBps = percentBps
    input.capFen = capFen
  }
  if (validity === 'fixed') {
    input.validFrom = v.validFrom as string
    input.validUntil = v.validUntil as string
  } else input.validDays = v.validDays as number
  return { input, problems }
}

/** The changes an edit may make to a saved template: name, claim end and limits. */
export function toTemplatePatch(
  saved: CouponTemplate,
  v: CouponFormValues,
): { patch?: TemplatePatch; problems: CouponProblem[] } {
  const { problems } = toTemplateInput({ ...valuesOf(saved), ...pick(v) })
  if (problems.length) return { problems }
  const next = pick(v)
  const patch: TemplatePatch = {}
  if (next.name !== undefined && next.name.trim() !== saved.name) patch.name = next.name.trim()
  if (next.claimEndsAt && time(next.claimEndsAt) !== time(saved.claimEndsAt))
    patch.claimEndsAt = next.claimEndsAt
  if (next.perPersonLimit != null && next.perPersonLimit !== saved.perPersonLimit)
    patch.perPersonLimit = next.perPersonLimit
  const total = blank(next.totalLimit) ? null : (next.totalLimit as number)
  if (total !== saved.totalLimit) patch.totalLimit = total
  if (next.claimable !== undefined && next.claimable !== saved.claimable) patch.claimable = next.claimable
  return { patch, problems }
}

const pick = (v: CouponFormValues): CouponFormValues => ({
  name: v.name,
  claimEndsAt: v.claimEndsAt,
  perPersonLimit: v.perPersonLimit,
  totalLimit: v.totalLimit,
  claimable: v.claimable,
})

/** A saved template as form values (for editing, or as the start of a copy). */
export function valuesOf(t: CouponTemplate): CouponFormValues {
  return {
    name: t.name,
    kind: t.kind,
    amount: t.kind === 'fixed' || t.kind === 'threshold' ? fenToYuanString(t.amountFen) : null,
    percentOff: t.kind === 'percent' ? String(t.percentBps / 100) : null,
    cap: t.capFen === null ? null : fenToYuanString(t.capFen),
    threshold: t.thresholdFen ? fenToYuanString(t.thresholdFen) : null,
    scope: t.scope,
    scopeIds: t.scopeIds,
    validity: t.validity,
    validFrom: t.validFrom,
    validUntil: t.validUntil,
    validDays: t.validDays,
    claimStartsAt: t.claimStartsAt,
    claimEndsAt: t.claimEndsAt,
    perPersonLimit: t.perPersonLimit,
    totalLimit: t.totalLimit,
    claimable: t.claimable,
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PHONE = /^(?:\+?86)?1\d{10}$/

/**
 * Customer ids pasted one per line (or separated by commas or spaces), deduplicated. Phone numbers
 * are recognised but set apart: the issue call takes customer ids only.
 */
export function parseRecipients(text: string): { ids: string[]; phones: string[]; invalid: string[] } {
  const ids = new Set<string>()
  const phones: string[] = []
  const invalid: string[] = []
  for (const raw of text.split(/[\s,，;；]+/)) {
    const s = raw.trim()
    if (!s) continue
    if (UUID.test(s)) ids.add(s.toLowerCase())
    else if (PHONE.test(s.replace(/-/g, ''))) phones.push(s)
    else invalid.push(s)
  }
  return { ids: [...ids], phones, invalid }
}

/** Share of issued coupons that were used, as a whole percentage. */
export function useRate(t: Pick<CouponTemplate, 'issuedCount' | 'usedCount'>): number {
  return t.issuedCount ? Math.round((t.usedCount / t.issuedCount) * 100) : 0
}
