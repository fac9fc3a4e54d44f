import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { invariants } from '../src/invariants.js'
import { allMigrations } from '../src/modules.js'
import { type CheckResult, failed, formatReport, runChecks } from '../src/platform/checks.js'
import type { Db } from '../src/platform/db.js'
import { openDatabase } from '../src/platform/db.js'
import { newId } from '../src/platform/ids.js'
import { migrateToLatest } from '../src/platform/migrate.js'
import { call, createProduct, createShop, fileWorld } from './helpers.js'

const world = await fileWorld()
const db = world.core.db

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const buy = (shopper: Shopper, skuId: string, quantity = 1) =>
  shopper
    .call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId, quantity }], fulfillment: 'pickup' },
    })
    .then((r) => {
      expect(r.statusCode).toBe(201)
      return r.json() as { id: string; lines: { id: string }[] }
    })

/** Opens a sandbox payment; `confirm` is what the shopper's press of "pay" does. */
async function openPayment(shopper: Shopper, orderId: string) {
  const p = await shopper.call({ method: 'POST', url: `/api/v1/store/orders/${orderId}/pay` })
  expect(p.statusCode).toBe(200)
  const path = new URL(p.json().payUrl).pathname
  return {
    async confirm() {
      expect((await call(world, { method: 'POST', url: `${path}/confirm` })).statusCode).toBe(303)
      await world.core.worker.runDue()
    },
  }
}

class Rollback extends Error {}

/** Breaks the data inside a transaction, runs every invariant on it there, then rolls it back. */
async function corrupt(fn: (trx: Db) => Promise<unknown>): Promise<CheckResult[]> {
  let results: CheckResult[] = []
  await db
    .transaction()
    .execute(async (trx) => {
      await fn(trx)
      results = await runChecks(trx, invariants)
      throw new Rollback()
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err
    })
  return results
}

/** The names of the invariants that failed, and each one's violations. */
const broken = (results: CheckResult[]) =>
  Object.fromEntries(failed(results).map((r) => [r.name, r.violations]))

let shop: Shop
let skuId: string
const ids: Record<'paid' | 'expired' | 'cancelled' | 'late' | 'open', string> = {} as never

beforeAll(async () => {
  shop = await createShop(world)
  ;[skuId] = (await createProduct(world, shop.shop.id, { prices: [1000], stock: 10 })).skuIds
  const [a, b, c, d, e] = [
    await shop.shopper(),
    await shop.shopper(),
    await shop.shopper(),
    await shop.shopper(),
    await shop.shopper(),
  ]
  // Paid, then one unit of three refunded by the operator.
  const paid = await buy(a, skuId, 3)
  await (await openPayment(a, paid.id)).confirm()
  const refund = await shop.asOwner({
    method: 'POST',
    url: `/api/v1/console/orders/${paid.id}/refund`,
    payload: { reason: 'part', lines: [{ lineId: paid.lines[0].id, quantity: 1 }] },
  })
  expect(refund.statusCode).toBe(201)
  await world.core.worker.runDue()
  // Cancelled by the shopper.
  const cancelled = await buy(c, skuId)
  expect(
    (await c.call({ method: 'POST', url: `/api/v1/store/orders/${cancelled.id}/cancel` })).statusCode,
  ).toBe(200)
  // One left to expire, one paid after it expired (honoured: stock is still there).
  const expired = await buy(b, skuId)
  const late = await buy(d, skuId)
  const latePay = await openPayment(d, late.id)
  world.clock.advanceMinutes(16)
  await world.core.worker.runDue()
  await latePay.confirm()
  // Still open, with a payment started.
  const open = await buy(e, skuId, 2)
  await openPayment(e, open.id)
  Object.assign(ids, {
    paid: paid.id,
    expired: expired.id,
    cancelled: cancelled.id,
    late: late.id,
    open: open.id,
  })
})

