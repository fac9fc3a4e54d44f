import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from '../../../../test/helpers.js'
import { defaultPlan, defaultProgram } from '../domain/program.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const db = () => world.core.db
const phone = () => `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`

async function drain() {
  for (let i = 0; i < 4; i++) await world.core.worker.runDue()
}

function multipart(bytes: Buffer, filename: string, contentType = 'text/csv') {
  const boundary = `----liebian${Math.random().toString(16).slice(2)}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

const csv = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`)

function importFile(s: Shop, bytes: Buffer, o: { dryRun?: boolean; lang?: string; name?: string } = {}) {
  const body = multipart(
    bytes,
    o.name ?? 'staff.csv',
    o.name?.endsWith('.xlsx') ? 'application/octet-stream' : 'text/csv',
  )
  return s.asOwner({
    method: 'POST',
    url: `/api/v1/console/staff-members/import${o.dryRun ? '?dryRun=true' : ''}`,
    payload: body.payload,
    headers: { ...body.headers, ...(o.lang ? { 'accept-language': o.lang } : {}) },
  })
}

async function importOk(s: Shop, rows: string[][], o: { dryRun?: boolean } = {}) {
  const r = await importFile(s, csv(rows), o)
  expect(r.statusCode, r.body).toBe(200)
  return r.json()
}

const staffList = async (s: Shop, query = '') =>
  (await s.asOwner({ method: 'GET', url: `/api/v1/console/staff-members${query}` })).json()

/** Rows in the tables an import writes, for the shop: what "changes nothing" is measured by. */
async function footprint(shopId: string) {
  const count = async (table: string, actionLike?: string) => {
    let q = db()
      .selectFrom(table as 'audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', shopId)
    if (actionLike) q = q.where('action', 'like', actionLike)
    return Number((await q.executeTakeFirstOrThrow()).n)
  }
  const members = await db()
    .selectFrom('staff_members')
    .select(['promoter_id', 'updated_at', 'department_id', 'name', 'employee_no'])
    .where('tenant_id', '=', shopId)
    .orderBy('promoter_id')
    .execute()
  return {
    shoppers: await count('shoppers'),
    promoters: await count('promoters'),
    history: await count('promoter_history'),
    departments: await count('departments'),
    events: await count('outbox_events'),
    audit: await count('audit_log', 'distribution.%'),
    members,
  }
}

describe('departments', () => {
  it('adds, renames and deletes departments, names unique per shop, only empty ones deleted', async () => {
    const s = await createShop(world)
    const add = (name: string, lang?: string) =>
      s.asOwner({
        method: 'POST',
        url: '/api/v1/console/departments',
        payload: { name },
        headers: lang ? { 'accept-language': lang } : {},
      })
    const sales = await add(' 销售一部 ')
    expect(sales.statusCode, sales.body).toBe(201)
    expect(sales.json()).toMatchObject({ name: '销售一部', staffCount: 0 })
    const market = (await add('市场部')).json()

    const dup = await add('销售一部')
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error).toMatchObject({ code: 'already_exists', message: '部门已存在', field: 'name' })
    expect((await add('销售一部', 'en')).json().error.message).toBe('Department already exists')
    // Another shop may use the same name.
    const other = await createShop(world)
    expect(
      (
        await other.asOwner({
          method: 'POST',
          url: '/api/v1/console/departments',
          payload: { name: '销售一部' },
        })
      ).statusCode,
    ).toBe(201)

    const renamed = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/departments/${market.id}`,
      payload: { name: '市场二部' },
    })
    expect(renamed.json()).toMatchObject({ id: market.id, name: '市场二部' })
    const clash = await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/departments/${market.id}`,
      payload: { name: '销售一部' },
    })
    expect(clash.statusCode).toBe(409)

    // A department with people in it is not deleted; an empty one is.
    await importOk(s, [
      ['姓名', '手机号', '部门'],
      ['张三', phone(), '销售一部'],
    ])
    const busy = await s.asOwner({ method: 'DELETE', url: `/api/v1/console/departments/${sales.json().id}` })
    expect(busy.statusCode).toBe(409)
    expect(busy.json().error.message).toContain('该部门还有 1 名员工')
    const gone = await s.asOwner({ method: 'DELETE', url: `/api/v1/console/departments/${market.id}` })
    expect(gone.json()).toEqual({ ok: true })
    const list = (await s.asOwner({ method: 'GET', url: '/api/v1/console/departments' })).json().items
    expect(list).toEqual([expect.objectContaining({ name: '销售一部', staffCount: 1 })])
    const missing = await s.asOwner({ method: 'DELETE', url: `/api/v1/console/departments/${market.id}` })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.message).toBe('部门不存在')

    const audits = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', s.shop.id)
      .where('action', 'like', 'distribution.department.%')
      .orderBy('id')
      .execute()
    expect(audits.map((a) => a.action)).toEqual([
      'distribution.department.create',
      'distribution.department.create',
      'distribution.department.rename',
      'distribution.department.delete',
    ])
  })

  it('is for owners and operators only', async () => {
    const s = await createShop(world)
    const shopper = await s.shopper()
    const r = await shopper.call({ method: 'GET', url: '/api/v1/console/departments' })
    expect(r.statusCode).toBe(401)
    const lb = await shopper.call({
      method: 'GET',
      url: '/api/v1/console/leaderboards?metric=gmv&range=today',
    })
    expect(lb.statusCode).toBe(401)
  })
})

