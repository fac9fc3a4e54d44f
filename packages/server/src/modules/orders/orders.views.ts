import type { Selectable } from 'kysely'
import { maskPhone } from '../identity/index.js'
import type { OrdersTables } from './orders.tables.js'

type OrderRow = Selectable<OrdersTables['orders']>
type LineRow = Selectable<OrdersTables['order_lines']>
type HistoryRow = Selectable<OrdersTables['order_history']>
type AfterSalesRow = Selectable<OrdersTables['after_sales']>

/** Row → API shape, in one place, so storefront and console read the same order. */
export function lineView(l: LineRow) {
  return {
    id: l.id,
    productId: l.product_id,
    skuId: l.sku_id,
    title: l.title,
    specLabel: l.spec_label,
    imageUrl: l.image_url,
    unitPriceFen: l.unit_price_fen,
    quantity: l.quantity,
    amountFen: l.amount_fen,
    refundedQuantity: l.refunded_quantity,
    refundedFen: l.refunded_fen,
    returnable7d: l.returnable_7d,
    attribution: {
      promoterId: l.promoter_id,
      shareToken: l.share_token,
      groupId: l.group_id,
      liveRoomId: l.live_room_id,
      communityLeaderId: l.community_leader_id,
      creatorId: l.creator_id,
      campaignId: l.campaign_id,
      channel: l.channel,
    },
  }
}

export function afterSalesView(a: AfterSalesRow) {
  return {
    id: a.id,
    orderId: a.order_id,
    type: a.type,
    status: a.status,
    reason: a.reason,
    noReasonReturn: a.no_reason_return,
    lines: a.lines,
    amountFen: a.amount_fen,
    rejectReason: a.reject_reason,
    createdBy: a.created_by,
    createdAt: a.created_at,
  }
}

export function orderView(
  o: OrderRow,
  lines: LineRow[],
  extra: {
    history?: HistoryRow[]
    afterSales?: AfterSalesRow[]
    shopper?: { id: string; phone: string; nickname: string }
  } = {},
) {
  return {
    id: o.id,
    orderNo: o.order_no,
    status: o.status,
    kind: o.kind,
    kindRef: o.kind_ref,
    fulfillment: o.fulfillment,
    address: o.address,
    note: o.note,
    itemsFen: o.items_fen,
    shippingFen: o.shipping_fen,
    discountFen: o.discount_fen,
    taxFen: o.tax_fen,
    totalFen: o.total_fen,
    paidFen: o.paid_fen,
    refundedFen: o.refunded_fen,
    expiresAt: o.expires_at,
    paidAt: o.paid_at,
    shippedAt: o.shipped_at,
    completedAt: o.completed_at,
    cancelledAt: o.cancelled_at,
    carrier: o.carrier,
    trackingNo: o.tracking_no,
    pickupCode: o.pickup_code,
    createdAt: o.created_at,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    lines: lines.map(lineView),
    shopper: extra.shopper
      ? { id: extra.shopper.id, phone: maskPhone(extra.shopper.phone), nickname: extra.shopper.nickname }
      : undefined,
    history: extra.history?.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      event: h.event,
      actorKind: h.actor_kind,
      reason: h.reason,
      at: h.at,
    })),
    afterSales: extra.afterSales?.map(afterSalesView),
  }
}

export type OrderView = ReturnType<typeof orderView>