describe('liebian check', () => {
  it('holds after buying, paying, a partial refund, an expiry, a cancel and a late payment', async () => {
    const statuses = await db
      .selectFrom('orders')
      .select(['id', 'status', 'paid_fen', 'refunded_fen'])
      .where('tenant_id', '=', shop.shop.id)
      .execute()
    const of = (id: string) => statuses.find((s) => s.id === id)
    expect(of(ids.paid)).toMatchObject({ status: 'paid', paid_fen: 3000, refunded_fen: 1000 })
    expect(of(ids.expired)?.status).toBe('cancelled')
    expect(of(ids.cancelled)?.status).toBe('cancelled')
    expect(of(ids.late)?.status).toBe('paid')
    expect(of(ids.open)?.status).toBe('pending_payment')

    const results = await runChecks(db, invariants)
    expect(formatReport(results)).not.toContain('✗')
    expect(failed(results)).toEqual([])
    expect(results.map((r) => r.name)).toEqual(invariants.map((i) => i.name))
    // The scenario is plain commerce; each deal module's own tests prove its invariants on its rows.
    const core = ['ledger.', 'inventory.', 'orders.', 'payments.']
    for (const r of results)
      if (core.some((m) => r.name.startsWith(m))) expect(r.checked, r.name).toBeGreaterThan(0)
  })

  it('finds stock that does not match its movements', async () => {
    const r = broken(
      await corrupt((t) =>
        t
          .updateTable('stock')
          .set((eb) => ({ on_hand: eb('on_hand', '+', 1) }))
          .where('sku_id', '=', skuId)
          .execute(),
      ),
    )
    expect(Object.keys(r)).toEqual(['inventory.stock_matches_movements'])
    expect(r['inventory.stock_matches_movements']).toEqual([
      { tenantId: shop.shop.id, ref: skuId, detail: 'on_hand 8 (movements 7), reserved 2 (movements 2)' },
    ])

    const moved = broken(
      await corrupt((t) =>
        t
          .insertInto('stock_movements')
          .values({ tenant_id: shop.shop.id, sku_id: skuId, kind: 'receive', quantity: 4, at: new Date() })
          .execute(),
      ),
    )
    expect(Object.keys(moved)).toEqual(['inventory.stock_matches_movements'])
  })

  it('finds held stock that no active reservation explains, and reservations of orders no longer open', async () => {
    const released = broken(
      await corrupt((t) =>
        t
          .updateTable('stock_reservations')
          .set({ status: 'released' })
          .where('order_id', '=', ids.open)
          .execute(),
      ),
    )
    expect(Object.keys(released)).toEqual(['inventory.reserved_matches_reservations'])
    expect(released['inventory.reserved_matches_reservations'][0]).toMatchObject({
      ref: skuId,
      detail: 'on_hand 7, reserved 2, active reservations 0',
    })

    const leaked = broken(
      await corrupt((t) =>
        t
          .updateTable('stock_reservations')
          .set({ status: 'active' })
          .where('order_id', '=', ids.expired)
          .execute(),
      ),
    )
    expect(leaked['inventory.reserved_matches_reservations']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          detail: `active reservation of order ${ids.expired} which is cancelled`,
        }),
      ]),
    )
  })

  it('finds history rows the machine does not allow, broken chains, and statuses their history does not explain', async () => {
    const illegal = broken(
      await corrupt((t) =>
        t
          .insertInto('order_history')
          .values({
            tenant_id: shop.shop.id,
            order_id: ids.paid,
            from_status: 'paid',
            to_status: 'pending_payment',
            event: 'forged',
            actor_kind: 'system',
            at: new Date(),
          })
          .execute(),
      ),
    )
    expect(Object.keys(illegal)).toEqual(['orders.order_history'])
    expect(illegal['orders.order_history'].map((v) => v.detail)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/: paid → pending_payment is not a move the machine allows$/),
        'status paid but history ends at pending_payment',
      ]),
    )

    const gap = broken(
      await corrupt((t) =>
        t
          .insertInto('after_sales_history')
          .values({
            tenant_id: shop.shop.id,
            after_sales_id: sql<string>`(select id from after_sales where order_id = ${ids.paid})`,
            from_status: 'requested',
            to_status: 'refunded',
            event: 'refund',
            actor_kind: 'system',
            at: new Date(),
          })
          .execute(),
      ),
    )
    expect(Object.keys(gap)).toEqual(['orders.after_sales_history'])
    expect(gap['orders.after_sales_history'][0].detail).toMatch(
      /: requested → refunded does not continue from refunded$/,
    )

    const silent = broken(
      await corrupt((t) =>
        t.updateTable('payments').set({ status: 'closed' }).where('order_id', '=', ids.open).execute(),
      ),
    )
    expect(Object.keys(silent)).toEqual(['payments.payment_history'])
    expect(silent['payments.payment_history'][0].detail).toBe('status closed but history ends at pending')
  })

  it('finds paid amounts no payment explains, and payments no order took', async () => {
    const unpaid = broken(
      await corrupt((t) =>
        t.updateTable('orders').set({ paid_fen: 2000 }).where('id', '=', ids.open).execute(),
      ),
    )
    expect(Object.keys(unpaid)).toEqual(['payments.orders_paid_by_payments'])
    expect(unpaid['payments.orders_paid_by_payments']).toEqual([
      {
        tenantId: shop.shop.id,
        ref: ids.open,
        detail: 'pending_payment: paid_fen 2000 of total 2000, payments captured 0 − auto-refunds 0',
      },
    ])

    // A payment marked succeeded behind the machine's back: nothing booked, no order took it.
    const stray = broken(
      await corrupt((t) =>
        t.updateTable('payments').set({ status: 'succeeded' }).where('order_id', '=', ids.open).execute(),
      ),
    )
    expect(Object.keys(stray).sort()).toEqual([
      'ledger.order_postings_match_payments',
      'payments.orders_paid_by_payments',
      'payments.payment_history',
      'payments.payments_belong_to_paid_orders',
    ])
    expect(stray['payments.payments_belong_to_paid_orders'][0].detail).toMatch(
      /^succeeded payment of 2000 for pending_payment order .+, refunds 0$/,
    )
  })

  it('finds refunded amounts that do not match succeeded refunds or the order lines', async () => {
    const over = broken(
      await corrupt((t) =>
        t
          .updateTable('orders')
          .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', 500) }))
          .where('id', '=', ids.paid)
          .execute(),
      ),
    )
    expect(Object.keys(over).sort()).toEqual([
      'orders.refunds_add_up_by_line',
      'payments.orders_refunded_by_refunds',
    ])
    expect(over['payments.orders_refunded_by_refunds'][0].detail).toBe(
      'paid: refunded_fen 1500 of paid 3000, succeeded after-sales refunds 1000',
    )

    // A refund row inserted with no history, no booking and no after-sales request moving.
    const forged = broken(
      await corrupt(async (t) => {
        const p = await t
          .selectFrom('payments')
          .select(['id', 'order_id'])
          .where('order_id', '=', ids.late)
          .executeTakeFirstOrThrow()
        const a = await t
          .selectFrom('after_sales')
          .select('id')
          .where('order_id', '=', ids.paid)
          .executeTakeFirstOrThrow()
        const id = newId()
        await t
          .insertInto('refunds')
          .values({
            id,
            tenant_id: shop.shop.id,
            payment_id: p.id,
            order_id: p.order_id,
            after_sales_id: a.id,
            out_refund_no: `RX${id.slice(0, 8)}`,
            amount_fen: 1000,
            reason: 'forged',
            status: 'succeeded',
            created_at: new Date(),
            updated_at: new Date(),
          })
          .execute()
      }),
    )
    expect(Object.keys(forged).sort()).toEqual([
      'ledger.order_postings_match_payments',
      'payments.orders_refunded_by_refunds',
      'payments.refund_history',
    ])
    expect(forged['payments.orders_refunded_by_refunds'].map((v) => v.ref).sort()).toEqual(
      [
        ids.late,
        (
          await db
            .selectFrom('after_sales')
            .select('id')
            .where('order_id', '=', ids.paid)
            .executeTakeFirstOrThrow()
        ).id,
      ].sort(),
    )
  })

  it('finds books that do not balance', async () => {
    const r = broken(
      await corrupt(async (t) => {
        const e = await t
          .selectFrom('ledger_entries')
          .innerJoin('ledger_transfers', 'ledger_transfers.id', 'ledger_entries.transfer_id')
          .select(['ledger_entries.transfer_id', 'ledger_entries.account_id'])
          .where('ledger_transfers.order_id', '=', ids.paid)
          .where('ledger_transfers.kind', '=', 'payment.captured')
          .executeTakeFirstOrThrow()
        await t
          .insertInto('ledger_entries')
          .values({ tenant_id: shop.shop.id, ...e, amount_fen: 1, created_at: new Date() })
          .execute()
      }),
    )
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining(['ledger.transfer_balances', 'ledger.accounts_sum_to_zero']),
    )
    expect(r['ledger.transfer_balances'][0].detail).toBe('entries sum to 1')
  })

  it('the report names each invariant, and the failures with their rows', async () => {
    const results = await corrupt((t) =>
      t.updateTable('stock').set({ on_hand: 9 }).where('sku_id', '=', skuId).execute(),
    )
    const report = formatReport(results)
    expect(report).toMatch(/^✓ ledger\.transfer_balances — \d+ rows checked$/m)
    expect(report).toMatch(/^✗ inventory\.stock_matches_movements — 1 violation\(s\) in \d+ rows checked$/m)
    expect(report).toContain(`  ${shop.shop.id} ${skuId}: on_hand 9 (movements 7), reserved 2 (movements 2)`)
  })
})

