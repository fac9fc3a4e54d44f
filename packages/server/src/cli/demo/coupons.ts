import type { Core } from '../../core.js'
import type { TemplateInput } from '../../modules/coupons/coupons.service.js'
import type { Ctx } from '../../platform/context.js'

const DAY = 86_400_000

type Template = Omit<TemplateInput, 'claimStartsAt' | 'claimEndsAt' | 'validFrom' | 'validUntil'>

const always = { scope: 'all' as const, scopeIds: [], validity: 'after_claim' as const, claimable: true }

/** The claim centre's templates; the name is what a rerun looks them up by. */
const TEMPLATES: Template[] = [
  {
    ...always,
    name: '满199减30',
    kind: 'threshold',
    amountFen: 3_000,
    thresholdFen: 19_900,
    validDays: 7,
    perPersonLimit: 2,
    totalLimit: 2_000,
  },
  {
    ...always,
    name: '全场9折券 最高减20元',
    kind: 'percent',
    percentBps: 1_000,
    capFen: 2_000,
    validDays: 7,
    perPersonLimit: 1,
    totalLimit: 1_000,
  },
  {
    ...always,
    name: '新人无门槛5元券',
    kind: 'fixed',
    amountFen: 500,
    validDays: 3,
    perPersonLimit: 1,
    totalLimit: 5_000,
  },
  {
    ...always,
    name: '满49包邮券',
    kind: 'free_shipping',
    thresholdFen: 4_900,
    validDays: 15,
    perPersonLimit: 3,
    totalLimit: 3_000,
  },
]

/** The shop's staff member with this email as the actor, so history and audit name who did it. */
export async function asStaff(core: Core, ctx: Ctx, email: string): Promise<Ctx> {
  const s = (await core.identity.listStaff(ctx)).find((m) => m.email === email)
  return s ? { ...ctx, actor: { kind: 'staff', id: s.id, role: s.role } } : ctx
}

async function templateNames(core: Core, ctx: Ctx) {
  const names = new Set<string>()
  let cursor: string | undefined
  do {
    const page = await core.coupons.listTemplates(ctx, { limit: 100, cursor })
    for (const t of page.items) names.add(t.name)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return names
}

/**
 * Coupon templates open in the claim centre for a year, made by the operator as the console makes
 * them; a template whose name the shop already has is left alone.
 */
export async function seedCoupons(core: Core, ctx: Ctx) {
  const have = await templateNames(core, ctx)
  const now = core.clock.now().getTime()
  for (const t of TEMPLATES) {
    if (have.has(t.name)) continue
    await core.coupons.createTemplate(ctx, {
      ...t,
      validFrom: null,
      validUntil: null,
      claimStartsAt: new Date(now - DAY).toISOString(),
      claimEndsAt: new Date(now + 365 * DAY).toISOString(),
    })
  }
}
