/**
 * Two shoppers complete a group buy: A opens a 2-person group and pays in the sandbox cashier, lands
 * on the group page and copies the invite link; B opens the link, signs in, joins and pays; both
 * pages (A's never reloaded) turn to 拼团成功 from the live feed.
 *
 *   npx tsx --test packages/web/e2e/group-buy.e2e.ts      (from the repo root)
 *
 * Builds the web app (unless E2E_SKIP_BUILD=1), starts `liebian demo --start` on a free port with a
 * fresh data directory, seeds the deal through the console API as the demo owner, and drives
 * Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Screenshots land in E2E_SHOTS; a failure
 * leaves both shoppers' pages there as gb-fail-a.png and gb-fail-b.png.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const repo = resolve(import.meta.dirname, '../../..')
// E2E_WEB_DIST: a build of one's own, when others share the checkout and rebuild dist/ meanwhile.
const webDist = process.env.E2E_WEB_DIST ?? resolve(repo, 'packages/web/dist')
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
/** Generous: a shared machine, a cold server, the payment notification arriving after the redirect. */
const SLOW = 60_000

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
  await page.screenshot({ path: join(shots, `${name}.png`) }).catch(() => undefined)
}

before(async () => {
  mkdirSync(shots, { recursive: true })
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', '@liebian/web'], { cwd: repo, stdio: 'ignore' })
  }
  dataDir = mkdtempSync(join(tmpdir(), 'liebian-e2e-gb-'))
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

interface StoreProduct {
  id: string
  title: string
  skus: { id: string; priceFen: number; available: number }[]
}

async function phoneContext(): Promise<BrowserContext> {
  assert.ok(browser)
  const ctx = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
  ctx.setDefaultTimeout(SLOW)
  ctx.setDefaultNavigationTimeout(SLOW)
  // What the page itself complains of ends up beside the TAP output, for a failure's story.
  ctx.on('weberror', (e) => {
    const [message, frame] = (e.error().stack ?? e.error().message).split('\n')
    console.error(`page error on ${e.page()?.url()}: ${message}${frame ? ` ${frame.trim()}` : ''}`)
  })
  return ctx
}

/** The sandbox SMS sign-in; ends back where the login page was sent from. */
async function signIn(page: Page, phone: string) {
  await page.getByTestId('phone-input').fill(phone)
  await page.getByTestId('send-code').click()
  await page.getByTestId('sandbox-code').waitFor()
  await page.getByTestId('sandbox-fill').click()
  await page.getByTestId('login-button').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/** The open/join sheet: pickup in store (no address to type), then on to the cashier and pay. */
async function takeSeatAndPay(page: Page) {
  await page.getByTestId('gb-fulfillment-pickup').click()
  await page.getByTestId('gb-submit').click()
  await page.waitForURL('**/sandbox/pay/**')
  await page.getByTestId('sandbox-pay').click()
  // The cashier returns to the order page, which goes on to the group page.
  await page.waitForURL('**/groups/**')
}

test('two shoppers fill a 2-person group; both pages show 拼团成功 live', { timeout: 600_000 }, async () => {
  assert.ok(browser)
  const stamp = String(Date.now()).slice(-8)
  const phoneA = `138${stamp}`
  const phoneB = `137${stamp}`

  // Owner: a standard 2-person deal on a SKU with stock.
  const staff = await api<{ token: string }>('/console/auth/login', { method: 'POST', body: OWNER })
  const list = await api<{ items: { id: string; soldOut: boolean }[] }>('/store/products?limit=20')
  let product: StoreProduct | undefined
  let sku: StoreProduct['skus'][number] | undefined
  for (const p of list.items.filter((x) => !x.soldOut)) {
    product = await api<StoreProduct>(`/store/products/${p.id}`)
    sku = product.skus.find((s) => s.available >= 2 && s.priceFen >= 200)
    if (sku) break
  }
  assert.ok(product && sku, 'a SKU with two units in stock')
  const deal = await api<{ id: string; groupPriceFen: number }>('/console/deals', {
    method: 'POST',
    token: staff.token,
    body: {
      type: 'standard',
      skuId: sku.id,
      title: '两人拼团 e2e',
      groupSize: 2,
      groupPriceFen: Math.floor(sku.priceFen * 0.7),
      timeLimitMinutes: 60,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      perPersonLimit: 1,
    },
  })

  // Shopper A: sign in from the product page, open a group, pay.
  const ctxA = await phoneContext()
  const a = await ctxA.newPage()
  const ctxB = await phoneContext()
  const b = await ctxB.newPage()
  try {
    await a.goto(`${base}/login?redirect=${encodeURIComponent(`/products/${product.id}`)}`)
    await signIn(a, phoneA)
    const block = a.locator(`[data-testid="gb-block"][data-deal-id="${deal.id}"]`)
    await block.waitFor()
    await shot(a, 'gb-01-product-block')
    await block.getByTestId('gb-open').click()
    await a.getByTestId('gb-submit').waitFor()
    await shot(a, 'gb-02-open-sheet')
    await takeSeatAndPay(a)
    const groupId = new URL(a.url()).pathname.split('/').pop() as string
    // Paid: the group forms and A may invite.
    await a.locator('[data-testid="gb-status"][data-status="forming"]').waitFor()
    await a.getByTestId('gb-short').filter({ hasText: '1' }).waitFor()
    assert.equal(await a.getByTestId('gb-seat-member').count(), 1, 'one paid member: the opener')
    assert.equal(await a.getByTestId('gb-seat-empty').count(), 1, 'one empty seat, nobody invented')
    await a.getByTestId('gb-invite').click()
    const linkField = a.getByTestId('gb-invite-link')
    await waitFor('the invite link', async () => (await linkField.inputValue()) || undefined, SLOW, 200)
    await a.getByTestId('gb-copy').click()
    const invite = await linkField.inputValue()
    assert.match(invite, /\/s\/[0-9A-Za-z]{10}$/, `an invite link: ${invite}`)
    await shot(a, 'gb-03-invite')
    await a.locator('.adm-popup-close-icon').last().click()

    // Shopper B: opens the link signed out, is sent to sign in and back, joins and pays.
    await b.goto(invite)
    await b.waitForURL(`**/groups/${groupId}`)
    await b.locator('[data-testid="gb-status"][data-status="forming"]').waitFor()
    await shot(b, 'gb-04-shared-group')
    await b.getByTestId('gb-join').click()
    await b.waitForURL('**/login?**')
    await signIn(b, phoneB)
    await b.waitForURL(`**/groups/${groupId}`)
    await b.getByTestId('gb-join').click()
    await b.getByTestId('gb-submit').waitFor()
    await takeSeatAndPay(b)
    assert.ok(b.url().includes(`/groups/${groupId}`), 'B lands on the same group')

    // Both pages: 拼团成功, A's without a reload.
    const succeeded = '[data-testid="gb-status"][data-status="succeeded"]'
    await b.locator(succeeded).filter({ hasText: '拼团成功' }).waitFor()
    await shot(b, 'gb-05-b-succeeded')
    await a.locator(succeeded).filter({ hasText: '拼团成功' }).waitFor()
    assert.equal(await a.getByTestId('gb-seat-member').count(), 2, 'A sees both paid members')
    assert.equal(await a.getByTestId('gb-seat-empty').count(), 0, 'no empty seat left')
    await shot(a, 'gb-06-a-succeeded')

    // The console agrees: two paid seats, the group succeeded.
    const g = await api<{ status: string; seats: { status: string }[] }>(`/console/groups/${groupId}`, {
      token: staff.token,
    })
    assert.equal(g.status, 'succeeded')
    assert.equal(g.seats.filter((s) => s.status === 'paid').length, 2)
  } catch (err) {
    await shot(a, 'gb-fail-a')
    await shot(b, 'gb-fail-b')
    throw err
  } finally {
    await ctxA.close()
    await ctxB.close()
  }
})