const run = promisify(execFile)
const cli = join(import.meta.dirname, '../src/cli.ts')

describe.runIf(process.env.TEST_DB !== 'postgres')('the liebian check command', () => {
  it('prints one line per invariant and exits 1 on a violation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liebian-check-'))
    try {
      const own = await openDatabase({ dataDir: dir })
      await migrateToLatest(own.db, allMigrations())
      const tenant = newId()
      await own.db
        .insertInto('tenants')
        .values({ id: tenant, slug: 'check-cli', name: 'cli', created_at: new Date() })
        .execute()
      const transfer = newId()
      await own.db
        .insertInto('ledger_transfers')
        .values({ id: transfer, tenant_id: tenant, kind: 'test', key: 'half', created_at: new Date() })
        .execute()
      await own.close()
      const env = { ...process.env, LIEBIAN_DATA_DIR: dir, DATABASE_URL: '' }
      const out = await run('npx', ['tsx', cli, 'check'], { env }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      )
      expect(out?.code).toBe(1)
      expect(out?.stderr).toContain('✗ ledger.transfer_balances — 1 violation(s) in 1 rows checked')
      expect(out?.stderr).toContain('✓ inventory.stock_matches_movements — 0 rows checked')
      expect(out?.stderr).toContain(`${tenant} ${transfer}: entries sum to 0 over 0 entries`)
      expect(out?.stderr).toContain('check FAILED: 1 of')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // A cold `npx tsx` start of the whole server: slow on a busy machine, and not what is tested.
  }, 240_000)
})
