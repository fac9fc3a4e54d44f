import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireStaff } from '../../platform/http/context.js'
import { DateTime, Id, IdParams, Nullable } from '../../platform/http/schemas.js'

const staff = requireStaff('owner', 'operator')

export const Binding = Type.Object({
  promoterId: Id,
  promoterShopperId: Id,
  promoterNickname: Type.String(),
  reason: Type.String(),
  reasonText: Type.String(),
  boundAt: DateTime,
  lockedUntil: Nullable(DateTime),
  permanent: Type.Boolean(),
  shareToken: Nullable(Type.String()),
  orderId: Nullable(Id),
})

const HistoryRow = Type.Object({
  action: Type.String(),
  fromPromoterId: Nullable(Id),
  toPromoterId: Nullable(Id),
  reason: Type.String(),
  shareToken: Nullable(Type.String()),
  orderId: Nullable(Id),
  at: DateTime,
})

export const bindingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { bindings } = app.core.distribution

  app.get(
    '/console/customers/:id/binding',
    {
      onRequest: staff,
      schema: {
        tags: ['console'],
        summary: 'Who a customer is bound to and why, with the history of their bindings',
        params: IdParams,
        response: { 200: Type.Object({ binding: Nullable(Binding), history: Type.Array(HistoryRow) }) },
      },
    },
    async (req) => {
      const ctx = req.ctx()
      const [binding, history] = await Promise.all([
        bindings.bindingOf(ctx, req.params.id),
        bindings.historyOf(ctx, req.params.id),
      ])
      return { binding, history }
    },
  )

  app.put(
    '/console/customers/:id/binding',
    {
      onRequest: staff,
      schema: {
        tags: ['console'],
        summary: 'Move a customer to another promoter (lock and permanence aside), with a note; audited',
        params: IdParams,
        body: Type.Object(
          { promoterId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: Binding },
      },
    },
    async (req) => {
      const b = await bindings.moveByOperator(req.ctx(), req.params.id, req.body.promoterId, req.body.reason)
      return b!
    },
  )
}
