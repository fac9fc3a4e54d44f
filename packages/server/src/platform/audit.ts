import type { Clock } from './clock.js'
import type { Ctx } from './context.js'
import { scoped } from './tenancy.js'

/** Records an operator action; call it in the transaction of the change it describes. */
export async function audit(
  ctx: Ctx,
  clock: Clock,
  action: string,
  entity: string,
  entityId: string | null,
  data: Record<string, unknown> = {},
) {
  const actorId = 'id' in ctx.actor ? (ctx.actor.id ?? null) : null
  await scoped(ctx)
    .insertInto('audit_log', {
      actor_kind: ctx.actor.kind,
      actor_id: actorId,
      action,
      entity,
      entity_id: entityId,
      data: JSON.stringify(data),
      request_id: ctx.requestId ?? null,
      at: clock.now(),
    })
    .execute()
}
