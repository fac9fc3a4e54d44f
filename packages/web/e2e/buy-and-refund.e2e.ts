/**
 * A shopper buys and pays in the sandbox cashier; an operator refunds the order in the console;
 * the API then shows the stock back and the money in and out of the ledger.
 *
 *   npx tsx --test packages/web/e2e/buy-and-refund.e2e.ts      (from the repo root)
 *
 * The server, browser and screenshots: see harness.ts.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoServer, type StoreProduct, shot, waitFor } from './harness'

const demo = demoServer('br')
const { api } = demo

interface InventoryRow {
  skuId: string
  available: number
  onHand: number
}

test('a shopper buys and pays; an operator refunds; stock and ledger show both', {
  timeout: 600_000,
}, async () => {
  const { base, browser } = demo
  const phone = `139${String(Date.now()).slice(-8)}`

  // Staff token for the API checks, and the product and SKU the shopper will buy.
  const token = await demo.staffToken()
  const list = await api<{ items: { id: string; soldOut: boolean }[] }>('/store/products?limit=20')
  const productId = list.items.find((p) => !p.soldOut)?.id
  assert.ok(productId, 'a product in stock')
  const product = await api<StoreProduct>(`/store/products/${productId}`)
  const sku = product.skus.find((s) => s.available > 0)
  assert.ok(sku, 'a SKU in stock')
  const stockOf = async () => {
    const rows = await api<{ items: InventoryRow[] }>(
      `/console/inventory?limit=100&q=${encodeURIComponent(product.title)}`,
      { token },
    )
    const row = rows.items.find((r) => r.skuId === sku.id)
    assert.ok(row, 'the SKU is listed in the inventory')
    return row
  }
  const before = await stockOf()

  // Shopper: sign in with the sandbox SMS code.
  const mobile = await demo.phoneContext()
  const shop = await mobile.newPage()
  await shop.goto(`${base}/login?redirect=${encodeURIComponent(`/products/${productId}`)}`)
  await shop.getByTestId('phone-input').fill(phone)
  await shop.getByTestId('send-code').click()
  await shop.getByTestId('sandbox-code').waitFor()
  await shop.getByTestId('sandbox-fill').click()
  assert.match(await shop.getByTestId('code-input').inputValue(), /^\d{6}$/)
  await shot(shop, '01-login')
  await shop.getByTestId('login-button').click()
  await shop.waitForURL(`**/products/${productId}`)

  // Product page: buy now, choose the SKU's spec values, one unit.
  await shop.getByTestId('buy-now').click()
  for (const name of product.specNames) {
    const option = shop.locator(
      `[data-testid="sku-option"][data-spec-name="${name}"][data-value="${sku.spec[name]}"]`,
    )
    if ((await option.getAttribute('aria-pressed')) !== 'true') await option.click()
  }
  await shot(shop, '02-sku-picker')
  await shop.getByTestId('sku-confirm').click()
  await shop.waitForURL('**/checkout?**')

  // Checkout: add a delivery address, then place the order and go to the cashier.
  await shop.getByTestId('submit-order').waitFor()
  await shop.getByTestId('address-picker').click()
  await shop.locator('[data-testid="address-name"] input').fill('张三')
  await shop.locator('[data-testid="address-phone"] input').fill(phone)
  await shop.locator('[data-testid="address-region"] input').fill('浙江省 杭州市 西湖区')
  await shop
    .locator('[data-testid="address-detail"] textarea:not([aria-hidden])')
    .fill('文三路 100 号 1 幢 101 室')
  await shop.getByTestId('address-save').click()
  await shop.getByTestId('address-picker').filter({ hasText: '张三' }).waitFor()
  await shot(shop, '03-checkout')
  await shop.getByTestId('submit-order').click()
  await shop.waitForURL('**/sandbox/pay/**')
  await shot(shop, '04-cashier')
  await shop.getByTestId('sandbox-pay').click()

  // Back on the order page, which watches the order until the payment notification lands.
  await shop.waitForURL('**/orders/**')
  const orderId = new URL(shop.url()).pathname.split('/').pop() as string
  await shop.locator('[data-testid="order-status"][data-status="paid"]').waitFor({ timeout: 30_000 })
  await shot(shop, '05-order-paid')
  const paidStock = await stockOf()
  assert.equal(paidStock.onHand, before.onHand - 1, 'paying takes the unit out of stock')

  // Operator: sign in, find the order, refund it whole.
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const con = await desk.newPage()
  await demo.consoleSignIn(con)
  await con.goto(`${base}/console/orders?status=paid`)
  await con.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).click()
  await con.waitForURL(`**/console/orders/${orderId}`)
  await con.locator('[data-testid="console-order-status"][data-status="paid"]').waitFor()
  await shot(con, '06-console-order')
  await con.getByTestId('refund-button').click()
  await con.getByTestId('refund-reason').fill('缺货，与买家协商退款')
  await con.getByTestId('refund-next').click()
  await shot(con, '07-console-refund-confirm')
  await con.getByTestId('refund-confirm').click()

  // The provider confirms the refund asynchronously; the order then reads refunded.
  await waitFor(
    'the order to be refunded',
    async () => {
      const o = await api<{ status: string; refundedFen: number; paidFen: number }>(
        `/console/orders/${orderId}`,
        { token },
      )
      return o.status === 'refunded' && o.refundedFen === o.paidFen ? o : undefined
    },
    60_000,
  )
  await con.reload()
  await con.locator('[data-testid="console-order-status"][data-status="refunded"]').waitFor()
  await shot(con, '08-console-refunded')
  await shop.reload()
  await shop.locator('[data-testid="order-status"][data-status="refunded"]').waitFor()
  await shot(shop, '09-order-refunded')

  // Stock: sold, then put back; the movements name the order both ways.
  const afterStock = await stockOf()
  assert.equal(afterStock.available, before.available, 'the refunded unit is back on sale')
  const moves = await api<{ kind: string; quantity: number; orderId: string | null }[]>(
    `/console/inventory/${sku.id}/movements`,
    { token },
  )
  const forOrder = moves.filter((m) => m.orderId === orderId)
  assert.ok(
    forOrder.some((m) => m.kind === 'sell'),
    `a sell movement for the order: ${JSON.stringify(forOrder)}`,
  )
  assert.ok(
    forOrder.some((m) => m.kind === 'return' && m.quantity > 0),
    `a return movement for the order: ${JSON.stringify(forOrder)}`,
  )

  // Ledger: the payment came in and went back out, and every account still sums to zero.
  const transfers = await api<{ kind: string; entries: { amountFen: number }[] }[]>(
    `/console/ledger/transfers?orderId=${orderId}`,
    { token },
  )
  const kinds = transfers.map((t) => t.kind)
  assert.ok(
    kinds.some((k) => /captur|paid/.test(k)),
    `a payment transfer: ${kinds}`,
  )
  assert.ok(
    kinds.some((k) => /refund/.test(k)),
    `a refund transfer: ${kinds}`,
  )
  for (const t of transfers)
    assert.equal(
      t.entries.reduce((a, e) => a + e.amountFen, 0),
      0,
      `transfer ${t.kind} balances`,
    )
  const accounts = await api<{ balanceFen: number }[]>('/console/ledger/accounts', { token })
  assert.equal(
    accounts.reduce((a, x) => a + x.balanceFen, 0),
    0,
    'the ledger sums to zero',
  )
})
