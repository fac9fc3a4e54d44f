import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireStaff } from '../../platform/http/context.js'
import { DateTime, Id } from '../../platform/http/schemas.js'

const Level = Type.Object({
  skuId: Id,
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
})
const Row = Type.Object({
  skuId: Id,
  productId: Id,
  productTitle: Type.String(),
  specLabel: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  priceFen: Type.Integer(),
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
})
const SkuParams = Type.Object({ skuId: Id })

export const inventoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { inventory } = app.core

  app.get(
    '/console/inventory',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        tags: ['console'],
        summary: 'Stock per SKU',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
          cursor: Type.Optional(Id),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Row), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
        },
      },
    },
    async (req) =>
      inventory.list(req.ctx(), { q: req.query.q, limit: req.query.limit, after: req.query.cursor }),
  )

  app.post(
    '/console/inventory/:skuId/adjust',
    {
      onRequest: requireStaff('owner', 'operator'),
      config: { idempotent: true },
      schema: {
        tags: ['console'],
        summary: 'Receive goods (positive) or correct a count (negative)',
        params: SkuParams,
        body: Type.Object(
          {
            delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
            note: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Level },
      },
    },
    async (req) => inventory.adjust(req.ctx(), req.params.skuId, req.body.delta, req.body.note),
  )

  app.get(
    '/console/inventory/:skuId/movements',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        tags: ['console'],
        summary: 'Stock movements of a SKU, newest first',
        params: SkuParams,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              kind: Type.String(),
              quantity: Type.Integer(),
              orderId: Type.Union([Id, Type.Null()]),
              note: Type.Union([Type.String(), Type.Null()]),
              at: DateTime,
            }),
          ),
        },
      },
    },
    async (req) => inventory.movements(req.ctx(), req.params.skuId),
  )
}
