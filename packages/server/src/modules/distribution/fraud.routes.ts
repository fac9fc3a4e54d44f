import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireStaff } from '../../platform/http/context.js'
import { Id, IdParams } from '../../platform/http/schemas.js'
import { CommissionReview, CommissionStatus } from './commissions.schemas.js'

const consoleTag = { tags: ['console'] }
const Flag = Type.Object({ rule: Type.String(), en: Type.String(), zh: Type.String() })

export const fraudRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { fraud } = app.core.distribution

  app.post(
    '/console/commissions/:id/review',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        ...consoleTag,
        summary:
          'Decide on a commission flagged for review: `clear` lets it settle; `confirm` voids it as fraud (clawed back if settled) and suspends a promoter with repeated confirmed fraud',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('clear'), Type.Literal('confirm')]),
            note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Id,
            status: CommissionStatus,
            review: CommissionReview,
            flags: Type.Array(Flag),
            promoterId: Id,
            promoterSuspended: Type.Boolean(),
          }),
        },
      },
    },
    async (req) => fraud.review(req.ctx(), req.params.id, req.body.decision, req.body.note),
  )
}
