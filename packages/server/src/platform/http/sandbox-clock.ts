import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { SandboxClock } from '../clock.js'
import { AppError } from '../errors.js'
import { requireStaff } from './context.js'
import { DateTime } from './schemas.js'

const Now = Type.Object({ now: DateTime, offsetMinutes: Type.Integer() })

/**
 * Sandbox only: the shop owner moves the server's clock forward to try what happens later (a return
 * window passing, a group timing out); due jobs run on the worker's next tick. Not registered where
 * money is real, and refused unless the server runs on the sandbox clock.
 */
export const sandboxClockRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const clock = () => {
    const c = app.core.clock
    if (!(c instanceof SandboxClock)) throw new AppError('forbidden')
    return c
  }
  const view = (c: SandboxClock) => ({ now: c.now(), offsetMinutes: Math.round(c.offset / 60_000) })

  app.get(
    '/console/sandbox/clock',
    {
      onRequest: requireStaff('owner'),
      schema: {
        tags: ['console'],
        summary: 'Sandbox: the server clock and how far it was moved',
        response: { 200: Now },
      },
    },
    async () => view(clock()),
  )

  app.post(
    '/console/sandbox/clock/advance',
    {
      onRequest: requireStaff('owner'),
      schema: {
        tags: ['console'],
        summary: 'Sandbox: move the server clock forward; jobs that fall due run on the next tick',
        body: Type.Object(
          { minutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 366 }) },
          { additionalProperties: false },
        ),
        response: { 200: Now },
      },
    },
    async (req) => {
      const c = clock()
      c.advance(req.body.minutes * 60_000)
      return view(c)
    },
  )
}
