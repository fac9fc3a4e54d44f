import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AppError, notFound } from '../../platform/errors.js'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { DateTime, Id, IdParams, Ok } from '../../platform/http/schemas.js'
import { SandboxSms } from './sms.js'

const Role = Type.Union([Type.Literal('owner'), Type.Literal('operator'), Type.Literal('merchant_staff')])
const Staff = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  status: Type.String(),
  createdAt: DateTime,
})
const Shopper = Type.Object({
  id: Id,
  phone: Type.String({ description: 'masked' }),
  nickname: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
})
const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: '11-digit mainland mobile number' })
const Address = Type.Object({
  id: Id,
  name: Type.String(),
  phone: Type.String(),
  region: Type.String(),
  detail: Type.String(),
  isDefault: Type.Boolean(),
})
const AddressInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    phone: Phone,
    region: Type.String({ minLength: 1, maxLength: 100, description: '省 市 区' }),
    detail: Type.String({ minLength: 1, maxLength: 200 }),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
const bearer = (h?: string) => (h?.startsWith('Bearer ') ? h.slice(7) : '')
/** Per IP, on top of the per-phone limits in the service. */
const loginLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } }

export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { identity } = app.core

  // Console ------------------------------------------------------------------
  app.post(
    '/console/auth/login',
    {
      config: loginLimit,
      schema: {
        tags: ['console'],
        summary: 'Staff sign-in (send X-Shop or shop)',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
            shop: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: DateTime, staff: Staff }) },
      },
    },
    async (req) => {
      let tenantId = req.tenantId
      if (req.body.shop) tenantId = (await app.core.shops.bySlug(req.body.shop))?.id
      if (!tenantId) throw new AppError('shop_not_found', {}, 'shop')
      return identity.loginStaff(tenantId, req.body.email, req.body.password)
    },
  )

  app.post(
    '/console/auth/logout',
    { onRequest: requireStaff(), schema: { tags: ['console'], summary: 'Sign out', response: { 200: Ok } } },
    async (req) => {
      await identity.logout(bearer(req.headers.authorization))
      return { ok: true as const }
    },
  )

  app.get(
    '/console/auth/me',
    {
      onRequest: requireStaff(),
      schema: { tags: ['console'], summary: 'The signed-in staff member', response: { 200: Staff } },
    },
    async (req) => identity.staffMe(req.ctx(), (req.actor as { id: string }).id),
  )

  app.get(
    '/console/staff',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: { tags: ['console'], summary: 'Staff list', response: { 200: Type.Array(Staff) } },
    },
    async (req) => identity.listStaff(req.ctx()),
  )

  app.post(
    '/console/staff',
    {
      onRequest: requireStaff('owner'),
      config: { idempotent: true },
      schema: {
        tags: ['console'],
        summary: 'Add a staff member',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 200 }),
            name: Type.String({ minLength: 1, maxLength: 40 }),
            password: Type.String({ minLength: 8, maxLength: 128 }),
            role: Role,
          },
          { additionalProperties: false },
        ),
        response: { 201: Staff },
      },
    },
    async (req, reply) => reply.status(201).send(await identity.createStaff(req.ctx(), req.body)),
  )

  app.patch(
    '/console/staff/:id',
    {
      onRequest: requireStaff('owner'),
      schema: {
        tags: ['console'],
        summary: 'Change a staff member’s role, status or password',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            role: Type.Optional(Role),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
            password: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Staff },
      },
    },
    async (req) => identity.updateStaff(req.ctx(), req.params.id, req.body),
  )

  // Storefront -----------------------------------------------------------------
  app.post(
    '/store/auth/code',
    {
      config: loginLimit,
      schema: {
        tags: ['store'],
        summary: 'Send a sign-in code by SMS',
        body: Type.Object({ phone: Phone }, { additionalProperties: false }),
        response: { 200: Type.Object({ retryAfterSeconds: Type.Integer() }) },
      },
    },
    async (req) => identity.requestCode(req.ctx().tenantId, req.body.phone),
  )

  // Only while SMS goes to the built-in sandbox: lets the demo and browser tests read the code.
  app.get(
    '/store/auth/sandbox-code',
    {
      schema: {
        tags: ['store'],
        summary: 'Sandbox SMS only: the last code sent to a phone',
        querystring: Type.Object({ phone: Phone }),
        response: { 200: Type.Object({ code: Type.String() }) },
      },
    },
    async (req) => {
      const sms = app.core.sms
      const code =
        app.core.config.sandbox && sms instanceof SandboxSms
          ? sms.lastCode(req.ctx().tenantId, req.query.phone)
          : undefined
      if (!code) throw notFound('shopper', 'phone')
      return { code }
    },
  )

  app.post(
    '/store/auth/login',
    {
      config: loginLimit,
      schema: {
        tags: ['store'],
        summary: 'Sign in with the SMS code (creates the account on first sign-in)',
        body: Type.Object(
          { phone: Phone, code: Type.String({ pattern: '^[0-9]{6}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: DateTime, shopper: Shopper }) },
      },
    },
    async (req) => identity.loginShopper(req.ctx().tenantId, req.body.phone, req.body.code),
  )

  app.post(
    '/store/auth/logout',
    { onRequest: requireShopper, schema: { tags: ['store'], summary: 'Sign out', response: { 200: Ok } } },
    async (req) => {
      await identity.logout(bearer(req.headers.authorization))
      return { ok: true as const }
    },
  )

  app.get(
    '/store/me',
    {
      onRequest: requireShopper,
      schema: { tags: ['store'], summary: 'My profile', response: { 200: Shopper } },
    },
    async (req) => identity.getShopper(req.ctx(), shopperId(req)),
  )

  app.patch(
    '/store/me',
    {
      onRequest: requireShopper,
      schema: {
        tags: ['store'],
        summary: 'Change my nickname',
        body: Type.Object(
          { nickname: Type.String({ minLength: 1, maxLength: 30 }) },
          { additionalProperties: false },
        ),
        response: { 200: Shopper },
      },
    },
    async (req) => identity.updateShopper(req.ctx(), shopperId(req), req.body),
  )

  app.get(
    '/store/addresses',
    {
      onRequest: requireShopper,
      schema: { tags: ['store'], summary: 'My addresses', response: { 200: Type.Array(Address) } },
    },
    async (req) => identity.listAddresses(req.ctx(), shopperId(req)),
  )

  app.post(
    '/store/addresses',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: { tags: ['store'], summary: 'Add an address', body: AddressInput, response: { 201: Address } },
    },
    async (req, reply) =>
      reply.status(201).send(await identity.addAddress(req.ctx(), shopperId(req), req.body)),
  )

  app.delete(
    '/store/addresses/:id',
    {
      onRequest: requireShopper,
      schema: { tags: ['store'], summary: 'Delete an address', params: IdParams, response: { 200: Ok } },
    },
    async (req) => {
      await identity.deleteAddress(req.ctx(), shopperId(req), req.params.id)
      return { ok: true as const }
    },
  )
}
