import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireStaff } from '../../platform/http/context.js'
import { DateTime, Id } from '../../platform/http/schemas.js'

export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { ledger } = app.core
  const owner = requireStaff('owner', 'operator')

  app.get(
    '/console/ledger/accounts',
    {
      onRequest: owner,
      schema: {
        tags: ['console'],
        summary: 'Account balances (debit positive; they sum to zero)',
        response: {
          200: Type.Array(
            Type.Object({ code: Type.String(), kind: Type.String(), balanceFen: Type.Integer() }),
          ),
        },
      },
    },
    async (req) => ledger.balances(req.ctx()),
  )

  app.get(
    '/console/ledger/transfers',
    {
      onRequest: owner,
      schema: {
        tags: ['console'],
        summary: 'Transfers with their entries, newest first',
        querystring: Type.Object({
          orderId: Type.Optional(Id),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Id,
              kind: Type.String(),
              orderId: Type.Union([Id, Type.Null()]),
              memo: Type.Union([Type.String(), Type.Null()]),
              createdAt: DateTime,
              entries: Type.Array(Type.Object({ account: Type.String(), amountFen: Type.Integer() })),
            }),
          ),
        },
      },
    },
    async (req) => ledger.transfers(req.ctx(), req.query),
  )
}
