/**
 * A lucky draw end to end: the operator's pool editor with its live sum, a shopper drawing on the
 * 3×3 grid (it stops on the server's outcome), sharing for a chance, claiming a prize; the
 * operator's figures and winners.
 *
 *   npx tsx --test packages/web/e2e/lucky-draw.e2e.ts      (from the repo root)
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
  dataDir = mkdtempSync(join(tmpdir(), 'liebian-e2e-ld-'))
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

test('an operator sets up a draw; a shopper draws on the 3×3 grid, shares, and claims a prize', {
  timeout: 600_000,
}, async () => {
  assert.ok(browser)
  const stamp = String(Date.now()).slice(-8)
  const staff = await api<{ token: string }>('/console/auth/login', { method: 'POST', body: OWNER })
  const list = await api<{ items: { id: string }[] }>('/store/products?limit=5')
  const product = await api<StoreProduct>(`/store/products/${list.items[0].id}`)
  const now = Date.now()

  // Console: the operator opens the editor; the live sum warns until the pool makes 100%.
  const con = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  con.setDefaultTimeout(SLOW)
  await con.goto(`${base}/console/login`)
  await con.getByTestId('console-shop').fill(OWNER.shop)
  await con.getByTestId('console-email').fill(OWNER.email)
  await con.getByTestId('console-password').fill(OWNER.password)
  await con.getByTestId('console-login').click()
  await con.waitForURL(/\/console\/?$/)
  await con.goto(`${base}/console/luckydraw?create=1`)
  await con.getByTestId('ld-form').waitFor()
  await con.locator('[data-testid="ld-sum"][data-ok="true"]').waitFor()
  await con.getByTestId('ld-prize-percent').first().fill('30')
  await con.locator('[data-testid="ld-sum"][data-ok="false"]').waitFor()
  await shot(con, 'ld-01-console-editor-sum')
  await con.keyboard.press('Escape')

  // The draw itself through the API (the editor's fields are plain antd inputs).
  const made = await api<{ id: string }>('/console/luckydraw/campaigns', {
    method: 'POST',
    token: staff.token,
    body: {
      title: `幸运九宫格 ${stamp}`,
      description: '每天免费抽，分享多一次',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      dailyChances: 3,
      shareDailyCap: 2,
      inviteVisitChances: 1,
      inviteOrderChances: 2,
      inviteDailyCap: 5,
      noPrizeBp: 0,
      prizes: [
        { kind: 'product', name: '惊喜好礼', skuId: product.skus[0].id, stock: 1, probabilityBp: 10_000 },
      ],
    },
  })
  await api(`/console/luckydraw/campaigns/${made.id}/publish`, { method: 'POST', token: staff.token })

  // Storefront: the home entry leads to the draw.
  const ctx = await phoneContext()
  const page = await ctx.newPage()
  await page.goto(`${base}/login?redirect=${encodeURIComponent('/')}`)
  await signIn(page, `135${stamp}`)
  await page.getByTestId('ld-home-entry').click()
  await page.waitForURL('**/luckydraw/**')
  await page.locator('[data-testid="ld-chances"][data-remaining="3"]').waitFor()
  await shot(page, 'ld-02-store-grid')
  await page.getByTestId('ld-go').click()
  // The spin lands on the server's outcome: the one prize (100%, stock 1).
  await page.locator(`[data-testid="ld-result"][data-prize]`).waitFor()
  const won = await page.getByTestId('ld-result').getAttribute('data-prize')
  assert.ok(won)
  assert.equal(await page.locator('.ld-cell-on').getAttribute('data-prize'), won)
  await shot(page, 'ld-03-store-won')
  await page.getByRole('button', { name: /好的|OK/ }).click()
  // Its stock is gone: the odds shown say so, and the next draw can only miss.
  await page.locator('[data-testid="ld-chances"][data-remaining="2"]').waitFor()
  await page.locator('.ld-odds .ld-out').waitFor()
  await page.getByTestId('ld-go').click()
  await page.locator('[data-testid="ld-result"][data-prize=""]').waitFor()
  await page.getByRole('button', { name: /好的|OK/ }).click()
  await page.getByTestId('ld-share').click()
  // Sharing earns one chance (within today's cap of 2).
  await page.getByTestId('ld-notice').waitFor()
  await page.locator('[data-testid="ld-chances"][data-remaining="2"]').waitFor()
  await shot(page, 'ld-04-store-after-share')

  // My prizes: claim with an address.
  await api('/store/addresses', {
    method: 'POST',
    token: await page.evaluate(() => localStorage.getItem('liebian.store.token') ?? ''),
    body: { name: '王五', phone: '13800138000', region: '上海市 浦东新区', detail: '世纪大道 1 号' },
  })
  await page.goto(`${base}/me`)
  await page.getByTestId('ld-my-prizes').click()
  await page.getByTestId('ld-claim').click()
  await page.getByText('王五 13800138000').click()
  await page.locator('[data-testid="ld-my-prize"][data-status="claimed"]').waitFor()
  await shot(page, 'ld-05-store-my-prizes')

  // Console: figures, stock and the winner with the address.
  await con.goto(`${base}/console/luckydraw/${made.id}`)
  await con.getByText('王五').waitFor()
  await shot(con, 'ld-06-console-campaign')
  await ctx.close()
})
