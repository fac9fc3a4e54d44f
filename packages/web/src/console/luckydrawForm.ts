import type { Campaign, CampaignInput, PrizeKind } from './luckydrawApi'

/** 10000 basis points: prizes and "no prize" must add up to exactly this. */
export const BP_WHOLE = 10_000

/** A prize as the form edits it: odds in percent (two decimals), coupon value in yuan. */
export interface PrizeValues {
  id?: string
  kind: PrizeKind
  name: string
  imageUrl?: string
  skuId?: string
  /** Points, or the coupon's value in yuan. */
  amount?: number | null
  reference?: string
  stock: number
  percent: number | null
}

/** The campaign as the form edits it: odds in percent, like the prizes'. */
export interface CampaignValues extends Omit<CampaignInput, 'noPrizeBp' | 'prizes'> {
  noPrizePercent: number | null
  prizes: PrizeValues[]
}

/** 12.5 (%) → 1250 bp, exactly: the form allows two decimals. */
export const percentToBp = (p: number | null | undefined) => Math.round((p ?? 0) * 100)
export const bpToPercent = (bp: number) => bp / 100

/** The live sum of the pool in bp, and what "no prize" would need for the whole to be 100%. */
export function poolSum(v: Pick<CampaignValues, 'prizes' | 'noPrizePercent'>) {
  const prizesBp = (v.prizes ?? []).reduce((s, p) => s + percentToBp(p?.percent), 0)
  const totalBp = prizesBp + percentToBp(v.noPrizePercent)
  return { prizesBp, totalBp, ok: totalBp === BP_WHOLE, restBp: BP_WHOLE - prizesBp }
}

export function toInput(v: CampaignValues): CampaignInput {
  return {
    title: v.title.trim(),
    description: v.description?.trim() ?? '',
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    dailyChances: v.dailyChances,
    shareDailyCap: v.shareDailyCap,
    inviteVisitChances: v.inviteVisitChances,
    inviteOrderChances: v.inviteOrderChances,
    inviteDailyCap: v.inviteDailyCap,
    noPrizeBp: percentToBp(v.noPrizePercent),
    prizes: v.prizes.map((p) => ({
      ...(p.id ? { id: p.id } : {}),
      kind: p.kind,
      name: p.name.trim(),
      imageUrl: p.imageUrl?.trim() || null,
      skuId: p.kind === 'product' ? (p.skuId ?? null) : null,
      amount:
        p.kind === 'points'
          ? (p.amount ?? null)
          : p.kind === 'coupon' && p.amount != null
            ? Math.round(p.amount * 100)
            : null,
      reference: p.kind === 'coupon' ? p.reference?.trim() || null : null,
      stock: p.stock,
      probabilityBp: percentToBp(p.percent),
    })),
  }
}

export function toValues(c: Campaign): CampaignValues {
  return {
    title: c.title,
    description: c.description,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    dailyChances: c.dailyChances,
    shareDailyCap: c.shareDailyCap,
    inviteVisitChances: c.inviteVisitChances,
    inviteOrderChances: c.inviteOrderChances,
    inviteDailyCap: c.inviteDailyCap,
    noPrizePercent: bpToPercent(c.noPrizeBp),
    prizes: c.prizes.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      imageUrl: p.imageUrl ?? undefined,
      skuId: p.skuId ?? undefined,
      amount: p.kind === 'coupon' && p.amount != null ? p.amount / 100 : p.amount,
      reference: p.reference ?? undefined,
      stock: p.stock,
      percent: bpToPercent(p.probabilityBp),
    })),
  }
}

/** The form field a server error names: `prizes.2.probabilityBp` → ['prizes', 2, 'percent']. */
export function formFieldOf(field: string | undefined): (string | number)[] | undefined {
  if (!field) return undefined
  const rename: Record<string, string> = { probabilityBp: 'percent', noPrizeBp: 'noPrizePercent' }
  const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : (rename[p] ?? p)))
  if (parts[0] === 'startsAt' || parts[0] === 'endsAt') return ['period']
  return parts
}
