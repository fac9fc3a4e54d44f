import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams } from '../../platform/http/schemas.js'
import type { SlotInput } from './domain/slot-rules.js'
import {
  Campaign,
  CampaignInput,
  CampaignPatch,
  CampaignQuery,
  CampaignSummary,
  Purchase,
  PurchaseBody,
  SlotInput as SlotInputSchema,
  StoreSlotOne,
  StoreSlots,
} from './flashsale.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const operator = requireStaff('owner', 'operator')

const slotsIn = (slots: { startsAt: string; endsAt: string; skus: SlotInput['skus'] }[]): SlotInput[] =>
  slots.map((s) => ({ ...s, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }))

/**
 * Purchase limits: per shopper (a crowd taps again and again; a repeat only returns the unpaid
 * purchase) and per IP (generous: a campus or office shares one). Shared through Redis when set.
 * FLASH_SALE_IP_LIMIT raises the per-IP one (a load generator on one address).
 */
const SHOPPER_LIMIT = { max: 20, timeWindow: 10_000 }
const IP_LIMIT = { max: Number(process.env.FLASH_SALE_IP_LIMIT ?? 1200), timeWindow: 10_000 }

export const flashSaleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { flashSale } = app.core
  const byShopper = app.rateLimit({
    ...SHOPPER_LIMIT,
    groupId: 'flash-shopper',
    keyGenerator: (req: FastifyRequest) => `flash:s:${req.actor.kind === 'shopper' ? req.actor.id : req.ip}`,
  })
  const byIp = app.rateLimit({
    ...IP_LIMIT,
    groupId: 'flash-ip',
    keyGenerator: (req: FastifyRequest) => `flash:ip:${req.ip}`,
  })

  // Storefront ---------------------------------------------------------------------
  app.get(
    '/store/flash-sales',
    {
      schema: {
        ...store,
        summary:
          'Flash-sale slots running now, coming up, and just ended, with the server time for countdowns',
        response: { 200: StoreSlots },
      },
    },
    async (req) => flashSale.storeSlots(req.ctx()),
  )

  app.get(
    '/store/flash-sales/slots/:id',
    {
      schema: { ...store, summary: 'One flash-sale slot', params: IdParams, response: { 200: StoreSlotOne } },
    },
    async (req) => flashSale.storeSlot(req.ctx(), req.params.id),
  )

  app.post(
    '/store/flash-sales/purchases',
    {
      onRequest: [requireShopper, byShopper, byIp],
      schema: {
        ...store,
        summary:
          'Buy a slot SKU at its flash price: 201 with a new pending-payment order (pay it like any order), 200 with the unpaid purchase a repeat returns',
        body: PurchaseBody,
        response: { 200: Purchase, 201: Purchase },
      },
    },
    async (req, reply) => {
      const r = await flashSale.purchase(req.ctx(), shopperId(req), req.body)
      return reply.status(r.created ? 201 : 200).send(r.purchase)
    },
  )

  app.get(
    '/store/flash-sales/purchases',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'My flash-sale purchases', response: { 200: Type.Array(Purchase) } },
    },
    async (req) => flashSale.myPurchases(req.ctx(), shopperId(req)),
  )

  // Console ------------------------------------------------------------------------
  app.get(
    '/console/flash-sales',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: 'Flash-sale campaigns',
        querystring: CampaignQuery,
        response: { 200: Type.Array(CampaignSummary) },
      },
    },
    async (req) => flashSale.list(req.ctx(), { limit: req.query.limit ?? 50, status: req.query.status }),
  )

  app.post(
    '/console/flash-sales',
    {
      onRequest: operator,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Create a flash-sale campaign (draft) with its slots',
        body: CampaignInput,
        response: { 201: Campaign },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await flashSale.create(req.ctx(), { title: req.body.title, slots: slotsIn(req.body.slots) })),
  )

  app.get(
    '/console/flash-sales/:id',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: 'A campaign with its slots and live figures (carved, held, sold, left per SKU)',
        params: IdParams,
        response: { 200: Campaign },
      },
    },
    async (req) => flashSale.get(req.ctx(), req.params.id),
  )

  app.patch(
    '/console/flash-sales/:id',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: 'Edit a campaign: a draft its title and slots (replaced), a scheduled one its title',
        params: IdParams,
        body: CampaignPatch,
        response: { 200: Campaign },
      },
    },
    async (req) =>
      flashSale.update(req.ctx(), req.params.id, {
        title: req.body.title,
        slots: req.body.slots && slotsIn(req.body.slots),
      }),
  )

  app.post(
    '/console/flash-sales/:id/schedule',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: "Schedule a draft: checks it against live stock and carves each slot's stock",
        params: IdParams,
        response: { 200: Campaign },
      },
    },
    async (req) => flashSale.schedule(req.ctx(), req.params.id),
  )

  app.post(
    '/console/flash-sales/:id/end',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: 'End a campaign now: its slots end and give back what is left of their stock',
        params: IdParams,
        response: { 200: Campaign },
      },
    },
    async (req) => flashSale.end(req.ctx(), req.params.id),
  )

  app.post(
    '/console/flash-sales/:id/slots',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: 'Add a slot (carved at once in a scheduled campaign)',
        params: IdParams,
        body: SlotInputSchema,
        response: { 200: Campaign },
      },
    },
    async (req) => flashSale.addSlot(req.ctx(), req.params.id, slotsIn([req.body])[0]),
  )

  app.delete(
    '/console/flash-sales/:id/slots/:slotId',
    {
      onRequest: operator,
      schema: {
        ...consoleTag,
        summary: 'Remove a slot that has not started; its carved stock goes back',
        params: Type.Object({ id: Id, slotId: Id }),
        response: { 200: Campaign },
      },
    },
    async (req) => flashSale.cancelSlot(req.ctx(), req.params.id, req.params.slotId),
  )
}
