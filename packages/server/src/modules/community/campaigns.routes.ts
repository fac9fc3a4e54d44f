import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import QRCode from 'qrcode'
import { invalid, notFound } from '../../platform/errors.js'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Page, paged } from '../../platform/http/schemas.js'
import {
  Campaign,
  CampaignInput,
  CampaignOrderBody,
  CampaignParams,
  CampaignStatus,
  PickupParams,
  ReceiptBody,
  RouteInput,
  StoreCampaign,
  VerifyBody,
} from './campaigns.schemas.js'
import type { CampaignStatus as Status } from './domain/campaign-state.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The 8 digits, typed, or read from the shopper's QR code (`liebian:pickup:<campaign>:<code>`). */
function codeOf(text: string, campaignId: string) {
  const qr = /^liebian:pickup:([0-9a-f-]{36}):(\d{8})$/.exec(text.trim())
  if (!qr) return text.trim()
  if (qr[1] !== campaignId)
    throw invalid('code', 'this code is for another campaign', '这是其他团购活动的提货码')
  return qr[2]
}

/** Pre-order campaigns: the operator's console, the shopper's order and pickups, the leader's workbench. */
export const campaignsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const campaigns = app.core.community.campaigns

  // Console ------------------------------------------------------------------------------------
  app.post(
    '/console/community/campaigns',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary:
          'Draft a pre-order campaign: SKUs with price, limits, supplier, unit and cost; cutoff and pickup date',
        body: CampaignInput,
        response: { 201: Campaign },
      },
    },
    async (req, reply) => {
      const b = req.body
      const created = await campaigns.create(req.ctx(), {
        ...b,
        commissionBp: b.commissionBp ?? 0,
        uncollectedDays: b.uncollectedDays ?? 3,
        uncollectedRule: b.uncollectedRule ?? 'refund',
        returnWindowDays: b.returnWindowDays ?? 7,
      })
      return reply.status(201).send(created)
    },
  )

  app.get(
    '/console/community/campaigns',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Campaigns, newest first',
        querystring: Type.Object({ ...Page.properties, status: Type.Optional(CampaignStatus) }),
        response: { 200: paged(Campaign) },
      },
    },
    async (req) =>
      campaigns.list(req.ctx(), {
        status: req.query.status as Status | undefined,
        limit: req.query.limit ?? 20,
        cursor: req.query.cursor,
      }),
  )

  app.get(
    '/console/community/campaigns/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'A campaign with its SKUs',
        params: CampaignParams,
        response: { 200: Campaign },
      },
    },
    async (req) => campaigns.get(req.ctx(), req.params.id),
  )

  app.post(
    '/console/community/campaigns/:id/open',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Open a draft campaign to orders; it closes by itself at the cutoff',
        params: CampaignParams,
        response: { 200: Campaign },
      },
    },
    async (req) => campaigns.open(req.ctx(), req.params.id),
  )

  app.post(
    '/console/community/campaigns/:id/cancel',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Cancel a campaign before goods arrive: unpaid orders are cancelled, paid ones refunded',
        params: CampaignParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Campaign },
      },
    },
    async (req) => campaigns.cancel(req.ctx(), req.params.id, req.body.reason),
  )

  app.get(
    '/console/community/campaigns/:id/demand',
    {
      onRequest: staff,
      schema: { ...consoleTag, summary: 'Demand by SKU so far (paid orders)', params: CampaignParams },
    },
    async (req) => campaigns.demand(req.ctx(), req.params.id),
  )

  app.get(
    '/console/community/campaigns/:id/picking-lists',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Per pickup point (leader): what to deliver, built at the cutoff, with what was received',
        params: CampaignParams,
      },
    },
    async (req) => campaigns.pickingList(req.ctx(), req.params.id),
  )

  app.get(
    '/console/community/campaigns/:id/purchase-orders',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Per supplier: all demand by SKU with unit, quantity and cost totals, built at the cutoff',
        params: CampaignParams,
      },
    },
    async (req) => campaigns.purchaseOrders(req.ctx(), req.params.id),
  )

  app.get(
    '/console/community/campaigns/:id/delivery-sheets',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Per route: its pickup points in driving order with what each gets',
        params: CampaignParams,
      },
    },
    async (req) => campaigns.deliverySheets(req.ctx(), req.params.id),
  )

  app.get(
    '/console/community/campaigns/:id/progress',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Pickup progress per point: orders by pickup status, and when the goods arrived',
        params: CampaignParams,
      },
    },
    async (req) => campaigns.progress(req.ctx(), req.params.id),
  )

  app.get(
    '/console/community/campaigns/:id/export.xlsx',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'Purchase order, picking lists and delivery sheets as one .xlsx (English with Accept-Language: en)',
        params: CampaignParams,
      },
    },
    async (req, reply) => {
      const { bytes, filename } = await campaigns.exportXlsx(req.ctx(), req.params.id)
      return reply
        .type(XLSX)
        .header('Content-Disposition', `attachment; filename="${filename}"`)
        .header('Cache-Control', 'no-store')
        .send(bytes)
    },
  )

  app.get(
    '/console/community/campaigns/:id/print',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Purchase order, picking lists and delivery sheets as one printable HTML page',
        params: CampaignParams,
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(await campaigns.printHtml(req.ctx(), req.params.id)),
  )

  app.get(
    '/console/community/routes',
    {
      onRequest: staff,
      schema: { ...consoleTag, summary: 'Delivery routes and their pickup points in order' },
    },
    async (req) => campaigns.routes(req.ctx()),
  )

  app.post(
    '/console/community/routes',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Create or replace a delivery route by name; its points leave any other route',
        body: RouteInput,
      },
    },
    async (req) => campaigns.saveRoute(req.ctx(), req.body),
  )

  // Storefront ---------------------------------------------------------------------------------
  app.get(
    '/store/community/campaigns/:id',
    {
      schema: {
        ...store,
        summary: 'A campaign as its leader’s link shows it: SKUs, prices, limits, what is left, cutoff',
        params: CampaignParams,
        response: { 200: StoreCampaign },
      },
    },
    async (req) => {
      const c = await campaigns.get(req.ctx(), req.params.id)
      if (c.status === 'draft') throw notFound('deal', 'id')
      return campaigns.storeView(c)
    },
  )

  app.post(
    '/store/community/campaigns/:id/orders',
    {
      onRequest: requireShopper,
      config: { idempotent: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'Order in a campaign through a leader; picked up at the leader’s point. 409 limit_reached, sold_out',
        params: CampaignParams,
        body: CampaignOrderBody,
      },
    },
    async (req, reply) =>
      reply.status(201).send(await campaigns.order(req.ctx(), shopperId(req), req.params.id, req.body)),
  )

  app.get(
    '/store/community/pickups',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'My campaign orders with their pickup codes' },
    },
    async (req) => campaigns.myPickups(req.ctx(), shopperId(req)),
  )

  app.get(
    '/store/community/pickups/:orderId/qr.png',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My pickup code as a QR code for the leader to scan',
        params: PickupParams,
      },
    },
    async (req, reply) => {
      const text = await campaigns.pickupQrText(req.ctx(), shopperId(req), req.params.orderId)
      return reply
        .type('image/png')
        .header('Cache-Control', 'private, no-store')
        .send(await QRCode.toBuffer(text, { type: 'png', width: 360, margin: 4, errorCorrectionLevel: 'M' }))
    },
  )

  // Leader workbench (a shopper who is an active leader) ------------------------------------------
  app.get(
    '/store/community/leader/campaigns/:id/picking-list',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'The leader’s picking list for a campaign', params: CampaignParams },
    },
    async (req) => {
      const ctx = req.ctx()
      const { pickupPointId } = await campaigns.leaderOf(ctx, shopperId(req))
      return campaigns.pickingList(ctx, req.params.id, pickupPointId)
    },
  )

  app.get(
    '/store/community/leader/campaigns/:id/orders',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'The leader’s paid orders in a campaign with what each holds and where its pickup stands',
        params: CampaignParams,
      },
    },
    async (req) => campaigns.leaderOrders(req.ctx(), shopperId(req), req.params.id),
  )

  app.post(
    '/store/community/leader/campaigns/:id/receipt',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary: 'The leader marks what arrived, per SKU; short or damaged units are refunded',
        params: CampaignParams,
        body: ReceiptBody,
      },
    },
    async (req) => campaigns.receive(req.ctx(), shopperId(req), req.params.id, req.body.lines),
  )

  app.post(
    '/store/community/leader/campaigns/:id/verify',
    {
      onRequest: requireShopper,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'The leader verifies a pickup by its code (typed or scanned); wrong or used codes are refused',
        params: CampaignParams,
        body: VerifyBody,
      },
    },
    async (req) =>
      campaigns.verify(req.ctx(), shopperId(req), req.params.id, codeOf(req.body.code, req.params.id)),
  )

  app.get(
    '/store/community/leader/earnings',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'The leader’s commission: frozen and settled' },
    },
    async (req) => campaigns.earnings(req.ctx(), shopperId(req)),
  )
}
