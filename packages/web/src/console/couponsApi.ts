import type { Page } from '../shared/types'
import { client } from './api'

// Coupon templates as the server keeps them (packages/server/src/modules/coupons/coupons.schemas.ts).

export type CouponKind = 'fixed' | 'percent' | 'threshold' | 'free_shipping'
export const COUPON_KINDS: readonly CouponKind[] = ['fixed', 'percent', 'threshold', 'free_shipping']
export type CouponScope = 'all' | 'categories' | 'products'
export type TemplateStatus = 'active' | 'paused' | 'ended'
export const TEMPLATE_STATUSES: readonly TemplateStatus[] = ['active', 'paused', 'ended']

export interface TemplateInput {
  name: string
  kind: CouponKind
  amountFen?: number
  percentBps?: number
  capFen?: number | null
  thresholdFen?: number
  scope: CouponScope
  scopeIds: string[]
  validity: 'fixed' | 'after_claim'
  validFrom?: string
  validUntil?: string
  validDays?: number
  claimStartsAt: string
  claimEndsAt: string
  perPersonLimit: number
  totalLimit: number | null
  claimable: boolean
}

/** What can still change once a template exists: its terms stay as customers claimed them. */
export type TemplatePatch = Partial<
  Pick<TemplateInput, 'name' | 'claimEndsAt' | 'perPersonLimit' | 'totalLimit' | 'claimable'>
>

export interface CouponTemplate {
  id: string
  name: string
  kind: CouponKind
  label: { zh: string; en: string }
  amountFen: number
  percentBps: number
  capFen: number | null
  thresholdFen: number
  scope: CouponScope
  scopeIds: string[]
  validity: 'fixed' | 'after_claim'
  validFrom: string | null
  validUntil: string | null
  validDays: number | null
  claimStartsAt: string
  claimEndsAt: string
  perPersonLimit: number
  totalLimit: number | null
  claimable: boolean
  status: TemplateStatus
  issuedCount: number
  usedCount: number
  createdAt: string
  updatedAt: string
}

export interface IssueResult {
  issued: { shopperId: string; couponId: string }[]
  skipped: { shopperId: string; reason: string }[]
}

export interface CustomerCoupon {
  id: string
  templateId: string
  name: string
  kind: CouponKind
  label: { zh: string; en: string }
  status: 'available' | 'used' | 'expired'
  source: string
  validFrom: string
  validUntil: string
  orderId: string | null
  usedAt: string | null
  createdAt: string
}

const id = encodeURIComponent

export const couponsApi = {
  templates: (q: { status?: TemplateStatus; cursor?: string; limit?: number }) =>
    client.get<Page<CouponTemplate>>('/console/coupons/templates', q),
  template: (templateId: string) =>
    client.get<CouponTemplate>(`/console/coupons/templates/${id(templateId)}`),
  createTemplate: (body: TemplateInput, idempotencyKey: string) =>
    client.post<CouponTemplate>('/console/coupons/templates', body, { idempotencyKey }),
  updateTemplate: (templateId: string, body: TemplatePatch) =>
    client.patch<CouponTemplate>(`/console/coupons/templates/${id(templateId)}`, body),
  move: (templateId: string, event: 'pause' | 'resume' | 'end') =>
    client.post<CouponTemplate>(`/console/coupons/templates/${id(templateId)}/${event}`),
  issue: (templateId: string, shopperIds: string[], idempotencyKey: string) =>
    client.post<IssueResult>(
      `/console/coupons/templates/${id(templateId)}/issue`,
      { shopperIds },
      { idempotencyKey },
    ),
  ofCustomer: (shopperId: string) => client.get<CustomerCoupon[]>('/console/coupons', { shopperId }),
}
