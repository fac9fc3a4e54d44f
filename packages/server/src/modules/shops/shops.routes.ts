import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireStaff } from '../../platform/http/context.js'

const Settings = Type.Object(
  {
    unpaidTimeoutMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    returnWindowDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
    pickupAddress: Type.Optional(Type.String({ maxLength: 200 })),
    servicePhone: Type.Optional(Type.String({ maxLength: 30 })),
    announcement: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)
const ShopBody = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  settings: Settings,
})
const PublicShop = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  announcement: Type.Optional(Type.String()),
  servicePhone: Type.Optional(Type.String()),
  pickupAddress: Type.Optional(Type.String({ description: 'where pickup orders are collected' })),
})

export const shopsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { shops } = app.core

  app.get(
    '/store/shop',
    {
      schema: {
        tags: ['store'],
        summary: 'The shop the storefront is showing',
        response: { 200: PublicShop },
      },
    },
    async (req) => {
      const s = await shops.get(req.ctx())
      return {
        slug: s.slug,
        name: s.name,
        currency: s.currency,
        announcement: s.settings.announcement,
        servicePhone: s.settings.servicePhone,
        pickupAddress: s.settings.pickupAddress,
      }
    },
  )

  app.get(
    '/console/shop',
    {
      onRequest: requireStaff(),
      schema: { tags: ['console'], summary: 'Shop settings', response: { 200: ShopBody } },
    },
    async (req) => shops.get(req.ctx()),
  )

  app.patch(
    '/console/shop',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        tags: ['console'],
        summary: 'Change shop name and settings',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            settings: Type.Optional(Settings),
          },
          { additionalProperties: false },
        ),
        response: { 200: ShopBody },
      },
    },
    async (req) => shops.update(req.ctx(), req.body),
  )
}
