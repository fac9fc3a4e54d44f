import { fenToYuanString, yuanToFen } from '../shared/money'
import type { CommissionPlan, ProgramView, PromoterProgram, Qualification, Rate } from './distributionApi'

/**
 * The program editor's values: money in yuan and rates in percent as typed, switches for each way
 * to qualify. `toProgramBody` turns them back into the program and plan, keeping whatever the form
 * does not edit (per-category, per-product and per-deal rates, fraud thresholds, invitation rewards).
 */
export interface ProgramFormValues {
  applyEnabled: boolean
  applyApproval: 'auto' | 'manual'
  spendEnabled: boolean
  spendMin: string
  spendWindowDays: number | null
  invitationEnabled: boolean
  staffEnabled: boolean
  /** Status lasts `statusDays`; otherwise until suspended. */
  statusLimited: boolean
  statusDays: number | null
  renewEnabled: boolean
  renewSpend: string
  bindOn: 'click' | 'first_paid_order'
  touch: 'first' | 'last'
  lockDays: number | null
  permanent: boolean
  /** Empty: the shop's return window. */
  returnWindowDays: number | null
  withdrawMin: string
  withdrawFee: string
  withdrawDailyLimited: boolean
  withdrawDaily: string
  rateKind: 'rate' | 'fixed'
  level1Percent: string
  level2Percent: string
  level1PerUnit: string
  level2PerUnit: string
  levels: 1 | 2
  secondLevelAcknowledged: boolean
  earnOnOwnPurchases: boolean
}

export type ProgramField = keyof ProgramFormValues | 'qualifications'

export interface ProgramFormProblem {
  field: ProgramField
  key: 'required' | 'amount' | 'percent' | 'days' | 'qualification'
}

/** Rates are basis points: 10.5% is 1050 bp, the same arithmetic as yuan to fen. */
export const percentToBp = (typed: string | number | null | undefined) => yuanToFen(typed)

/** 1050 bp → "10.5"; whole percents without decimals. */
export function bpToPercent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return ''
  return fenToYuanString(bp)
    .replace(/\.00$/, '')
    .replace(/(\.\d)0$/, '$1')
}

const DEFAULT_WITHDRAWAL = { minFen: 100, feeFen: 0, dailyLimitFen: 2_000_000 }

/** The form's starting values from what the server holds. */
export function toProgramForm(view: Pick<ProgramView, 'program' | 'plan'>): ProgramFormValues {
  const { program, plan } = view
  const q = <K extends Qualification['kind']>(kind: K) =>
    program.qualifications.find((x) => x.kind === kind) as Extract<Qualification, { kind: K }> | undefined
  const apply = q('apply')
  const spend = q('spend')
  const w = program.withdrawal ?? DEFAULT_WITHDRAWAL
  const r = plan.defaultRate
  return {
    applyEnabled: !!apply,
    applyApproval: apply?.approval ?? 'manual',
    spendEnabled: !!spend,
    spendMin: spend ? fenToYuanString(spend.minPaidFen) : '',
    spendWindowDays: spend?.windowDays ?? 365,
    invitationEnabled: !!q('invitation'),
    staffEnabled: !!q('staff'),
    statusLimited: program.statusDays !== null,
    statusDays: program.statusDays ?? 365,
    renewEnabled: !!program.renewBySpendFen,
    renewSpend: program.renewBySpendFen ? fenToYuanString(program.renewBySpendFen) : '',
    bindOn: program.binding.bindOn,
    touch: program.binding.touch,
    lockDays: program.binding.lockDays,
    permanent: program.binding.permanent,
    returnWindowDays: program.returnWindowDays ?? null,
    withdrawMin: fenToYuanString(w.minFen),
    withdrawFee: fenToYuanString(w.feeFen),
    withdrawDailyLimited: w.dailyLimitFen !== null,
    withdrawDaily: w.dailyLimitFen === null ? '' : fenToYuanString(w.dailyLimitFen),
    rateKind: r.kind,
    level1Percent: r.kind === 'rate' ? bpToPercent(r.level1Bp) : '',
    level2Percent: r.kind === 'rate' && r.level2Bp ? bpToPercent(r.level2Bp) : '',
    level1PerUnit: r.kind === 'fixed' ? fenToYuanString(r.level1FenPerUnit) : '',
    level2PerUnit: r.kind === 'fixed' && r.level2FenPerUnit ? fenToYuanString(r.level2FenPerUnit) : '',
    levels: plan.levels === 2 ? 2 : 1,
    secondLevelAcknowledged: plan.secondLevelAcknowledged,
    earnOnOwnPurchases: plan.earnOnOwnPurchases,
  }
}

