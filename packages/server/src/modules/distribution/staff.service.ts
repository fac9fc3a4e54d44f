import { parse as parseCsv } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Transaction } from 'kysely'
import { sql } from 'kysely'
import type { Core } from '../../core.js'
import type { DB } from '../../database.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid, type Lang } from '../../platform/errors.js'
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { maskPhone, PHONE } from '../identity/index.js'
import {
  type LeaderboardMetric,
  type LeaderboardRange,
  type RowProblem,
  rankDense,
  readStaffSheet,
  resolveRange,
  type SheetRow,
  type StaffRow,
  shanghaiDay,
} from './domain/leaderboard.js'
import type { PromoterStatus } from './domain/promoter-state.js'

type TCtx = Ctx & { db: Transaction<DB> }
type Reader = Pick<Ctx, 'db' | 'tenantId'>

const departmentNotFound = (field = 'departmentId') =>
  new AppError('not_found', { entity: 'Department', entity_zh: '部门' }, field)
const staffNotFound = () => new AppError('not_found', { entity: 'Staff member', entity_zh: '员工' }, 'id')
const conflict = (field: string, en: string, zh: string) =>
  new AppError('conflict', { detail: en, detail_zh: zh }, field)

/** What importing one row of the staff list does (or, in a dry run, would do). */
export type ImportAction = 'add' | 'update' | 'reinstate' | 'unchanged'

export interface LeaderboardQuery {
  metric: LeaderboardMetric
  range: LeaderboardRange
  from?: string
  to?: string
  by?: 'person' | 'department'
  departmentId?: string
  limit?: number
}

/** One line of a leaderboard: a staff member, or a department with its current staff. */
export interface LeaderboardItem {
  rank: number
  /** The metric's value: fen for `gmv`, a count otherwise. */
  value: number
  /** The promoter (per person) or the department. */
  id: string
  name: string
  promoterId: string | null
  phoneMasked: string | null
  employeeNo: string | null
  departmentId: string
  departmentName: string
  staffCount: number | null
  gmvFen: number
  orders: number
  newCustomers: number
}

const MAX_LEADERBOARD = 10_000
/** Rows per statement in bulk writes (Postgres takes at most 65,535 parameters). */
const BULK = 1000

/**
 * Reads an uploaded staff list, CSV (UTF-8, or GBK as Excel on Chinese Windows saves it) or .xlsx
 * (the first worksheet), into rows of text numbered as a spreadsheet shows them.
 */
export async function readSheetFile(bytes: Buffer): Promise<SheetRow[]> {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const wb = new ExcelJS.Workbook()
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    } catch {
      throw invalid('file', 'the file could not be read as an .xlsx workbook', '无法读取该 .xlsx 文件')
    }
    const ws = wb.worksheets[0]
    const rows: SheetRow[] = []
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = []
      for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value))
      rows.push({ row: n, cells })
    })
    return rows
  }
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw new AppError('unsupported_media_type', {}, 'file')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('gb18030').decode(bytes)
  }
  text = text.replace(/^\uFEFF/, '')
  const firstLine = text.split(/\r?\n/, 1)[0]
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  let records: string[][]
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    })
  } catch (err) {
    throw invalid(
      'file',
      `the file could not be read as CSV (${(err as Error).message.slice(0, 120)})`,
      '无法读取该 CSV 文件，请检查引号和分隔符',
    )
  }
  return records.map((cells, i) => ({ row: i + 1, cells }))
}

/** A cell as the text a person sees in it; whole numbers (phones typed as numbers) without exponent. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return String(v)
  if (v instanceof Date) return shanghaiDay(v)
  if ('richText' in v) return v.richText.map((r) => r.text).join('')
  if ('formula' in v || 'sharedFormula' in v)
    return cellText((v as { result?: ExcelJS.CellValue }).result ?? null)
  if ('text' in v) return cellText(v.text as ExcelJS.CellValue)
  return ''
}

/**
 * Staff selling: departments, the staff list (each member an active promoter with source `staff`
 * and no end date while listed) and leaderboards over the orders they brought in.
 */
