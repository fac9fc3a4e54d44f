/**
 * A shopper buys and pays in the sandbox cashier; an operator refunds the order in the console;
 * the API then shows the stock back and the money in and out of the ledger.
 *
 *   npx tsx --test packages/web/e2e/buy-and-refund.e2e.ts      (from the repo root)
 *
 * Builds the web app (unless E2E_SKIP_BUILD=1), starts `liebian demo --start` on a free port with a
 * fresh data directory, and drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 * Screenshots land in E2E_SHOTS (default test-results/e2e).
 */
import assert from 'node:assert/strict'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'

const repo = resolve(import.meta.dirname, '../../..')
const webDist = resolve(repo, 'packages/web/dist')
const shots = resolve(repo, process.env.E2E_SHOTS ?? 'test-results/e2e')
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const OWNER = { shop: 'demo', email: 'owner@demo.liebian.dev', password: 'liebian123' }

let server: ChildProcess | undefined
let serverLog = ''
let browser: Browser | undefined
let dataDir = ''
let base = ''

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < until) {
    try {
      const v = await fn()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

async function api<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'X-Shop': OWNER.shop,
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${text}`)
  return JSON.parse(text) as T
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`) })
}

before(async () => {
  mkdirSync(shots, { recursive: true })
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', '@liebian/web'], { cwd: repo, stdio: 'ignore' })
  }
  dataDir = mkdtempSync(join(tmpdir(), 'liebian-e2e-'))
  const port = await freePort()
  base = `http://localhost:${port}`
  server = spawn('npx', ['tsx', 'packages/server/src/cli.ts', 'demo', '--start'], {
    cwd: repo,
    env: {
      ...process.env,
      PORT: String(port),
      LIEBIAN_DATA_DIR: dataDir,
      WEB_DIST: webDist,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: base,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  server.stdout?.on('data', (b) => (serverLog += b))
  server.stderr?.on('data', (b) => (serverLog += b))
  await waitFor(
    'the server',
    async () => {
      if (server?.exitCode !== null) throw new Error(`server exited:\n${serverLog}`)
      const r = await fetch(`${base}/health`).catch(() => undefined)
      return r?.ok ? true : undefined
    },
    180_000,
  )
  // The demo seed runs before listening; the storefront needs its products.
  await waitFor(
    'demo products',
    async () =>
      (await api<{ items: unknown[] }>('/store/products?limit=1')).items.length ? true : undefined,
    60_000,
  )
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
})

after(async () => {
  await browser?.close()
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM')
    } catch {
      /* already gone */
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

interface StoreSku {
  id: string
  spec: Record<string, string>
  available: number
}
interface StoreProduct {
  id: string
  title: string
  specNames: string[]
  skus: StoreSku[]
}
interface InventoryRow {
  skuId: string
  available: number
  onHand: number
}

test('a shopper buys and pays; an operator refunds; stock and ledger show both', {
  timeout: 600_000,
}, async () => {
  assert.ok(browser)
  const phone = `139${String(Date.now()).slice(-8)}`

  // Staff token for the API checks, and the product and SKU the shopper will buy.
  const staff = await api<{ token: string }>('/console/auth/login', { method: 'POST', body: OWNER })
  const list = await api<{ items: { id: string; soldOut: boolean }[] }>('/store/products?limit=20')
  const productId = list.items.find((p) => !p.soldOut)?.id
  assert.ok(productId, 'a product in stock')
  const product = await api<StoreProduct>(`/store/products/${productId}`)
  const sku = product.skus.find((s) => s.available > 0)
  assert.ok(sku, 'a SKU in stock')
  const stockOf = async () => {
    const rows = await api<{ items: InventoryRow[] }>(
      `/console/inventory?limit=100&q=${encodeURIComponent(product.title)}`,
      { token: staff.token },
    )
    const row = rows.items.find((r) => r.skuId === sku.id)
    assert.ok(row, 'the SKU is listed in the inventory')
    return row
  }
  const before = await stockOf()

  // Shopper: sign in with the sandbox SMS code.
  const mobile = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
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
  await con.goto(`${base}/console/login`)
  await con.getByTestId('console-shop').fill(OWNER.shop)
  await con.getByTestId('console-email').fill(OWNER.email)
  await con.getByTestId('console-password').fill(OWNER.password)
  await con.getByTestId('console-login').click()
  await con.waitForURL(/\/console\/?$/)
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
        { token: staff.token },
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
    { token: staff.token },
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
    { token: staff.token },
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
  const accounts = await api<{ balanceFen: number }[]>('/console/ledger/accounts', { token: staff.token })
  assert.equal(
    accounts.reduce((a, x) => a + x.balanceFen, 0),
    0,
    'the ledger sums to zero',
  )
})