/**
 * The program and plan to save, or the problems to show by field. Only the form's own checks
 * (amounts that are not amounts, missing numbers); what is lawful is the server's compliance guard
 * to say, and its refusal lands on the field through `formFieldOf`.
 */
export function toProgramBody(
  v: ProgramFormValues,
  original: Pick<ProgramView, 'program' | 'plan'>,
): { body?: { program: PromoterProgram; plan: CommissionPlan }; problems: ProgramFormProblem[] } {
  const problems: ProgramFormProblem[] = []
  const money = (field: keyof ProgramFormValues, typed: string, required = true): number | undefined => {
    if (!typed?.trim()) {
      if (required) problems.push({ field, key: 'required' })
      return undefined
    }
    const fen = yuanToFen(typed)
    if (fen === null || fen < 0) {
      problems.push({ field, key: 'amount' })
      return undefined
    }
    return fen
  }
  const days = (field: keyof ProgramFormValues, n: number | null, min = 1): number | undefined => {
    if (n === null || n === undefined || !Number.isInteger(n) || n < min) {
      problems.push({ field, key: n === null || n === undefined ? 'required' : 'days' })
      return undefined
    }
    return n
  }
  const percent = (field: keyof ProgramFormValues, typed: string, required: boolean): number | undefined => {
    if (!typed?.trim()) {
      if (required) problems.push({ field, key: 'required' })
      return undefined
    }
    const bp = percentToBp(typed)
    if (bp === null || bp < 0 || bp > 10_000) {
      problems.push({ field, key: 'percent' })
      return undefined
    }
    return bp
  }

  const qualifications: Qualification[] = []
  if (v.applyEnabled) qualifications.push({ kind: 'apply', approval: v.applyApproval })
  if (v.spendEnabled) {
    const minPaidFen = money('spendMin', v.spendMin)
    const windowDays = days('spendWindowDays', v.spendWindowDays)
    if (minPaidFen !== undefined && windowDays !== undefined)
      qualifications.push({ kind: 'spend', minPaidFen, windowDays })
  }
  if (v.invitationEnabled) qualifications.push({ kind: 'invitation' })
  if (v.staffEnabled) qualifications.push({ kind: 'staff' })
  if (!v.applyEnabled && !v.spendEnabled && !v.invitationEnabled && !v.staffEnabled)
    problems.push({ field: 'qualifications', key: 'qualification' })

  const statusDays = v.statusLimited ? days('statusDays', v.statusDays) : null
  const renewBySpendFen = v.statusLimited && v.renewEnabled ? money('renewSpend', v.renewSpend) : undefined
  const lockDays = days('lockDays', v.lockDays, 0)
  const returnWindowDays =
    v.returnWindowDays === null || v.returnWindowDays === undefined
      ? undefined
      : days('returnWindowDays', v.returnWindowDays, 0)
  const withdrawal = {
    minFen: money('withdrawMin', v.withdrawMin),
    feeFen: money('withdrawFee', v.withdrawFee, false) ?? 0,
    dailyLimitFen: v.withdrawDailyLimited ? money('withdrawDaily', v.withdrawDaily) : null,
  }

  const two = v.levels === 2
  let defaultRate: Rate | undefined
  if (v.rateKind === 'rate') {
    const level1Bp = percent('level1Percent', v.level1Percent, true)
    const level2Bp = two ? percent('level2Percent', v.level2Percent, true) : undefined
    if (level1Bp !== undefined)
      defaultRate = { kind: 'rate', level1Bp, ...(level2Bp !== undefined ? { level2Bp } : {}) }
  } else {
    const level1FenPerUnit = money('level1PerUnit', v.level1PerUnit)
    const level2FenPerUnit = two ? money('level2PerUnit', v.level2PerUnit) : undefined
    if (level1FenPerUnit !== undefined)
      defaultRate = {
        kind: 'fixed',
        level1FenPerUnit,
        ...(level2FenPerUnit !== undefined ? { level2FenPerUnit } : {}),
      }
  }

  if (problems.length || !defaultRate || lockDays === undefined || withdrawal.minFen === undefined)
    return { problems }

  // Everything the form does not show stays as it was.
  const {
    qualifications: _q,
    statusDays: _s,
    renewBySpendFen: _r,
    binding: _b,
    returnWindowDays: _w,
    withdrawal: _wd,
    ...kept
  } = original.program
  const program: PromoterProgram = {
    ...kept,
    qualifications,
    statusDays: statusDays ?? null,
    ...(renewBySpendFen !== undefined ? { renewBySpendFen } : {}),
    binding: { bindOn: v.bindOn, touch: v.touch, lockDays, permanent: v.permanent },
    ...(returnWindowDays !== undefined ? { returnWindowDays } : {}),
    withdrawal: {
      minFen: withdrawal.minFen,
      feeFen: withdrawal.feeFen,
      dailyLimitFen: withdrawal.dailyLimitFen ?? null,
    },
  }
  const plan: CommissionPlan = {
    ...original.plan,
    defaultRate,
    levels: v.levels,
    // Acknowledging only means something for a second level; a one-level plan never carries it.
    secondLevelAcknowledged: two && v.secondLevelAcknowledged,
    earnOnOwnPurchases: v.earnOnOwnPurchases,
  }
  return { problems, body: { program, plan } }
}