export function createStaffService(core: Core) {
  const tx = <T>(ctx: Ctx, fn: (t: TCtx) => Promise<T>) =>
    inTransaction(ctx.db, (trx) => fn({ ...ctx, db: trx }))
  /** Staff list changes in a shop queue behind one another (imports touch many rows at once). */
  const lockStaffList = (t: TCtx) =>
    sql`select pg_advisory_xact_lock(hashtext(${`distribution.staff:${t.tenantId}`}))`.execute(t.db)

  // Departments ---------------------------------------------------------------------------------
  async function departments(ctx: Reader) {
    const rows = await scoped(ctx)
      .selectFrom('departments')
      .leftJoin('staff_members', (j) =>
        j
          .onRef('staff_members.department_id', '=', 'departments.id')
          .on('staff_members.removed_at', 'is', null),
      )
      .select(['departments.id', 'departments.name', 'departments.created_at'])
      .select((eb) => eb.fn.count<number>('staff_members.promoter_id').as('members'))
      .groupBy('departments.id')
      .orderBy('departments.name')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      staffCount: Number(r.members),
      createdAt: r.created_at,
    }))
  }

  const exists = () => new AppError('already_exists', { entity: 'Department', entity_zh: '部门' }, 'name')

  async function createDepartment(ctx: Ctx, name: string) {
    const clean = name.trim().replace(/\s+/g, ' ')
    if (!clean) throw invalid('name', 'a name', '请填写部门名称')
    return tx(ctx, async (t) => {
      const now = core.clock.now()
      const row = await scoped(t)
        .insertInto('departments', { id: newId(), name: clean, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst()
      if (!row) throw exists()
      await audit(t, core.clock, 'distribution.department.create', 'department', row.id, { name: clean })
      return { id: row.id, name: row.name, staffCount: 0, createdAt: row.created_at }
    })
  }

  async function lockDepartment(t: TCtx, id: string) {
    const d = await scoped(t)
      .selectFrom('departments')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!d) throw departmentNotFound('id')
    return d
  }

  async function renameDepartment(ctx: Ctx, id: string, name: string) {
    const clean = name.trim().replace(/\s+/g, ' ')
    if (!clean) throw invalid('name', 'a name', '请填写部门名称')
    return tx(ctx, async (t) => {
      const d = await lockDepartment(t, id)
      if (d.name !== clean) {
        const taken = await scoped(t)
          .selectFrom('departments')
          .select('id')
          .where('name', '=', clean)
          .executeTakeFirst()
        if (taken) throw exists()
        await scoped(t)
          .updateTable('departments')
          .set({ name: clean, updated_at: core.clock.now() })
          .where('id', '=', id)
          .execute()
        await audit(t, core.clock, 'distribution.department.rename', 'department', id, {
          from: d.name,
          to: clean,
        })
      }
      return (await departments(t)).find((x) => x.id === id)!
    })
  }

  /** Deletes an empty department (staff who were removed from the list keep no department). */
  async function deleteDepartment(ctx: Ctx, id: string) {
    return tx(ctx, async (t) => {
      await lockStaffList(t)
      const d = await lockDepartment(t, id)
      const members = await scoped(t)
        .selectFrom('staff_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('department_id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirstOrThrow()
      if (Number(members.n) > 0)
        throw conflict(
          'id',
          `the department still has ${members.n} staff; move or remove them first`,
          `该部门还有 ${members.n} 名员工，请先调整部门或移出员工名单`,
        )
      await scoped(t)
        .updateTable('staff_members')
        .set({ department_id: null })
        .where('department_id', '=', id)
        .execute()
      await scoped(t).deleteFrom('departments').where('id', '=', id).execute()
      await audit(t, core.clock, 'distribution.department.delete', 'department', id, { name: d.name })
      return { ok: true as const }
    })
  }

  // Staff list ----------------------------------------------------------------------------------
  const staffQuery = (ctx: Reader) =>
    scoped(ctx)
      .selectFrom('staff_members')
      .innerJoin('promoters', 'promoters.id', 'staff_members.promoter_id')
      .leftJoin('departments', 'departments.id', 'staff_members.department_id')
      .selectAll('staff_members')
      .select(['promoters.status as promoter_status', 'departments.name as department_name'])

  type StaffRecord = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>
  const view = (r: StaffRecord) => ({
    id: r.promoter_id,
    promoterId: r.promoter_id,
    shopperId: r.shopper_id,
    name: r.name,
    phoneMasked: r.phone_masked,
    employeeNo: r.employee_no,
    departmentId: r.department_id,
    departmentName: r.department_name,
    promoterStatus: r.promoter_status as PromoterStatus,
    addedAt: r.added_at,
    removedAt: r.removed_at,
    removedReason: r.removed_reason,
  })

  /**
   * The staff list, newest first, a page at a time. `q` finds a name (part of it), an employee
   * number, a whole phone number or its last four digits.
   */
  async function list(
    ctx: Reader,
    query: { q?: string; departmentId?: string; removed?: boolean; limit?: number; cursor?: string },
  ) {
    const limit = query.limit ?? 50
    let q = staffQuery(ctx)
      .where('staff_members.removed_at', query.removed ? 'is not' : 'is', null)
      .orderBy('staff_members.added_at', 'desc')
      .orderBy('staff_members.promoter_id', 'desc')
      .limit(limit + 1)
    if (query.departmentId) q = q.where('staff_members.department_id', '=', query.departmentId)
    const term = query.q?.trim()
    if (term) {
      const digits = term.replace(/[\s-]/g, '')
      if (PHONE.test(digits))
        q = q.where('staff_members.shopper_id', 'in', (eb) =>
          eb
            .selectFrom('shoppers')
            .select('id')
            .where('tenant_id', '=', ctx.tenantId)
            .where('phone', '=', digits),
        )
      else {
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        q = q.where((eb) =>
          eb.or([
            eb('staff_members.name', 'ilike', like),
            eb('staff_members.employee_no', '=', term),
            ...(/^\d{4}$/.test(digits) ? [eb('staff_members.phone_masked', 'like', `%${digits}`)] : []),
          ]),
        )
      }
    }
    const after = decodeCursor(query.cursor)
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('staff_members.added_at', '<', after.at),
          eb.and([
            eb('staff_members.added_at', '=', after.at),
            eb('staff_members.promoter_id', '<', after.id),
          ]),
        ]),
      )
    const rows = await q.execute()
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map(view),
      nextCursor: rows.length > limit && last ? encodeCursor(last.added_at, last.promoter_id) : null,
    }
  }

  async function lockMember(t: TCtx, id: string) {
    const r = await scoped(t)
      .selectFrom('staff_members')
      .selectAll()
      .where('promoter_id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!r) throw staffNotFound()
    if (r.removed_at)
      throw conflict('id', 'this person is no longer on the staff list', '该员工已移出员工名单')
    return r
  }

  const one = async (ctx: Reader, id: string) =>
    view(await staffQuery(ctx).where('staff_members.promoter_id', '=', id).executeTakeFirstOrThrow())

  /** Moves a staff member to another department (audited). */
  async function move(ctx: Ctx, id: string, departmentId: string) {
    return tx(ctx, async (t) => {
      const m = await lockMember(t, id)
      const d = await scoped(t)
        .selectFrom('departments')
        .select(['id', 'name'])
        .where('id', '=', departmentId)
        .executeTakeFirst()
      if (!d) throw departmentNotFound()
      if (m.department_id !== d.id) {
        await scoped(t)
          .updateTable('staff_members')
          .set({ department_id: d.id, updated_at: core.clock.now() })
          .where('promoter_id', '=', id)
          .execute()
        await audit(t, core.clock, 'distribution.staff.move', 'staff_member', id, {
          from: m.department_id,
          to: d.id,
        })
      }
      return one(t, id)
    })
  }

  /**
   * Takes someone off the staff list: their promoter status is suspended with the reason (so they
   * stop binding customers and earning), both audited. Listing them again reinstates them.
   */
  async function remove(ctx: Ctx, id: string, reason: string) {
    return tx(ctx, async (t) => {
      await lockStaffList(t)
      const m = await lockMember(t, id)
      const promoter = await scoped(t)
        .selectFrom('promoters')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      if (promoter.status !== 'suspended') await core.distribution.programs.review(t, id, 'suspend', reason)
      await scoped(t)
        .updateTable('staff_members')
        .set({ removed_at: core.clock.now(), removed_reason: reason, updated_at: core.clock.now() })
        .where('promoter_id', '=', id)
        .execute()
      await audit(t, core.clock, 'distribution.staff.remove', 'staff_member', id, {
        name: m.name,
        departmentId: m.department_id,
        reason,
      })
      return one(t, id)
    })
  }

  /**
   * Imports a staff list, all or nothing: every row is checked first (the sheet's own problems,
   * then suspended promoters and employee numbers held by someone else) and any problem refuses the
   * whole file, with each problem's row. Otherwise each row finds or makes the shopper by phone,
   * the department by name, makes them an active staff promoter and puts them in that department.
   * Importing the same file again changes nothing. People missing from the file stay on the list.
   * With `dryRun`, says what would happen and writes nothing.
   */
  async function importStaff(ctx: Ctx, sheet: SheetRow[], opts: { dryRun?: boolean } = {}) {
    const read = readStaffSheet(sheet, (p) => PHONE.test(p))
    if (read.problems.length) return { ok: false as const, problems: read.problems }
    return tx(ctx, async (t) => {
      await lockStaffList(t)
      const plan = await planImport(t, read.rows)
      if (plan.problems.length) return { ok: false as const, problems: plan.problems }
      const summary = {
        dryRun: !!opts.dryRun,
        rows: read.rows.length,
        added: plan.items.filter((i) => i.action === 'add').length,
        updated: plan.items.filter((i) => i.action === 'update').length,
        reinstated: plan.items.filter((i) => i.action === 'reinstate').length,
        unchanged: plan.items.filter((i) => i.action === 'unchanged').length,
        newDepartments: plan.newDepartments,
        newShoppers: plan.newShoppers,
      }
      if (opts.dryRun || plan.items.every((i) => i.action === 'unchanged'))
        return { ok: true as const, ...summary, items: plan.items.map(itemView) }
      const written = await applyImport(t, plan)
      await audit(t, core.clock, 'distribution.staff.import', 'staff_list', null, {
        ...summary,
        changes: written
          .filter((i) => i.action !== 'unchanged')
          .map((i) => ({
            row: i.row,
            action: i.action,
            promoterId: i.promoterId,
            department: i.department,
          })),
      })
      return { ok: true as const, ...summary, items: written.map(itemView) }
    })
  }

  interface PlannedRow extends StaffRow {
    action: ImportAction
    promoterId: string | null
    shopperId: string | null
    reinstate: boolean
  }
  const itemView = (i: PlannedRow) => ({
    row: i.row,
    action: i.action,
    promoterId: i.promoterId,
    name: i.name,
    phoneMasked: maskPhone(i.phone),
    department: i.department,
    employeeNo: i.employeeNo,
  })

  /** What each row would do, and the problems only the database can show; reads only. */
  async function planImport(t: TCtx, rows: StaffRow[]) {
    const phones = rows.map((r) => r.phone)
    const shoppers = await scoped(t)
      .selectFrom('shoppers')
      .select(['id', 'phone'])
      .where('phone', 'in', phones)
      .execute()
    const shopperByPhone = new Map(shoppers.map((s) => [s.phone, s.id]))
    const shopperIds = shoppers.map((s) => s.id)
    const promoters = shopperIds.length
      ? await scoped(t)
          .selectFrom('promoters')
          .select(['id', 'shopper_id', 'status', 'source', 'expires_at'])
          .where('shopper_id', 'in', shopperIds)
          .execute()
      : []
    const promoterOf = new Map(promoters.map((p) => [p.shopper_id, p]))
    const members = shopperIds.length
      ? await scoped(t)
          .selectFrom('staff_members')
          .selectAll()
          .where('shopper_id', 'in', shopperIds)
          .execute()
      : []
    const memberOf = new Map(members.map((m) => [m.shopper_id, m]))
    const employeeNos = rows.flatMap((r) => (r.employeeNo ? [r.employeeNo] : []))
    const holders = employeeNos.length
      ? await scoped(t)
          .selectFrom('staff_members')
          .select(['shopper_id', 'employee_no', 'name'])
          .where('employee_no', 'in', employeeNos)
          .where('removed_at', 'is', null)
          .execute()
      : []
    const holderOf = new Map(holders.map((h) => [h.employee_no!, h]))
    const names = [...new Set(rows.map((r) => r.department))]
    const known = await scoped(t)
      .selectFrom('departments')
      .select(['id', 'name'])
      .where('name', 'in', names)
      .execute()
    const departmentId = new Map(known.map((d) => [d.name, d.id]))

    const problems: RowProblem[] = []
    const items: PlannedRow[] = rows.map((r) => {
      const shopperId = shopperByPhone.get(r.phone) ?? null
      const p = shopperId ? promoterOf.get(shopperId) : undefined
      const m = shopperId ? memberOf.get(shopperId) : undefined
      const reinstate = !!m?.removed_at
      if (p?.status === 'suspended' && !reinstate)
        problems.push({
          row: r.row,
          field: 'phone',
          code: 'promoter_suspended',
          en: `row ${r.row}: ${r.name}'s promoter status is suspended; reinstate them on the promoters page first`,
          zh: `第 ${r.row} 行：${r.name} 的推广员资格已被暂停，请先在推广员页面恢复`,
        })
      const holder = r.employeeNo ? holderOf.get(r.employeeNo) : undefined
      if (holder && holder.shopper_id !== shopperId)
        problems.push({
          row: r.row,
          field: 'employeeNo',
          code: 'employee_no_taken',
          en: `row ${r.row}: the employee no ${r.employeeNo} belongs to ${holder.name}`,
          zh: `第 ${r.row} 行：工号 ${r.employeeNo} 已属于 ${holder.name}`,
        })
      const promoterReady = !!p && p.status === 'active' && p.source === 'staff' && p.expires_at === null
      const same =
        !!m &&
        !m.removed_at &&
        m.name === r.name &&
        m.employee_no === r.employeeNo &&
        !!m.department_id &&
        m.department_id === departmentId.get(r.department)
      const action: ImportAction = !m
        ? 'add'
        : m.removed_at
          ? 'reinstate'
          : same && promoterReady
            ? 'unchanged'
            : 'update'
      return { ...r, action, promoterId: p?.id ?? null, shopperId, reinstate }
    })
    return {
      problems,
      items,
      departmentId,
      newDepartments: names.filter((n) => !departmentId.has(n)),
      newShoppers: rows.filter((r) => !shopperByPhone.has(r.phone)).length,
    }
  }

  async function applyImport(t: TCtx, plan: Awaited<ReturnType<typeof planImport>>) {
    const now = core.clock.now()
    const changing = plan.items.filter((i) => i.action !== 'unchanged')
    const { ids } = await core.identity.ensureShoppers(
      t,
      changing.map((i) => i.phone),
    )
    if (plan.newDepartments.length) {
      const made = await scoped(t)
        .insertInto(
          'departments',
          plan.newDepartments.map((name) => ({ id: newId(), name, created_at: now, updated_at: now })),
        )
        .returning(['id', 'name'])
        .execute()
      for (const d of made) plan.departmentId.set(d.name, d.id)
    }
    const shopperOf = (i: PlannedRow) => ids.get(i.phone)!
    const enlisted = await core.distribution.programs.enlistStaff(t, changing.map(shopperOf), {
      reinstate: new Set(changing.filter((i) => i.reinstate).map(shopperOf)),
    })
    const out = plan.items.map((i) =>
      i.action === 'unchanged'
        ? i
        : { ...i, shopperId: shopperOf(i), promoterId: enlisted.get(shopperOf(i))!.promoterId },
    )
    const values = (i: PlannedRow) => ({
      department_id: plan.departmentId.get(i.department)!,
      name: i.name,
      phone_masked: maskPhone(i.phone),
      employee_no: i.employeeNo,
      updated_at: now,
      removed_at: null,
      removed_reason: null,
    })
    const added = out.filter((i) => i.action === 'add')
    for (let k = 0; k < added.length; k += BULK)
      await scoped(t)
        .insertInto(
          'staff_members',
          added.slice(k, k + BULK).map((i) => ({
            promoter_id: i.promoterId!,
            shopper_id: i.shopperId!,
            added_at: now,
            ...values(i),
          })),
        )
        .execute()
    for (const i of out)
      if (i.action === 'update' || i.action === 'reinstate')
        await scoped(t)
          .updateTable('staff_members')
          .set(i.action === 'reinstate' ? { ...values(i), added_at: now } : values(i))
          .where('promoter_id', '=', i.promoterId!)
          .execute()
    return out
  }

  // Leaderboards --------------------------------------------------------------------------------
  /**
   * Staff ranked by GMV (paid − refunded, in fen), orders or new customers brought in over the
   * range, from the referred orders; orders refunded in full do not count as orders or new
   * customers. Everyone on the list appears, with 0 when they brought nothing in; departments sum
   * their current staff. Dense ranks: equal values share a rank.
   */
  async function leaderboard(ctx: Ctx, q: LeaderboardQuery) {
    const r = resolveRange(q.range, core.clock.now(), { from: q.from, to: q.to })
    if ('problem' in r) throw invalid(r.problem.field, r.problem.en, r.problem.zh)
    const by = q.by ?? 'person'
    const counted = sql<boolean>`(ro.refunded_fen < ro.paid_fen or ro.paid_fen = 0)`
    let people = scoped(ctx)
      .selectFrom('staff_members')
      .innerJoin('departments', 'departments.id', 'staff_members.department_id')
      .leftJoin('referred_orders as ro', (j) =>
        j
          .onRef('ro.promoter_id', '=', 'staff_members.promoter_id')
          .onRef('ro.tenant_id', '=', 'staff_members.tenant_id')
          .on('ro.paid_at', '>=', r.from)
          .on('ro.paid_at', '<', r.to),
      )
      .select([
        'staff_members.promoter_id',
        'staff_members.name',
        'staff_members.phone_masked',
        'staff_members.employee_no',
        'departments.id as department_id',
        'departments.name as department_name',
        sql<number>`coalesce(sum(ro.paid_fen - ro.refunded_fen), 0)::bigint`.as('gmv_fen'),
        sql<number>`count(ro.order_id) filter (where ${counted})`.as('orders'),
        sql<number>`count(distinct ro.buyer_id) filter (where ro.new_customer and ${counted})`.as(
          'new_customers',
        ),
      ])
      .where('staff_members.removed_at', 'is', null)
      .groupBy(['staff_members.promoter_id', 'departments.id'])
    if (q.departmentId) people = people.where('staff_members.department_id', '=', q.departmentId)
    const rows = (await people.execute()).map((p) => ({
      promoterId: p.promoter_id as string | null,
      name: p.name,
      phoneMasked: p.phone_masked as string | null,
      employeeNo: p.employee_no,
      departmentId: p.department_id,
      departmentName: p.department_name,
      staffCount: null as number | null,
      gmvFen: Number(p.gmv_fen),
      orders: Number(p.orders),
      newCustomers: Number(p.new_customers),
    }))
    let entries = rows
    if (by === 'department') {
      let all = scoped(ctx).selectFrom('departments').select(['id', 'name'])
      if (q.departmentId) all = all.where('id', '=', q.departmentId)
      entries = (await all.execute()).map((d) => {
        const mine = rows.filter((p) => p.departmentId === d.id)
        return {
          promoterId: null,
          name: d.name,
          phoneMasked: null,
          employeeNo: null,
          departmentId: d.id,
          departmentName: d.name,
          staffCount: mine.length,
          gmvFen: mine.reduce((a, p) => a + p.gmvFen, 0),
          orders: mine.reduce((a, p) => a + p.orders, 0),
          newCustomers: mine.reduce((a, p) => a + p.newCustomers, 0),
        }
      })
    }
    const value = (e: (typeof entries)[number]) =>
      q.metric === 'gmv' ? e.gmvFen : q.metric === 'orders' ? e.orders : e.newCustomers
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    const ranked = rankDense(
      entries,
      value,
      (a, b) =>
        order(a.name, b.name) || order(a.promoterId ?? a.departmentId, b.promoterId ?? b.departmentId),
    )
    const items: LeaderboardItem[] = ranked
      .slice(0, Math.min(q.limit ?? 100, MAX_LEADERBOARD))
      .map((e) => ({ ...e, id: e.promoterId ?? e.departmentId, value: value(e) }))
    return {
      metric: q.metric,
      by,
      range: {
        kind: q.range,
        from: r.from,
        to: r.to,
        fromDay: shanghaiDay(r.from),
        toDay: shanghaiDay(new Date(r.to.getTime() - 1)),
      },
      items,
    }
  }

  /** The leaderboard as an .xlsx workbook: the ranking, and a sheet saying what it covers. */
  async function exportLeaderboard(ctx: Ctx, q: LeaderboardQuery) {
    const board = await leaderboard(ctx, { ...q, limit: q.limit ?? MAX_LEADERBOARD })
    const lang: Lang = ctx.lang
    const t = (zh: string, en: string) => (lang === 'en' ? en : zh)
    const wb = new ExcelJS.Workbook()
    wb.created = core.clock.now()
    const ws = wb.addWorksheet(t('排行榜', 'Leaderboard'))
    const yuan = { numFmt: '#,##0.00' }
    const columns =
      board.by === 'person'
        ? [
            { header: t('排名', 'Rank'), key: 'rank', width: 8 },
            { header: t('姓名', 'Name'), key: 'name', width: 16 },
            { header: t('工号', 'Employee no'), key: 'employeeNo', width: 14 },
            { header: t('手机号', 'Phone'), key: 'phoneMasked', width: 16 },
            { header: t('部门', 'Department'), key: 'departmentName', width: 18 },
          ]
        : [
            { header: t('排名', 'Rank'), key: 'rank', width: 8 },
            { header: t('部门', 'Department'), key: 'name', width: 18 },
            { header: t('人数', 'Staff'), key: 'staffCount', width: 8 },
          ]
    ws.columns = [
      ...columns,
      { header: t('成交额（元）', 'GMV (yuan)'), key: 'gmv', width: 16, style: yuan },
      { header: t('订单数', 'Orders'), key: 'orders', width: 10 },
      { header: t('新客数', 'New customers'), key: 'newCustomers', width: 14 },
    ]
    ws.getRow(1).font = { bold: true }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
    for (const i of board.items) ws.addRow({ ...i, gmv: i.gmvFen / 100 })
    const about = wb.addWorksheet(t('说明', 'About'))
    const metricName = {
      gmv: t('成交额（实付减退款）', 'GMV (paid less refunds)'),
      orders: t('订单数', 'Orders'),
      new_customers: t('新客数', 'New customers'),
    }[board.metric]
    about.addRows([
      [t('排行依据', 'Ranked by'), metricName],
      [t('统计范围', 'Per'), board.by === 'person' ? t('员工', 'Person') : t('部门', 'Department')],
      [t('开始日期', 'From'), board.range.fromDay],
      [t('结束日期', 'To'), board.range.toDay],
      [t('时区', 'Time zone'), 'Asia/Shanghai'],
    ])
    about.getColumn(1).width = 14
    about.getColumn(2).width = 28
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    return {
      bytes,
      filename: `leaderboard-${board.metric}-${board.by}-${board.range.fromDay}-${board.range.toDay}.xlsx`,
    }
  }

  return {
    departments,
    createDepartment,
    renameDepartment,
    deleteDepartment,
    list,
    move,
    remove,
    importStaff,
    leaderboard,
    exportLeaderboard,
  }
}

export type StaffService = ReturnType<typeof createStaffService>
