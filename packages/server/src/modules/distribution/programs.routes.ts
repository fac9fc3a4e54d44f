import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams } from '../../platform/http/schemas.js'
import {
  ProgramBody,
  ProgramView,
  Promoter,
  PromoterMe,
  PromoterStatus,
  StoreProgram,
} from './programs.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')
const Reason = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
)
const OptionalReason = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
)

export const programsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { programs } = app.core.distribution

  // Console ------------------------------------------------------------------------------------
  app.get(
    '/console/distribution/program',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'The promoter program and commission plan',
        response: { 200: ProgramView },
      },
    },
    async (req) => programs.program(req.ctx()),
  )

  app.put(
    '/console/distribution/program',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary:
          'Save the promoter program and commission plan; refused (400, naming the field) when the compliance guard finds a problem',
        body: ProgramBody,
        response: { 200: ProgramView },
      },
    },
    async (req) => programs.saveProgram(req.ctx(), req.body as never),
  )

  app.get(
    '/console/promoters',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Promoters, newest applications first',
        querystring: Type.Object(
          {
            status: Type.Optional(PromoterStatus),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Promoter) }) },
      },
    },
    async (req) => ({ items: await programs.list(req.ctx(), req.query as never) }),
  )

  for (const [action, body, summary] of [
    ['approve', OptionalReason, 'Approve an application'],
    ['suspend', Reason, 'Suspend a promoter, with the reason'],
    ['reinstate', OptionalReason, 'Reinstate a suspended promoter'],
  ] as const)
    app.post(
      `/console/promoters/:id/${action}`,
      {
        onRequest: staff,
        schema: { ...consoleTag, summary, params: IdParams, body, response: { 200: Promoter } },
      },
      async (req) =>
        programs.review(
          req.ctx(),
          req.params.id,
          action,
          (req.body as { reason?: string } | undefined)?.reason,
        ),
    )

  // Storefront ---------------------------------------------------------------------------------
  app.get(
    '/store/distribution/program',
    {
      schema: {
        ...store,
        summary: 'How to become a promoter and what it pays, in plain sentences',
        response: { 200: StoreProgram },
      },
    },
    async (req) => programs.storeProgram(req.ctx()),
  )

  app.post(
    '/store/promoter/apply',
    {
      onRequest: requireShopper,
      config: { idempotent: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary: 'Apply to become a promoter (or accept an invitation from one)',
        body: Type.Object({ invitedBy: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Promoter },
      },
    },
    async (req) => programs.apply(req.ctx(), shopperId(req), req.body ?? {}),
  )

  app.get(
    '/store/promoter/me',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'My promoter status and its history', response: { 200: PromoterMe } },
    },
    async (req) => programs.me(req.ctx(), shopperId(req)),
  )
}
