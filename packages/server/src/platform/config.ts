import { resolve } from 'node:path'

/** Everything the server reads from its environment, with the defaults that make `npm start` need nothing. */
export interface Config {
  port: number
  host: string
  /** Where browsers reach this server; used in pay URLs, share links and provider notify URLs. */
  publicUrl: string
  /** Unset → embedded PGlite in `dataDir`. */
  databaseUrl?: string
  dataDir: string
  redisUrl?: string
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string
  logLevel: string
  /** Minutes before an unpaid order is cancelled and its stock released. */
  unpaidTimeoutMinutes: number
  sessionDays: number
  /**
   * The built-in sandbox payment provider, its cashier and the sandbox SMS code route. On by
   * default only for the embedded database (demo, development, tests); never leave it on where
   * real money is taken: anyone can pay a sandbox payment.
   */
  sandbox: boolean
  /** Secret the built-in sandbox payment provider signs its notifications with. */
  sandboxSecret: string
  /**
   * Key that seals personal data at rest (buyers' resident IDs for customs). Required to take
   * cross-border orders; the sandbox uses a fixed development key.
   */
  dataKey?: string
  /** Served as the storefront and console when the web app has been built. */
  webDist?: string
  /** Run the job worker loop in this process. */
  worker: boolean
  /** Shop used by the storefront when a request names none. */
  defaultShop: string
  /** Alipay open-platform app settings; the provider is offered only when they are all set. */
  alipay?: {
    appId: string
    sellerId?: string
    appPrivateKeyPath: string
    alipayPublicKeyPath: string
    gateway?: string
  }
  /** WeChat Pay v3 merchant settings; the provider is offered only when they are all set. */
  wechatPay?: {
    appId: string
    mchId: string
    mchSerialNo: string
    mchPrivateKeyPath: string
    apiV3Key: string
    /** `serial=path/to/platform-public-key.pem`, comma separated. */
    platformCertificates: string
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000)
  const host = env.HOST ?? '0.0.0.0'
  const dataDir = resolve(env.LIEBIAN_DATA_DIR ?? './data')
  return {
    port,
    host,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX ?? 'liebian:',
    logLevel: env.LOG_LEVEL ?? 'info',
    unpaidTimeoutMinutes: Number(env.UNPAID_TIMEOUT_MINUTES ?? 15),
    sessionDays: Number(env.SESSION_DAYS ?? 30),
    sandbox: env.LIEBIAN_SANDBOX ? env.LIEBIAN_SANDBOX === 'on' : !env.DATABASE_URL,
    sandboxSecret: env.SANDBOX_PAY_SECRET ?? 'liebian-sandbox-secret',
    dataKey:
      env.LIEBIAN_DATA_KEY ||
      ((env.LIEBIAN_SANDBOX ? env.LIEBIAN_SANDBOX === 'on' : !env.DATABASE_URL)
        ? 'liebian-development-data-key'
        : undefined),
    webDist: env.WEB_DIST,
    worker: env.LIEBIAN_WORKER !== 'off',
    defaultShop: env.DEFAULT_SHOP ?? 'demo',
    alipay:
      env.ALIPAY_APP_ID && env.ALIPAY_PRIVATE_KEY_PATH && env.ALIPAY_PUBLIC_KEY_PATH
        ? {
            appId: env.ALIPAY_APP_ID,
            sellerId: env.ALIPAY_SELLER_ID || undefined,
            appPrivateKeyPath: env.ALIPAY_PRIVATE_KEY_PATH,
            alipayPublicKeyPath: env.ALIPAY_PUBLIC_KEY_PATH,
            gateway: env.ALIPAY_GATEWAY || undefined,
          }
        : undefined,
    wechatPay:
      env.WECHATPAY_MCH_ID &&
      env.WECHATPAY_APP_ID &&
      env.WECHATPAY_PRIVATE_KEY_PATH &&
      env.WECHATPAY_API_V3_KEY &&
      env.WECHATPAY_PLATFORM_CERTS &&
      env.WECHATPAY_MCH_SERIAL_NO
        ? {
            appId: env.WECHATPAY_APP_ID,
            mchId: env.WECHATPAY_MCH_ID,
            mchSerialNo: env.WECHATPAY_MCH_SERIAL_NO,
            mchPrivateKeyPath: env.WECHATPAY_PRIVATE_KEY_PATH,
            apiV3Key: env.WECHATPAY_API_V3_KEY,
            platformCertificates: env.WECHATPAY_PLATFORM_CERTS,
          }
        : undefined,
  }
}
