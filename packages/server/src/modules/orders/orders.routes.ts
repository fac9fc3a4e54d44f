import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams } from '../../platform/http/schemas.js'
import { AfterSales, Attribution, Cart, Order, OrderPage, OrderQuery, RefundLines } from './orders.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const Quantity = Type.Integer({ minimum: 1, maximum: 999 })

export const ordersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { orders, afterSales } = app.core

  // Cart -------------------------------------------------------------------------
  app.get(
    '/store/cart',
    { onRequest: requireShopper, schema: { ...store, summary: 'My cart', response: { 200: Cart } } },
    async (req) => orders.cart(req.ctx(), shopperId(req)),
  )

  app.post(
    '/store/cart/items',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'Add to cart (adds to the quantity already there)',
        body: Type.Object({ skuId: Id, quantity: Quantity }, { additionalProperties: false }),
        response: { 200: Cart },
      },
    },
    async (req) => orders.addToCart(req.ctx(), shopperId(req), req.body.skuId, req.body.quantity),
  )

  app.patch(
    '/store/cart/items/:id',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'Change a cart quantity',
        params: IdParams,
        body: Type.Object({ quantity: Quantity }, { additionalProperties: false }),
        response: { 200: Cart },
      },
    },
    async (req) => orders.updateCartItem(req.ctx(), shopperId(req), req.params.id, req.body.quantity),
  )

  app.delete(
    '/store/cart/items/:id',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'Remove from cart', params: IdParams, response: { 200: Cart } },
    },
    async (req) => orders.removeCartItem(req.ctx(), shopperId(req), req.params.id),
  )

  // Orders (shopper) ------------------------------------------------------------------
  app.post(
    '/store/orders',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary:
          'Place an order (buy now with `items`, or check out `cartItemIds`); stock is held until paid or timed out',
        body: Type.Object(
          {
            items: Type.Optional(
              Type.Array(Type.Object({ skuId: Id, quantity: Quantity }, { additionalProperties: false }), {
                minItems: 1,
                maxItems: 50,
              }),
            ),
            cartItemIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
            fulfillment: Type.Union([Type.Literal('delivery'), Type.Literal('pickup')]),
            addressId: Type.Optional(Id),
            note: Type.Optional(Type.String({ maxLength: 200 })),
            attribution: Type.Optional(Attribution),
            couponIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Order },
      },
    },
    async (req, reply) => reply.status(201).send(await orders.place(req.ctx(), shopperId(req), req.body)),
  )

  app.get(
    '/store/orders',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My orders, newest first',
        querystring: OrderQuery,
        response: { 200: OrderPage },
      },
    },
    async (req) => {
      const q = req.query
      return orders.list(req.ctx(), {
        shopperId: shopperId(req),
        status: q.status as any,
        limit: q.limit,
        cursor: q.cursor,
      })
    },
  )

  app.get(
    '/store/orders/:id',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'One of my orders', params: IdParams, response: { 200: Order } },
    },
    async (req) => orders.get(req.ctx(), req.params.id, { shopperId: shopperId(req) }),
  )

  app.post(
    '/store/orders/:id/cancel',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'Cancel my unpaid order', params: IdParams, response: { 200: Order } },
    },
    async (req) => orders.cancel(req.ctx(), req.params.id, { shopperId: shopperId(req) }),
  )

  app.post(
    '/store/orders/:id/confirm-receipt',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'I received it', params: IdParams, response: { 200: Order } },
    },
    async (req) => orders.confirmReceipt(req.ctx(), shopperId(req), req.params.id),
  )

  app.post(
    '/store/orders/:id/after-sales',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary: 'Ask for a refund or a return',
        params: IdParams,
        body: Type.Object(
          {
            type: Type.Union([Type.Literal('refund_only'), Type.Literal('return_refund')]),
            reason: Type.String({ minLength: 1, maxLength: 200 }),
            noReasonReturn: Type.Optional(Type.Boolean()),
            lines: Type.Optional(RefundLines),
          },
          { additionalProperties: false },
        ),
        response: { 201: AfterSales },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await afterSales.request(req.ctx(), shopperId(req), req.params.id, req.body)),
  )

  // Console -----------------------------------------------------------------------------
  app.get(
    '/console/orders',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        ...consoleTag,
        summary: 'Orders with filters',
        querystring: OrderQuery,
        response: { 200: OrderPage },
      },
    },
    async (req) => {
      const q = req.query
      return orders.list(req.ctx(), {
        status: q.status as any,
        q: q.q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      })
    },
  )

  app.get(
    '/console/orders/:id',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        ...consoleTag,
        summary: 'An order with its history, payments, refunds and after-sales',
        params: IdParams,
        response: {
          200: Type.Intersect([
            Order,
            Type.Object({
              payments: Type.Array(
                Type.Object({
                  paymentId: Id,
                  provider: Type.String(),
                  outTradeNo: Type.String(),
                  amountFen: Type.Integer(),
                  status: Type.String(),
                  paidAt: Type.Any(),
                  createdAt: Type.Any(),
                }),
              ),
              refunds: Type.Array(
                Type.Object({
                  id: Id,
                  amountFen: Type.Integer(),
                  reason: Type.String(),
                  status: Type.String(),
                  afterSalesId: Type.Union([Id, Type.Null()]),
                  createdAt: Type.Any(),
                }),
              ),
            }),
          ]),
        },
      },
    },
    async (req) => {
      const ctx = req.ctx()
      const order = await orders.get(ctx, req.params.id)
      // The pickup code is the shopper's proof at the counter: staff ask for it, they never see it.
      return { ...order, pickupCode: null, ...(await app.core.payments.forOrder(ctx, order.id)) }
    },
  )

  const write = requireStaff('owner', 'operator')
  app.post(
    '/console/orders/:id/ship',
    {
      onRequest: write,
      schema: {
        ...consoleTag,
        summary: 'Ship a delivery order',
        params: IdParams,
        body: Type.Object(
          {
            carrier: Type.String({ minLength: 1, maxLength: 40 }),
            trackingNo: Type.String({ minLength: 1, maxLength: 60 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Order },
      },
    },
    async (req) => orders.ship(req.ctx(), req.params.id, req.body.carrier, req.body.trackingNo),
  )

  app.post(
    '/console/orders/:id/ready-for-pickup',
    {
      onRequest: write,
      schema: {
        ...consoleTag,
        summary: 'Goods are at the pickup point',
        params: IdParams,
        response: { 200: Order },
      },
    },
    async (req) => orders.readyForPickup(req.ctx(), req.params.id),
  )

  app.post(
    '/console/orders/:id/complete',
    {
      onRequest: write,
      schema: {
        ...consoleTag,
        summary: 'Complete: pickup orders need the shopper’s pickup code',
        params: IdParams,
        body: Type.Object(
          { pickupCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Order },
      },
    },
    async (req) => orders.complete(req.ctx(), req.params.id, req.body.pickupCode),
  )

  app.post(
    '/console/orders/:id/refund',
    {
      onRequest: write,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Refund an order, whole or chosen lines, through the payment provider',
        params: IdParams,
        body: Type.Object(
          { lines: Type.Optional(RefundLines), reason: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 201: AfterSales },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await afterSales.refundByOperator(req.ctx(), req.params.id, req.body)),
  )

  app.get(
    '/console/after-sales',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        ...consoleTag,
        summary: 'After-sales requests',
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union(
              ['requested', 'approved', 'rejected', 'refunded', 'cancelled'].map((s) => Type.Literal(s)),
            ),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
        }),
        response: { 200: Type.Array(AfterSales) },
      },
    },
    async (req) => afterSales.list(req.ctx(), req.query),
  )

  app.post(
    '/console/after-sales/:id/approve',
    {
      onRequest: write,
      schema: {
        ...consoleTag,
        summary: 'Approve: the refund goes to the provider',
        params: IdParams,
        response: { 200: AfterSales },
      },
    },
    async (req) => afterSales.approve(req.ctx(), req.params.id),
  )

  app.post(
    '/console/after-sales/:id/reject',
    {
      onRequest: write,
      schema: {
        ...consoleTag,
        summary: 'Reject with a reason',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: AfterSales },
      },
    },
    async (req) => afterSales.reject(req.ctx(), req.params.id, req.body.reason),
  )
}
