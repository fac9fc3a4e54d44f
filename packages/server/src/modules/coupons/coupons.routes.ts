import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams, Page } from '../../platform/http/schemas.js'
import {
  CentreItem,
  Coupon,
  IssueBody,
  IssueResult,
  OrderPrice,
  PointsRules,
  Quote,
  QuoteBody,
  Template,
  TemplateCreate,
  TemplatePage,
  TemplatePatch,
} from './coupons.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')
const viewer = (req: FastifyRequest) => (req.actor.kind === 'shopper' ? req.actor.id : undefined)
const CouponStatus = Type.Union(['available', 'used', 'expired'].map((s) => Type.Literal(s)))

export const couponsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { coupons } = app.core

  // Console -----------------------------------------------------------------------------
  app.get(
    '/console/coupons/templates',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Coupon templates, newest first, with issued and used counts',
        querystring: Type.Composite([
          Page,
          Type.Object({
            status: Type.Optional(Type.Union(['active', 'paused', 'ended'].map((s) => Type.Literal(s)))),
          }),
        ]),
        response: { 200: TemplatePage },
      },
    },
    async (req) => coupons.listTemplates(req.ctx(), { ...req.query, limit: req.query.limit ?? 20 }),
  )

  app.post(
    '/console/coupons/templates',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Create a coupon template',
        body: TemplateCreate,
        response: { 201: Template },
      },
    },
    async (req, reply) => {
      const b = req.body as any
      const t = await coupons.createTemplate(req.ctx(), {
        ...b,
        validFrom: b.validFrom ?? null,
        validUntil: b.validUntil ?? null,
        validDays: b.validDays ?? null,
      })
      return reply.status(201).send(t)
    },
  )

  app.get(
    '/console/coupons/templates/:id',
    {
      onRequest: staff,
      schema: { ...consoleTag, summary: 'A coupon template', params: IdParams, response: { 200: Template } },
    },
    async (req) => coupons.getTemplate(req.ctx(), req.params.id),
  )

  app.patch(
    '/console/coupons/templates/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: "Edit a template's name, claim end and limits (its terms stay as claimed)",
        params: IdParams,
        body: TemplatePatch,
        response: { 200: Template },
      },
    },
    async (req) => coupons.updateTemplate(req.ctx(), req.params.id, req.body),
  )

  for (const event of ['pause', 'resume', 'end'] as const)
    app.post(
      `/console/coupons/templates/:id/${event}`,
      {
        onRequest: staff,
        schema: {
          ...consoleTag,
          summary: `${event} a coupon template`,
          params: IdParams,
          response: { 200: Template },
        },
      },
      async (req) => coupons.moveTemplate(req.ctx(), (req.params as { id: string }).id, event),
    )

  app.post(
    '/console/coupons/templates/:id/issue',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Issue one coupon each to a list of customers (those at the per-person limit are skipped)',
        params: IdParams,
        body: IssueBody,
        response: { 200: IssueResult },
      },
    },
    async (req) => coupons.issue(req.ctx(), req.params.id, req.body.shopperIds),
  )

  app.get(
    '/console/coupons',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: "A customer's coupons",
        querystring: Type.Object({ shopperId: Id }, { additionalProperties: false }),
        response: { 200: Type.Array(Coupon) },
      },
    },
    async (req) => coupons.ofShopper(req.ctx(), req.query.shopperId),
  )

  app.get(
    '/console/orders/:id/price',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'The price breakdown of an order placed with coupons',
        params: IdParams,
        response: { 200: OrderPrice },
      },
    },
    async (req) => coupons.orderPrice(req.ctx(), req.params.id),
  )

  app.get(
    '/console/pricing/points-rules',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Points exchange rate and maximum share',
        response: { 200: PointsRules },
      },
    },
    async (req) => coupons.pricingSettings(req.ctx()),
  )

  app.put(
    '/console/pricing/points-rules',
    {
      onRequest: requireStaff('owner'),
      schema: {
        ...consoleTag,
        summary: 'Set the points exchange rate and maximum share of an order',
        body: PointsRules,
        response: { 200: PointsRules },
      },
    },
    async (req) => coupons.setPricingSettings(req.ctx(), req.body),
  )

  // Storefront ------------------------------------------------------------------------------
  app.get(
    '/store/coupons/centre',
    {
      schema: {
        ...store,
        summary: 'Coupons open for claiming, with what the signed-in shopper already holds',
        response: { 200: Type.Array(CentreItem) },
      },
    },
    async (req) => coupons.centre(req.ctx(), viewer(req)),
  )

  app.post(
    '/store/coupons/centre/:id/claim',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: { ...store, summary: 'Claim a coupon', params: IdParams, response: { 201: Coupon } },
    },
    async (req, reply) =>
      reply.status(201).send(await coupons.claim(req.ctx(), shopperId(req), req.params.id)),
  )

  app.get(
    '/store/coupons',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My coupons: available first, soonest to expire first',
        querystring: Type.Object({ status: Type.Optional(CouponStatus) }, { additionalProperties: false }),
        response: { 200: Type.Array(Coupon) },
      },
    },
    async (req) => coupons.mine(req.ctx(), shopperId(req), { status: req.query.status as any }),
  )

  app.get(
    '/store/orders/:id/price',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'The price breakdown of my order placed with coupons',
        params: IdParams,
        response: { 200: OrderPrice },
      },
    },
    async (req) => coupons.orderPrice(req.ctx(), req.params.id, { shopperId: shopperId(req) }),
  )

  app.post(
    '/store/price-quote',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'The price of a cart with chosen coupons and points, line by line, with its breakdown',
        body: QuoteBody,
        response: { 200: Quote },
      },
    },
    async (req) => coupons.quote(req.ctx(), shopperId(req), req.body),
  )
}
