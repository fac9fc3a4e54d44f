import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams, Page } from '../../platform/http/schemas.js'
import { Order } from '../orders/orders.schemas.js'
import {
  Bargain,
  HelpResult,
  MyBargain,
  Offer,
  OfferCreate,
  OfferPage,
  OfferPatch,
  OrderBody,
  StoreOffer,
} from './bargain.schemas.js'
import { deviceKeyOf } from './bargain.service.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')

const viewer = (req: FastifyRequest) => (req.actor.kind === 'shopper' ? req.actor.id : undefined)

/** The storefront's device key: the `X-Device-Key` header, else the `lb_device` cookie. */
function deviceKey(req: FastifyRequest) {
  const header = req.headers['x-device-key']
  const fromCookie = /(?:^|;\s*)lb_device=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
  return deviceKeyOf(typeof header === 'string' ? header : fromCookie, req.ip)
}

export const bargainRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { bargain } = app.core

  // Console -----------------------------------------------------------------------------
  app.get(
    '/console/bargain/offers',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Bargain offers with their figures (started, reached, ordered, paid GMV)',
        querystring: Type.Composite([
          Page,
          Type.Object({
            status: Type.Optional(Type.Union(['active', 'paused', 'ended'].map((s) => Type.Literal(s)))),
          }),
        ]),
        response: { 200: OfferPage },
      },
    },
    async (req) => bargain.listOffers(req.ctx(), { ...req.query, limit: req.query.limit ?? 20 }),
  )

  app.post(
    '/console/bargain/offers',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Create a bargain offer on a SKU',
        body: OfferCreate,
        response: { 201: Offer },
      },
    },
    async (req, reply) => {
      const b = req.body
      const offer = await bargain.createOffer(req.ctx(), {
        ...b,
        perShopperLimit: b.perShopperLimit ?? 1,
        payWithinMinutes: b.payWithinMinutes ?? 30,
        buyAtCurrentPrice: b.buyAtCurrentPrice ?? false,
        helperDailyLimit: b.helperDailyLimit ?? 3,
        deviceDailyLimit: b.deviceDailyLimit ?? 5,
      })
      return reply.status(201).send(offer)
    },
  )

  app.get(
    '/console/bargain/offers/:id',
    {
      onRequest: staff,
      schema: { ...consoleTag, summary: 'A bargain offer', params: IdParams, response: { 200: Offer } },
    },
    async (req) => bargain.getOffer(req.ctx(), req.params.id),
  )

  app.patch(
    '/console/bargain/offers/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Edit a bargain offer (bargains already started keep their prices)',
        params: IdParams,
        body: OfferPatch,
        response: { 200: Offer },
      },
    },
    async (req) => bargain.updateOffer(req.ctx(), req.params.id, req.body),
  )

  for (const event of ['pause', 'resume', 'end'] as const)
    app.post(
      `/console/bargain/offers/:id/${event}`,
      {
        onRequest: staff,
        schema: {
          ...consoleTag,
          summary: `${event} a bargain offer`,
          params: IdParams,
          response: { 200: Offer },
        },
      },
      async (req) => bargain.moveOffer(req.ctx(), (req.params as { id: string }).id, event),
    )

  // Storefront ------------------------------------------------------------------------------
  app.get(
    '/store/bargain/offers',
    {
      schema: {
        ...store,
        summary: "A product's bargain offers open now (with the signed-in shopper's open bargain)",
        querystring: Type.Object({ productId: Id }, { additionalProperties: false }),
        response: { 200: Type.Array(StoreOffer) },
      },
    },
    async (req) => bargain.activeOffers(req.ctx(), req.query.productId, viewer(req)),
  )

  app.post(
    '/store/bargain/offers/:id/start',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: { ...store, summary: 'Start a bargain', params: IdParams, response: { 201: Bargain } },
    },
    async (req, reply) =>
      reply.status(201).send(await bargain.start(req.ctx(), shopperId(req), req.params.id)),
  )

  app.get(
    '/store/bargains',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'My bargains, newest first', response: { 200: Type.Array(MyBargain) } },
    },
    async (req) => bargain.mine(req.ctx(), shopperId(req)),
  )

  app.get(
    '/store/bargains/:id',
    {
      schema: {
        ...store,
        summary: 'A bargain: price, helpers (masked), countdown; its share link for its starter',
        params: IdParams,
        response: { 200: Bargain },
      },
    },
    async (req) => bargain.get(req.ctx(), req.params.id, viewer(req)),
  )

  app.post(
    '/store/bargains/:id/help',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary: "Help cut a friend's bargain (send `X-Device-Key`)",
        params: IdParams,
        headers: Type.Object({ 'x-device-key': Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: HelpResult },
      },
    },
    async (req) => bargain.help(req.ctx(), shopperId(req), req.params.id, deviceKey(req)),
  )

  app.post(
    '/store/bargains/:id/order',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary: 'Order at the bargain price; pay by the bargain deadline',
        params: IdParams,
        body: OrderBody,
        response: { 201: Order },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await bargain.order(req.ctx(), shopperId(req), req.params.id, req.body)),
  )
}