describe('staff list import', () => {
  it('makes each row an active staff promoter in their department, whatever they were before', async () => {
    const s = await createShop(world)
    // Someone who has shopped before, someone whose application waits, an active promoter.
    const customer = await s.shopper()
    const applicant = await s.shopper()
    expect(
      (await applicant.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })).json()
        .status,
    ).toBe('applied')
    const fresh = phone()
    const result = await importOk(s, [
      ['部门', '姓名', '手机号', '工号'],
      ['销售一部', '张三', fresh, 'A001'],
      ['销售一部', '李四', customer.phone, ''],
      ['市场部', '王五', applicant.phone, 'A003'],
    ])
    expect(result).toMatchObject({
      dryRun: false,
      rows: 3,
      added: 3,
      updated: 0,
      unchanged: 0,
      newDepartments: ['销售一部', '市场部'],
      newShoppers: 1,
      problems: [],
    })
    expect(result.items.map((i: { phoneMasked: string }) => i.phoneMasked)).toEqual([
      `${fresh.slice(0, 3)}****${fresh.slice(-4)}`,
      expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
      expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
    ])

    const promoters = (await s.asOwner({ method: 'GET', url: '/api/v1/console/promoters' })).json().items
    expect(promoters).toHaveLength(3)
    for (const p of promoters) expect(p).toMatchObject({ status: 'active', source: 'staff', expiresAt: null })
    // The applicant's application was approved by the staff list; the others began as staff.
    const me = (await applicant.call({ method: 'GET', url: '/api/v1/store/promoter/me' })).json()
    expect(me.history.map((h: { event: string }) => h.event)).toEqual(['apply', 'approve'])
    const signedIn = await s.shopper(fresh)
    const mine = (await signedIn.call({ method: 'GET', url: '/api/v1/store/promoter/me' })).json()
    expect(mine.history).toEqual([expect.objectContaining({ from: null, to: 'active', event: 'staff' })])

    const { items } = await staffList(s)
    expect(items).toHaveLength(3)
    const zhang = items.find((i: { name: string }) => i.name === '张三')
    expect(zhang).toMatchObject({
      employeeNo: 'A001',
      departmentName: '销售一部',
      promoterStatus: 'active',
      phoneMasked: `${fresh.slice(0, 3)}****${fresh.slice(-4)}`,
      removedAt: null,
    })
    expect(JSON.stringify(items)).not.toContain(fresh)
    const departments = (await s.asOwner({ method: 'GET', url: '/api/v1/console/departments' })).json().items
    expect(departments.map((d: { name: string; staffCount: number }) => [d.name, d.staffCount])).toEqual(
      expect.arrayContaining([
        ['销售一部', 2],
        ['市场部', 1],
      ]),
    )
    const audit = await db()
      .selectFrom('audit_log')
      .select(['data'])
      .where('tenant_id', '=', s.shop.id)
      .where('action', '=', 'distribution.staff.import')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('is idempotent: the same file again changes nothing; a dry run writes nothing', async () => {
    const s = await createShop(world)
    const rows = [
      ['name', 'phone', 'department', 'employee no'],
      ['Ann', phone(), 'Sales', 'E1'],
      ['Bob', phone(), 'Sales', ''],
      ['Cai', phone(), 'Marketing', 'E3'],
    ]
    const dry = await importOk(s, rows, { dryRun: true })
    expect(dry).toMatchObject({
      dryRun: true,
      added: 3,
      newDepartments: ['Sales', 'Marketing'],
      newShoppers: 3,
    })
    expect(await footprint(s.shop.id)).toMatchObject({ shoppers: 0, promoters: 0, departments: 0, audit: 0 })

    await importOk(s, rows)
    const after = await footprint(s.shop.id)
    expect(after).toMatchObject({ shoppers: 3, promoters: 3, history: 3, departments: 2, audit: 1 })
    world.clock.advanceMinutes(5)
    const again = await importOk(s, rows)
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 3, newDepartments: [], newShoppers: 0 })
    expect(await footprint(s.shop.id)).toEqual(after)

    // A dry run of a changed file says what would change, and changes nothing.
    const changed = rows.map((r, i) => (i === 2 ? ['Bob', r[1], 'Marketing', 'E2'] : r))
    const preview = await importOk(s, changed, { dryRun: true })
    expect(preview).toMatchObject({ updated: 1, unchanged: 2 })
    expect(preview.items[1]).toMatchObject({
      row: 3,
      action: 'update',
      department: 'Marketing',
      employeeNo: 'E2',
    })
    expect(await footprint(s.shop.id)).toEqual(after)
    // Imported for real, Bob moves.
    await importOk(s, changed)
    const bob = (await staffList(s, '?q=Bob')).items[0]
    expect(bob).toMatchObject({ departmentName: 'Marketing', employeeNo: 'E2' })
  })

  it('refuses a file with problems as a whole, each problem with its row, in Chinese or English', async () => {
    const s = await createShop(world)
    const good = phone()
    const rows = [
      ['姓名', '手机号', '部门'],
      ['张三', good, '销售部'],
      ['', '1380013800', '销售部'],
      ['王五', good, ''],
    ]
    const zh = await importFile(s, csv(rows))
    expect(zh.statusCode).toBe(400)
    expect(zh.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'file',
      message: '输入有误：文件中有 4 处问题',
    })
    expect(zh.json().problems).toEqual([
      { row: 3, field: 'name', code: 'missing', message: '第 3 行：缺少姓名' },
      {
        row: 3,
        field: 'phone',
        code: 'invalid_phone',
        message: '第 3 行：手机号 1380013800 不是正确的 11 位手机号',
      },
      { row: 4, field: 'department', code: 'missing', message: '第 4 行：缺少部门' },
      { row: 4, field: 'phone', code: 'duplicate_phone', message: `第 4 行：手机号 ${good} 与第 2 行重复` },
    ])
    const en = await importFile(s, csv(rows), { lang: 'en' })
    expect(en.json().error.message).toBe('Invalid input: the file has 4 problems')
    expect(en.json().problems[0]).toEqual({
      row: 3,
      field: 'name',
      code: 'missing',
      message: 'row 3: name is missing',
    })
    // Nothing was written, not even the good row; a dry run reports the same.
    expect(await footprint(s.shop.id)).toMatchObject({ shoppers: 0, promoters: 0, departments: 0 })
    expect((await importFile(s, csv(rows), { dryRun: true })).statusCode).toBe(400)

    const header = await importFile(
      s,
      csv([
        ['姓名', '电话号码x'],
        ['张三', good],
      ]),
    )
    expect(header.json().problems.map((p: { row: number; field: string }) => [p.row, p.field])).toEqual([
      [1, 'phone'],
      [1, 'department'],
    ])
    expect((await importFile(s, Buffer.from(''))).json().problems[0]).toMatchObject({ row: 0, code: 'empty' })
    const xls = await importFile(s, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), { name: 'old.xls' })
    expect(xls.statusCode).toBe(415)
  })

  it('reads .xlsx (phones typed as numbers, English headers) and GBK CSV as Excel saves it', async () => {
    const s = await createShop(world)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Staff')
    const p1 = phone()
    ws.addRow(['Name', 'Mobile', 'Dept', 'Employee No'])
    ws.addRow(['Ann', Number(p1), 'Sales', 7])
    ws.addRow([])
    ws.addRow([{ richText: [{ text: '李' }, { text: '四' }] }, phone(), '销售部', null])
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer())
    const r = await importFile(s, xlsx, { name: 'staff.xlsx' })
    expect(r.statusCode, r.body).toBe(200)
    expect(
      r
        .json()
        .items.map((i: { row: number; name: string; employeeNo: string | null }) => [
          i.row,
          i.name,
          i.employeeNo,
        ]),
    ).toEqual([
      [2, 'Ann', '7'],
      [4, '李四', null],
    ])
    // A problem in an .xlsx names the row as Excel shows it.
    ws.addRow(['Dup', Number(p1), 'Sales'])
    const dup = await importFile(s, Buffer.from(await wb.xlsx.writeBuffer()), {
      name: 'staff.xlsx',
      lang: 'en',
    })
    expect(dup.json().problems).toEqual([
      {
        row: 5,
        field: 'phone',
        code: 'duplicate_phone',
        message: `row 5: the phone ${p1} is already on row 2`,
      },
    ])

    // 姓名,手机号,部门 / 赵六,…,客服部 in GBK.
    const p2 = phone()
    const bytes = Buffer.concat([
      Buffer.from([
        0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5, 0x2c, 0xb2, 0xbf, 0xc3, 0xc5, 0x0d,
        0x0a,
      ]),
      Buffer.from([0xd5, 0xd4, 0xc1, 0xf9, 0x2c]),
      Buffer.from(`${p2},`),
      Buffer.from([0xbf, 0xcd, 0xb7, 0xfe, 0xb2, 0xbf, 0x0d, 0x0a]),
    ])
    const g = await importFile(s, bytes)
    expect(g.statusCode, g.body).toBe(200)
    expect(g.json().items[0]).toMatchObject({ name: '赵六', department: '客服部' })
  })

  it('refuses employee numbers held by someone else and promoters an operator suspended', async () => {
    const s = await createShop(world)
    const [a, b] = [phone(), phone()]
    await importOk(s, [
      ['姓名', '手机号', '部门', '工号'],
      ['甲', a, '一部', 'N1'],
    ])
    const suspended = await s.shopper()
    await s.asOwner({
      method: 'PUT',
      url: '/api/v1/console/distribution/program',
      payload: {
        program: { ...defaultProgram(), qualifications: [{ kind: 'apply', approval: 'auto' }] },
        plan: defaultPlan(),
      },
    })
    const applied = (
      await suspended.call({ method: 'POST', url: '/api/v1/store/promoter/apply', payload: {} })
    ).json()
    await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/promoters/${applied.id}/suspend`,
      payload: { reason: '刷单' },
    })
    const r = await importFile(
      s,
      csv([
        ['姓名', '手机号', '部门', '工号'],
        ['乙', b, '一部', 'N1'],
        ['丙', suspended.phone, '一部', ''],
      ]),
    )
    expect(r.statusCode).toBe(400)
    expect(r.json().problems).toEqual([
      { row: 2, field: 'employeeNo', code: 'employee_no_taken', message: '第 2 行：工号 N1 已属于 甲' },
      {
        row: 3,
        field: 'phone',
        code: 'promoter_suspended',
        message: '第 3 行：丙 的推广员资格已被暂停，请先在推广员页面恢复',
      },
    ])
    expect((await staffList(s)).items).toHaveLength(1)
  })
})

describe('the staff list', () => {
  it('finds people by name, employee number, phone or its last four digits, by department, a page at a time', async () => {
    const s = await createShop(world)
    const phones = Array.from({ length: 5 }, () => phone())
    await importOk(s, [
      ['姓名', '手机号', '部门', '工号'],
      ['张三', phones[0], '一部', 'A1'],
      ['张三丰', phones[1], '二部', 'A2'],
      ['李四', phones[2], '一部', 'A3'],
      ['王五', phones[3], '二部', ''],
      ['赵六', phones[4], '二部', ''],
    ])
    const names = (r: { items: { name: string }[] }) => r.items.map((i) => i.name).sort()
    expect(names(await staffList(s, `?q=${encodeURIComponent('张三')}`))).toEqual(['张三', '张三丰'])
    expect(names(await staffList(s, '?q=A3'))).toEqual(['李四'])
    expect(names(await staffList(s, `?q=${phones[3]}`))).toEqual(['王五'])
    expect(names(await staffList(s, `?q=${phones[4].slice(-4)}`))).toContain('赵六')
    const two = (await s.asOwner({ method: 'GET', url: '/api/v1/console/departments' }))
      .json()
      .items.find((d: { name: string }) => d.name === '二部')
    expect(names(await staffList(s, `?departmentId=${two.id}`))).toEqual(['张三丰', '王五', '赵六'])
    const first = await staffList(s, '?limit=2')
    expect(first.items).toHaveLength(2)
    const second = await staffList(s, `?limit=2&cursor=${first.nextCursor}`)
    const third = await staffList(s, `?limit=2&cursor=${second.nextCursor}`)
    expect(third.nextCursor).toBeNull()
    expect(
      new Set([...first.items, ...second.items, ...third.items].map((i: { id: string }) => i.id)).size,
    ).toBe(5)
  })

  it('moves people between departments and takes them off the list (suspended, audited); listing them again brings them back', async () => {
    const s = await createShop(world)
    const p = phone()
    await importOk(s, [
      ['姓名', '手机号', '部门'],
      ['张三', p, '一部'],
    ])
    const dept2 = (
      await s.asOwner({ method: 'POST', url: '/api/v1/console/departments', payload: { name: '二部' } })
    ).json()
    const [zhang] = (await staffList(s)).items
    const moved = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/staff-members/${zhang.id}/move`,
      payload: { departmentId: dept2.id },
    })
    expect(moved.json()).toMatchObject({ departmentId: dept2.id, departmentName: '二部' })
    const nowhere = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/staff-members/${zhang.id}/move`,
      payload: { departmentId: s.shop.id },
    })
    expect(nowhere.statusCode).toBe(404)

    const removed = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/staff-members/${zhang.id}/remove`,
      payload: { reason: '离职' },
    })
    expect(removed.json()).toMatchObject({ promoterStatus: 'suspended', removedReason: '离职' })
    expect((await staffList(s)).items).toEqual([])
    expect((await staffList(s, '?removed=true')).items).toHaveLength(1)
    const again = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/staff-members/${zhang.id}/remove`,
      payload: { reason: '离职' },
    })
    expect(again.statusCode).toBe(409)
    const promoter = (await s.asOwner({ method: 'GET', url: '/api/v1/console/promoters' })).json().items[0]
    expect(promoter).toMatchObject({ status: 'suspended', reason: '离职' })
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('tenant_id', '=', s.shop.id)
      .where('entity_id', '=', zhang.id)
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'distribution.staff.move',
      'distribution.promoter.suspend',
      'distribution.staff.remove',
    ])

    // Back on the list: reinstated, in the department the file says.
    const back = await importOk(s, [
      ['姓名', '手机号', '部门'],
      ['张三', p, '一部'],
    ])
    expect(back).toMatchObject({ reinstated: 1 })
    const [member] = (await staffList(s)).items
    expect(member).toMatchObject({
      id: zhang.id,
      promoterStatus: 'active',
      departmentName: '一部',
      removedAt: null,
    })
    const history = await db()
      .selectFrom('promoter_history')
      .select(['event', 'reason'])
      .where('promoter_id', '=', zhang.id)
      .orderBy('id')
      .execute()
    expect(history.map((h) => h.event)).toEqual(['staff', 'suspend', 'reinstate'])
  })
})

// Leaderboards -------------------------------------------------------------------------------------

/** Orders to point referred orders at (left unpaid: the referred orders are the read model). */
async function orders(s: Shop, n: number) {
  const { skuIds } = await createProduct(world, s.shop.id, { prices: [100], stock: 100 })
  const buyer = await s.shopper()
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const o = await buyer.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' },
    })
    expect(o.statusCode, o.body).toBe(201)
    ids.push(o.json().id)
  }
  return { ids, buyerId: buyer.id }
}

async function refer(
  s: Shop,
  rows: {
    orderId: string
    promoterId: string
    buyerId: string
    paid: number
    refunded?: number
    newCustomer?: boolean
    at: string
  }[],
) {
  await db()
    .insertInto('referred_orders')
    .values(
      rows.map((r) => ({
        tenant_id: s.shop.id,
        order_id: r.orderId,
        promoter_id: r.promoterId,
        buyer_id: r.buyerId,
        paid_fen: r.paid,
        refunded_fen: r.refunded ?? 0,
        new_customer: r.newCustomer ?? false,
        paid_at: new Date(r.at),
      })),
    )
    .execute()
}

const board = async (s: Shop, query: string, lang?: string) => {
  const r = await s.asOwner({
    method: 'GET',
    url: `/api/v1/console/leaderboards?${query}`,
    headers: lang ? { 'accept-language': lang } : {},
  })
  return r
}

describe('leaderboards', () => {
  /** Four staff in two departments; the clock stands at Monday 23 Nov 2026, 10:00 in Shanghai. */
  async function staffed() {
    const s = await createShop(world)
    await importOk(s, [
      ['姓名', '手机号', '部门', '工号'],
      ['Ann', phone(), 'Sales', 'E1'],
      ['Bob', phone(), 'Sales', 'E2'],
      ['Cai', phone(), 'Marketing', 'E3'],
      ['Dee', phone(), 'Marketing', 'E4'],
    ])
    await s.asOwner({ method: 'POST', url: '/api/v1/console/departments', payload: { name: 'Empty' } })
    const { items } = await staffList(s)
    const id = (name: string) => items.find((i: { name: string }) => i.name === name).id as string
    return { s, ann: id('Ann'), bob: id('Bob'), cai: id('Cai'), dee: id('Dee') }
  }

  it('ranks people by GMV net of refunds, orders or new customers with dense ties; everyone appears', async () => {
    world.clock.advance(new Date('2026-11-23T02:00:00Z').getTime() - world.clock.now().getTime())
    const { s, ann, bob, cai } = await staffed()
    const { ids, buyerId } = await orders(s, 6)
    const today = '2026-11-23T01:00:00Z'
    await refer(s, [
      { orderId: ids[0], promoterId: ann, buyerId, paid: 10_000, newCustomer: true, at: today },
      { orderId: ids[1], promoterId: ann, buyerId, paid: 5_000, refunded: 5_000, at: today }, // refunded in full
      { orderId: ids[2], promoterId: bob, buyerId, paid: 12_000, refunded: 2_000, at: today },
      { orderId: ids[3], promoterId: cai, buyerId, paid: 3_000, at: today },
      { orderId: ids[4], promoterId: cai, buyerId, paid: 3_000, newCustomer: true, at: today },
    ])
    const gmv = (await board(s, 'metric=gmv&range=today')).json()
    expect(gmv.range).toMatchObject({
      kind: 'today',
      from: '2026-11-22T16:00:00.000Z',
      to: '2026-11-23T16:00:00.000Z',
      fromDay: '2026-11-23',
      toDay: '2026-11-23',
    })
    expect(
      gmv.items.map((i: { name: string; rank: number; value: number }) => [i.rank, i.name, i.value]),
    ).toEqual([
      [1, 'Ann', 10_000],
      [1, 'Bob', 10_000],
      [2, 'Cai', 6_000],
      [3, 'Dee', 0],
    ])
    expect(gmv.items[0]).toMatchObject({
      id: ann,
      promoterId: ann,
      employeeNo: 'E1',
      departmentName: 'Sales',
      gmvFen: 10_000,
      orders: 1,
      newCustomers: 1,
      staffCount: null,
    })
    const byOrders = (await board(s, 'metric=orders&range=today')).json().items
    expect(byOrders.map((i: { name: string; rank: number }) => [i.rank, i.name])).toEqual([
      [1, 'Cai'],
      [2, 'Ann'],
      [2, 'Bob'],
      [3, 'Dee'],
    ])
    const fresh = (await board(s, 'metric=new_customers&range=today&limit=2')).json().items
    expect(fresh.map((i: { name: string; rank: number }) => [i.rank, i.name])).toEqual([
      [1, 'Ann'],
      [1, 'Cai'],
    ])

    const depts = (await board(s, 'metric=gmv&range=today&by=department')).json().items
    expect(
      depts.map((d: { rank: number; name: string; staffCount: number; value: number; orders: number }) => [
        d.rank,
        d.name,
        d.staffCount,
        d.value,
        d.orders,
      ]),
    ).toEqual([
      [1, 'Sales', 2, 20_000, 2],
      [2, 'Marketing', 2, 6_000, 2],
      [3, 'Empty', 0, 0, 0],
    ])
    const sales = depts[0].departmentId
    const inSales = (await board(s, `metric=gmv&range=today&departmentId=${sales}`)).json().items
    expect(inSales.map((i: { name: string }) => i.name)).toEqual(['Ann', 'Bob'])
  })

  it('counts today, this week from Monday, this month and custom days in Shanghai time', async () => {
    world.clock.advance(new Date('2026-11-23T02:00:00Z').getTime() - world.clock.now().getTime())
    const { s, ann, bob } = await staffed()
    const { ids, buyerId } = await orders(s, 5)
    await refer(s, [
      // Monday 23 Nov, 09:00 Shanghai: today.
      { orderId: ids[0], promoterId: ann, buyerId, paid: 100, at: '2026-11-23T01:00:00Z' },
      // Monday 00:00 Shanghai exactly (Sunday 16:00 UTC): today.
      { orderId: ids[1], promoterId: ann, buyerId, paid: 200, at: '2026-11-22T16:00:00Z' },
      // Sunday 22 Nov, 23:59 Shanghai: last week, this month.
      { orderId: ids[2], promoterId: bob, buyerId, paid: 400, at: '2026-11-22T15:59:00Z' },
      // 1 Nov, 00:30 Shanghai (still 31 Oct in UTC): this month.
      { orderId: ids[3], promoterId: bob, buyerId, paid: 800, at: '2026-10-31T16:30:00Z' },
      // 31 Oct, 23:30 Shanghai: last month.
      { orderId: ids[4], promoterId: ann, buyerId, paid: 1_600, at: '2026-10-31T15:30:00Z' },
    ])
    const gmvOf = async (q: string) =>
      Object.fromEntries(
        (await board(s, `metric=gmv&${q}`))
          .json()
          .items.map((i: { name: string; value: number }) => [i.name, i.value]),
      )
    expect(await gmvOf('range=today')).toMatchObject({ Ann: 300, Bob: 0 })
    expect(await gmvOf('range=week')).toMatchObject({ Ann: 300, Bob: 0 })
    expect(await gmvOf('range=month')).toMatchObject({ Ann: 300, Bob: 1_200 })
    expect(await gmvOf('range=custom&from=2026-10-31&to=2026-10-31')).toMatchObject({ Ann: 1_600, Bob: 0 })
    expect(await gmvOf('range=custom&from=2026-10-01&to=2026-11-22')).toMatchObject({
      Ann: 1_600,
      Bob: 1_200,
    })
    // Later in the week, the week still starts on Monday.
    world.clock.advance(3 * 86_400_000)
    expect(await gmvOf('range=week')).toMatchObject({ Ann: 300, Bob: 0 })
    expect(await gmvOf('range=today')).toMatchObject({ Ann: 0, Bob: 0 })

    const bad = await board(s, 'metric=gmv&range=custom&from=2026-11-02&to=2026-11-01')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'to',
      message: '输入有误：结束日期不能早于开始日期',
    })
    const badEn = await board(s, 'metric=gmv&range=custom&from=2026-11-02', 'en')
    expect(badEn.json().error).toMatchObject({
      field: 'to',
      message: 'Invalid input: required with range=custom',
    })
    expect((await board(s, 'metric=gmv&range=today&from=2026-11-02')).statusCode).toBe(400)
    expect((await board(s, 'metric=fame&range=today')).statusCode).toBe(400)
  })

  it('exports an .xlsx with Chinese headers, or English ones', async () => {
    world.clock.advance(new Date('2026-11-23T02:00:00Z').getTime() - world.clock.now().getTime())
    const { s, ann, cai } = await staffed()
    const { ids, buyerId } = await orders(s, 2)
    await refer(s, [
      {
        orderId: ids[0],
        promoterId: ann,
        buyerId,
        paid: 12_345,
        newCustomer: true,
        at: '2026-11-23T01:00:00Z',
      },
      { orderId: ids[1], promoterId: cai, buyerId, paid: 500, at: '2026-11-23T01:00:00Z' },
    ])
    const read = async (query: string, lang?: string) => {
      const r = await s.asOwner({
        method: 'GET',
        url: `/api/v1/console/leaderboards/export.xlsx?${query}`,
        headers: lang ? { 'accept-language': lang } : {},
      })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.headers['content-type']).toContain('spreadsheetml')
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="leaderboard-.*\.xlsx"$/)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer)
      const values = (ws: ExcelJS.Worksheet) =>
        ws.getSheetValues().flatMap((row) => (row ? [(row as unknown[]).slice(1)] : []))
      return { wb, sheet: values(wb.worksheets[0]), about: values(wb.worksheets[1]) }
    }
    const zh = await read('metric=gmv&range=today')
    expect(zh.wb.worksheets.map((w) => w.name)).toEqual(['排行榜', '说明'])
    expect(zh.sheet[0]).toEqual([
      '排名',
      '姓名',
      '工号',
      '手机号',
      '部门',
      '成交额（元）',
      '订单数',
      '新客数',
    ])
    expect(zh.sheet[1]).toEqual([1, 'Ann', 'E1', expect.stringMatching(/\*{4}/), 'Sales', 123.45, 1, 1])
    expect(zh.sheet[2]).toEqual([2, 'Cai', 'E3', expect.any(String), 'Marketing', 5, 1, 0])
    expect(zh.sheet).toHaveLength(5)
    expect(zh.about).toContainEqual(['开始日期', '2026-11-23'])

    const en = await read('metric=orders&range=week&by=department', 'en')
    expect(en.wb.worksheets.map((w) => w.name)).toEqual(['Leaderboard', 'About'])
    expect(en.sheet[0]).toEqual(['Rank', 'Department', 'Staff', 'GMV (yuan)', 'Orders', 'New customers'])
    expect(en.sheet.slice(1)).toEqual([
      [1, 'Marketing', 2, 5, 1, 0],
      [1, 'Sales', 2, 123.45, 1, 1],
      [2, 'Empty', 0, 0, 0, 0],
    ])
    expect(en.about).toContainEqual(['Ranked by', 'Orders'])
  })
})

describe('staff selling through real orders', () => {
  async function bindTo(sharer: Shopper, customer: Shopper, productId: string) {
    const share = await sharer.call({
      method: 'POST',
      url: '/api/v1/store/shares',
      payload: { targetKind: 'product', targetId: productId },
    })
    expect(share.statusCode, share.body).toBeLessThan(300)
    const open = await customer.call({
      method: 'POST',
      url: `/api/v1/store/shares/${share.json().token}/open`,
    })
    expect(open.statusCode, open.body).toBe(200)
    await drain()
  }

  it('a customer bought through a staff member’s link shows on their leaderboard, refunds taken off', async () => {
    const s = await createShop(world)
    const r = await s.asOwner({
      method: 'PUT',
      url: '/api/v1/console/distribution/program',
      payload: {
        program: {
          ...defaultProgram(),
          qualifications: [{ kind: 'staff' }],
          binding: { bindOn: 'click', touch: 'first', lockDays: 0, permanent: false },
        },
        plan: defaultPlan(),
      },
    })
    expect(r.statusCode, r.body).toBe(200)
    const { productId, skuIds } = await createProduct(world, s.shop.id, { prices: [10_000], stock: 20 })
    const staffPhone = phone()
    await importOk(s, [
      ['姓名', '手机号', '部门'],
      ['张三', staffPhone, '销售部'],
      ['李四', phone(), '销售部'],
    ])
    const zhang = await s.shopper(staffPhone)
    const customer = await s.shopper()
    await bindTo(zhang, customer, productId)
    const o = await customer.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId: skuIds[0], quantity: 2 }], fulfillment: 'pickup' },
    })
    expect(o.statusCode, o.body).toBe(201)
    const pay = await customer.call({ method: 'POST', url: `/api/v1/store/orders/${o.json().id}/pay` })
    expect(
      (await call(world, { method: 'POST', url: `${new URL(pay.json().payUrl).pathname}/confirm` }))
        .statusCode,
    ).toBe(303)
    await drain()

    const items = (await board(s, 'metric=gmv&range=today')).json().items
    expect(
      items.map((i: { rank: number; name: string; gmvFen: number; orders: number; newCustomers: number }) => [
        i.rank,
        i.name,
        i.gmvFen,
        i.orders,
        i.newCustomers,
      ]),
    ).toEqual([
      [1, '张三', 20_000, 1, 1],
      [2, '李四', 0, 0, 0],
    ])

    const line = o.json().lines[0].id
    const refund = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${o.json().id}/refund`,
      payload: { reason: '顾客要求', lines: [{ lineId: line, quantity: 1 }] },
    })
    expect(refund.statusCode, refund.body).toBe(201)
    await drain()
    const after = (await board(s, 'metric=gmv&range=today')).json().items[0]
    expect(after).toMatchObject({ name: '张三', gmvFen: 10_000, orders: 1 })
  })
})