/**
 * The form field a server refusal belongs to (`plan.levels`, `program.binding.lockDays`,
 * `plan.defaultRate.level1Bp`, …), or undefined when the form does not show it (it then goes in
 * the banner above the form).
 */
export function formFieldOf(
  serverField: string | undefined,
  rateKind: 'rate' | 'fixed',
): ProgramField | undefined {
  if (!serverField) return undefined
  const f = serverField.replace(/^body\./, '')
  const exact: Record<string, ProgramField> = {
    'program.statusDays': 'statusDays',
    'program.renewBySpendFen': 'renewSpend',
    'program.binding.bindOn': 'bindOn',
    'program.binding.touch': 'touch',
    'program.binding.lockDays': 'lockDays',
    'program.binding.permanent': 'permanent',
    'program.returnWindowDays': 'returnWindowDays',
    'program.withdrawal.minFen': 'withdrawMin',
    'program.withdrawal.feeFen': 'withdrawFee',
    'program.withdrawal.dailyLimitFen': 'withdrawDaily',
    'plan.levels': 'levels',
    'plan.secondLevelAcknowledged': 'secondLevelAcknowledged',
    'plan.earnOnOwnPurchases': 'earnOnOwnPurchases',
    'plan.defaultRate.level1Bp': 'level1Percent',
    'plan.defaultRate.level2Bp': 'level2Percent',
    'plan.defaultRate.level1FenPerUnit': 'level1PerUnit',
    'plan.defaultRate.level2FenPerUnit': 'level2PerUnit',
  }
  if (exact[f]) return exact[f]
  // The whole default rate (e.g. above the 30% cap): on its first level's box.
  if (f === 'plan.defaultRate' || f.startsWith('plan.defaultRate.'))
    return rateKind === 'rate' ? 'level1Percent' : 'level1PerUnit'
  if (/^program\.qualifications\.\d+\.minPaidFen$/.test(f)) return 'spendMin'
  if (/^program\.qualifications\.\d+\.windowDays$/.test(f)) return 'spendWindowDays'
  if (f === 'program.qualifications' || f.startsWith('program.qualifications.')) return 'qualifications'
  if (f === 'program.withdrawal' || f.startsWith('program.withdrawal.')) return 'withdrawMin'
  return undefined
}

/** How many rates the plan keeps that this form does not edit, for a line under the default rate. */
export function otherRates(plan: CommissionPlan): { categories: number; products: number; deals: number } {
  return {
    categories: Object.keys(plan.categoryRates ?? {}).length,
    products: Object.keys(plan.productRates ?? {}).length,
    deals: Object.keys(plan.dealOverrides ?? {}).length,
  }
}
