import { randomInt } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { sql } from 'kysely'
import type { Core } from '../../core.js'
import { audit } from '../../platform/audit.js'
import type { Actor, Ctx, StaffRole } from '../../platform/context.js'
import { AppError, invalid, notFound } from '../../platform/errors.js'
import { newId, randomToken, sha256 } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import {
  CODE_MAX_ATTEMPTS,
  CODE_RESEND_MS,
  CODE_TTL_MS,
  CODES_PER_DAY,
  maskPhone,
  PHONE,
  PHONE_ZH,
  passwordProblem,
} from './domain.js'

export interface Session {
  token: string
  expiresAt: Date
}

const staffView = (r: {
  id: string
  email: string
  name: string
  role: StaffRole
  status: string
  created_at: Date
}) => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  status: r.status,
  createdAt: r.created_at,
})

/** Staff sign in with email and password; shoppers with a one-time code sent to their phone. */
/** How long a shopper session is remembered, and how many at most (oldest forgotten first). */
const SESSION_CACHE_MS = 5_000
const SESSION_CACHE_SIZE = 50_000

export function createIdentityService(core: Core) {
  // A hash to verify against when the email is unknown, so both answers take as long.
  const dummyHash = hash('not-a-real-password-1')
  const shopperSessions = new Map<string, { session: { tenantId: string; actor: Actor }; until: number }>()

  async function openSession(
    tenantId: string,
    kind: 'staff' | 'shopper',
    subjectId: string,
  ): Promise<Session> {
    const token = randomToken()
    const now = core.clock.now()
    const expiresAt = new Date(now.getTime() + core.config.sessionDays * 86_400_000)
    await core.db
      .insertInto('sessions')
      .values({
        id: newId(),
        tenant_id: tenantId,
        token_hash: sha256(token),
        subject_kind: kind,
        subject_id: subjectId,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute()
    return { token, expiresAt }
  }

  return {
    async createStaff(
      ctx: Ctx,
      input: { email: string; name: string; password: string; role: StaffRole; merchantId?: string },
    ) {
      const problem = passwordProblem(input.password)
      if (problem) throw invalid('password', problem.detail, problem.zh)
      const email = input.email.trim().toLowerCase()
      const row = await scoped(ctx)
        .insertInto('staff', {
          id: newId(),
          email,
          name: input.name,
          password_hash: await hash(input.password),
          role: input.role,
          merchant_id: input.merchantId ?? null,
          created_at: core.clock.now(),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
        .returningAll()
        .executeTakeFirst()
      if (!row) throw new AppError('already_exists', { entity: 'staff' }, 'email')
      if (ctx.actor.kind === 'staff')
        await audit(ctx, core.clock, 'staff.create', 'staff', row.id, { email, role: input.role })
      return staffView(row)
    },

    async listStaff(ctx: Ctx) {
      const rows = await scoped(ctx).selectFrom('staff').selectAll().orderBy('created_at').execute()
      return rows.map(staffView)
    },

    async updateStaff(
      ctx: Ctx,
      id: string,
      patch: { name?: string; role?: StaffRole; status?: 'active' | 'disabled'; password?: string },
    ) {
      if (patch.password) {
        const problem = passwordProblem(patch.password)
        if (problem) throw invalid('password', problem.detail, problem.zh)
      }
      if (ctx.actor.kind === 'staff' && ctx.actor.id === id && (patch.role || patch.status === 'disabled'))
        throw new AppError('forbidden', {}, 'role')
      return ctx.db.transaction().execute(async (trx) => {
        const tctx = { ...ctx, db: trx }
        const row = await scoped(tctx)
          .updateTable('staff')
          .set({
            ...(patch.name ? { name: patch.name } : {}),
            ...(patch.role ? { role: patch.role } : {}),
            ...(patch.status ? { status: patch.status } : {}),
            ...(patch.password ? { password_hash: await hash(patch.password) } : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst()
        if (!row) throw notFound('staff', 'id')
        if (patch.status === 'disabled' || patch.password)
          await scoped(tctx)
            .updateTable('sessions')
            .set({ revoked_at: core.clock.now() })
            .where('subject_id', '=', id)
            .where('revoked_at', 'is', null)
            .execute()
        await audit(tctx, core.clock, 'staff.update', 'staff', id, {
          ...patch,
          password: patch.password ? '***' : undefined,
        })
        return staffView(row)
      })
    },

    async loginStaff(tenantId: string, email: string, password: string) {
      const row = await core.db
        .selectFrom('staff')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst()
      const ok = await verify(row?.password_hash ?? (await dummyHash), password)
      if (!row || !ok || row.status !== 'active') throw new AppError('invalid_credentials', {}, 'password')
      return { ...(await openSession(tenantId, 'staff', row.id)), staff: staffView(row) }
    },

    /** Sends a 6-digit code; at most one a minute and ten a day per phone. */
    async requestCode(tenantId: string, phone: string) {
      if (!PHONE.test(phone)) throw invalid('phone', 'an 11-digit mainland mobile number', PHONE_ZH)
      const now = core.clock.now()
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
      await core.db.transaction().execute(async (trx) => {
        // One request per phone at a time, so parallel requests cannot slip past the limits.
        await sql`select pg_advisory_xact_lock(hashtext(${`${tenantId}:${phone}`}))`.execute(trx)
        const recent = await trx
          .selectFrom('login_codes')
          .select(['created_at'])
          .where('tenant_id', '=', tenantId)
          .where('phone', '=', phone)
          .where('created_at', '>', new Date(now.getTime() - 86_400_000))
          .orderBy('created_at', 'desc')
          .execute()
        if (
          recent.length >= CODES_PER_DAY ||
          (recent[0] && now.getTime() - recent[0].created_at.getTime() < CODE_RESEND_MS)
        )
          throw new AppError('rate_limited', {}, 'phone')
        await trx
          .insertInto('login_codes')
          .values({
            id: newId(),
            tenant_id: tenantId,
            phone,
            code_hash: sha256(`${phone}:${code}`),
            created_at: now,
            expires_at: new Date(now.getTime() + CODE_TTL_MS),
          })
          .execute()
      })
      await core.sms.send(phone, `【裂变】验证码 ${code}，5 分钟内有效。Your code is ${code}.`, {
        code,
        tenantId,
      })
      return { retryAfterSeconds: CODE_RESEND_MS / 1000 }
    },

    /** Signs a shopper in with the newest code sent to them; a first sign-in creates the account. */
    async loginShopper(tenantId: string, phone: string, code: string) {
      if (!PHONE.test(phone)) throw invalid('phone', 'an 11-digit mainland mobile number', PHONE_ZH)
      const now = core.clock.now()
      const shopper = await core.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('login_codes')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('phone', '=', phone)
          .orderBy('created_at', 'desc')
          .limit(1)
          .forUpdate()
          .executeTakeFirst()
        if (!row || row.consumed_at || row.expires_at <= now || row.attempts >= CODE_MAX_ATTEMPTS)
          throw new AppError('invalid_code', {}, 'code')
        if (row.code_hash !== sha256(`${phone}:${code}`)) {
          await trx
            .updateTable('login_codes')
            .set({ attempts: row.attempts + 1 })
            .where('id', '=', row.id)
            .execute()
          return undefined
        }
        await trx.updateTable('login_codes').set({ consumed_at: now }).where('id', '=', row.id).execute()
        const existing = await trx
          .selectFrom('shoppers')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('phone', '=', phone)
          .executeTakeFirst()
        if (existing) return existing
        return trx
          .insertInto('shoppers')
          .values({
            id: newId(),
            tenant_id: tenantId,
            phone,
            nickname: `用户${phone.slice(-4)}`,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
      })
      // A wrong code is counted (committed above) before it is refused.
      if (!shopper) throw new AppError('invalid_code', {}, 'code')
      return { ...(await openSession(tenantId, 'shopper', shopper.id)), shopper: this.shopperView(shopper) }
    },

    /**
     * The shoppers with these phone numbers, each made as a first sign-in would make it when there is
     * none yet; for lists an operator brings in, such as the staff list. Call it in the caller's
     * transaction; one insert and one read whatever the count. Returns phone → shopper id and which
     * phones were new.
     */
    async ensureShoppers(ctx: Ctx, phones: string[]) {
      for (const phone of phones)
        if (!PHONE.test(phone)) throw invalid('phone', 'an 11-digit mainland mobile number', PHONE_ZH)
      const ids = new Map<string, string>()
      if (!phones.length) return { ids, created: new Set<string>() }
      const now = core.clock.now()
      const inserted = await scoped(ctx)
        .insertInto(
          'shoppers',
          [...new Set(phones)].map((phone) => ({
            id: newId(),
            phone,
            nickname: `用户${phone.slice(-4)}`,
            avatar_url: null,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'phone']).doNothing())
        .returning(['id', 'phone'])
        .execute()
      const rows = await scoped(ctx)
        .selectFrom('shoppers')
        .select(['id', 'phone'])
        .where('phone', 'in', phones)
        .execute()
      for (const r of rows) ids.set(r.phone, r.id)
      return { ids, created: new Set(inserted.map((r) => r.phone)) }
    },

    shopperView: (r: { id: string; phone: string; nickname: string; avatar_url: string | null }) => ({
      id: r.id,
      phone: maskPhone(r.phone),
      nickname: r.nickname,
      avatarUrl: r.avatar_url,
    }),

    async getShopper(ctx: Ctx, id: string) {
      const row = await scoped(ctx).selectFrom('shoppers').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row) throw notFound('shopper')
      return this.shopperView(row)
    },

    async updateShopper(ctx: Ctx, id: string, patch: { nickname?: string }) {
      const row = await scoped(ctx)
        .updateTable('shoppers')
        .set(patch)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
      if (!row) throw notFound('shopper')
      return this.shopperView(row)
    },

    /**
     * The actor behind a bearer token, or undefined when it is unknown, expired, revoked or disabled.
     * Shopper sessions are remembered for a few seconds, so a crowd of requests (a flash sale) does
     * not read the sessions table once per request; a logout through this process forgets at once,
     * another process's logout within `SESSION_CACHE_MS`. Staff sessions are always read, so a role
     * change or a disabled account takes effect on the next request.
     */
    async resolveSession(token: string): Promise<{ tenantId: string; actor: Actor } | undefined> {
      if (!token || token.length > 200) return undefined
      const hash = sha256(token)
      const now = core.clock.now().getTime()
      const hit = shopperSessions.get(hash)
      if (hit && hit.until > now) return hit.session
      if (hit) shopperSessions.delete(hash)
      const s = await core.db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', sha256(token))
        .executeTakeFirst()
      if (!s || s.revoked_at || s.expires_at <= core.clock.now()) return undefined
      if (s.subject_kind === 'shopper') {
        const session = { tenantId: s.tenant_id, actor: { kind: 'shopper' as const, id: s.subject_id } }
        if (shopperSessions.size >= SESSION_CACHE_SIZE)
          shopperSessions.delete(shopperSessions.keys().next().value!)
        shopperSessions.set(hash, {
          session,
          until: Math.min(now + SESSION_CACHE_MS, s.expires_at.getTime()),
        })
        return session
      }
      const staff = await core.db
        .selectFrom('staff')
        .select(['role', 'status', 'merchant_id'])
        .where('id', '=', s.subject_id)
        .executeTakeFirst()
      if (staff?.status !== 'active') return undefined
      return {
        tenantId: s.tenant_id,
        actor: { kind: 'staff', id: s.subject_id, role: staff.role, merchantId: staff.merchant_id },
      }
    },

    async logout(token: string) {
      shopperSessions.delete(sha256(token))
      await core.db
        .updateTable('sessions')
        .set({ revoked_at: core.clock.now() })
        .where('token_hash', '=', sha256(token))
        .where('revoked_at', 'is', null)
        .execute()
    },

    async staffMe(ctx: Ctx, id: string) {
      const row = await scoped(ctx).selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row) throw notFound('staff')
      return staffView(row)
    },

    // Addresses -------------------------------------------------------------
    async listAddresses(ctx: Ctx, shopperId: string) {
      const rows = await scoped(ctx)
        .selectFrom('shopper_addresses')
        .selectAll()
        .where('shopper_id', '=', shopperId)
        .orderBy('is_default', 'desc')
        .orderBy('created_at', 'desc')
        .execute()
      return rows.map(addressView)
    },

    async addAddress(ctx: Ctx, shopperId: string, a: AddressInput) {
      if (!PHONE.test(a.phone)) throw invalid('phone', 'an 11-digit mainland mobile number', PHONE_ZH)
      return ctx.db.transaction().execute(async (trx) => {
        const s = scoped({ ...ctx, db: trx })
        const count = await s
          .selectFrom('shopper_addresses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('shopper_id', '=', shopperId)
          .executeTakeFirstOrThrow()
        if (Number(count.n) >= 20) throw invalid('address', 'at most 20 addresses', '最多保存 20 个收货地址')
        const isDefault = a.isDefault || Number(count.n) === 0
        if (isDefault)
          await s
            .updateTable('shopper_addresses')
            .set({ is_default: false })
            .where('shopper_id', '=', shopperId)
            .execute()
        const row = await s
          .insertInto('shopper_addresses', {
            id: newId(),
            shopper_id: shopperId,
            name: a.name,
            phone: a.phone,
            region: a.region,
            detail: a.detail,
            is_default: isDefault,
            created_at: core.clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        return addressView(row)
      })
    },

    async deleteAddress(ctx: Ctx, shopperId: string, id: string) {
      const r = await scoped(ctx)
        .deleteFrom('shopper_addresses')
        .where('id', '=', id)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!r.numDeletedRows) throw notFound('address', 'id')
    },

    async getAddress(ctx: Ctx, shopperId: string, id: string) {
      const row = await scoped(ctx)
        .selectFrom('shopper_addresses')
        .selectAll()
        .where('id', '=', id)
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst()
      if (!row) throw notFound('address', 'addressId')
      return addressView(row)
    },
  }
}

export interface AddressInput {
  name: string
  phone: string
  region: string
  detail: string
  isDefault?: boolean
}

const addressView = (r: {
  id: string
  name: string
  phone: string
  region: string
  detail: string
  is_default: boolean
}) => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  region: r.region,
  detail: r.detail,
  isDefault: r.is_default,
})

export type IdentityService = ReturnType<typeof createIdentityService>
