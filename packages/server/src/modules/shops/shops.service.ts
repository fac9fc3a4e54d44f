import { sql } from 'kysely'
import type { Core } from '../../core.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { AppError, invalid } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'

export interface Shop {
  id: string
  slug: string
  name: string
  currency: string
  settings: ShopSettings
}

/** What an operator can change about their shop. */
export interface ShopSettings {
  unpaidTimeoutMinutes?: number
  /** Days after completion during which a 7-day no-reason return may be asked for. */
  returnWindowDays?: number
  pickupAddress?: string
  servicePhone?: string
  announcement?: string
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/

/** Shops are tenants: one brand's shop, with everything in it scoped to its id. */
export function createShopsService(core: Core) {
  const cache = new Map<string, { shop: Shop | undefined; at: number }>()
  const toShop = (r: any): Shop => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    currency: r.currency,
    settings: r.settings ?? {},
  })

  return {
    async create(input: { slug: string; name: string; settings?: ShopSettings }): Promise<Shop> {
      if (!SLUG.test(input.slug))
        throw invalid(
          'slug',
          'lowercase letters, digits and dashes, 2–40 long',
          '店铺标识只能用小写字母、数字和短横线，长度 2 到 40',
        )
      const row = await core.db
        .insertInto('tenants')
        .values({
          id: newId(),
          slug: input.slug,
          name: input.name,
          settings: JSON.stringify(input.settings ?? {}) as any,
          created_at: core.clock.now(),
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returningAll()
        .executeTakeFirst()
      if (!row) throw new AppError('already_exists', { entity: 'shop' }, 'slug')
      cache.delete(input.slug)
      return toShop(row)
    },

    /** Cached for a few seconds: it is read on every storefront request. */
    async bySlug(slug: string): Promise<Shop | undefined> {
      const hit = cache.get(slug)
      if (hit && Date.now() - hit.at < 5000) return hit.shop
      const row = SLUG.test(slug)
        ? await core.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst()
        : undefined
      const shop = row ? toShop(row) : undefined
      cache.set(slug, { shop, at: Date.now() })
      return shop
    },

    async get(ctx: Pick<Ctx, 'db' | 'tenantId'>): Promise<Shop> {
      const row = await ctx.db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', ctx.tenantId)
        .executeTakeFirst()
      if (!row) throw new AppError('shop_not_found')
      return toShop(row)
    },

    async update(ctx: Ctx, patch: { name?: string; settings?: ShopSettings }): Promise<Shop> {
      return ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('tenants')
          .set({
            ...(patch.name ? { name: patch.name } : {}),
            ...(patch.settings
              ? { settings: sql`settings || ${JSON.stringify(patch.settings)}::jsonb` as any }
              : {}),
          })
          .where('id', '=', ctx.tenantId)
          .returningAll()
          .executeTakeFirstOrThrow()
        await audit(
          { ...ctx, db: trx },
          core.clock,
          'shop.update',
          'shop',
          ctx.tenantId,
          patch as Record<string, unknown>,
        )
        cache.delete(row.slug)
        return toShop(row)
      })
    },

    /** Minutes an unpaid order waits before it is cancelled: the shop's setting, else the server's. */
    async unpaidTimeoutMinutes(ctx: Pick<Ctx, 'db' | 'tenantId'>) {
      const s = await this.get(ctx)
      return s.settings.unpaidTimeoutMinutes ?? core.config.unpaidTimeoutMinutes
    },
  }
}

export type ShopsService = ReturnType<typeof createShopsService>
