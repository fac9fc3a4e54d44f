import type { Lang } from './i18n'
import { uuid } from './random'

/** A failed call, carrying what the server said: its code, message (already in the user's language) and field. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  readonly requestId?: string
  constructor(status: number, code: string, message: string, field?: string, requestId?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.requestId = requestId
  }
}

const fallbackMessages: Record<Lang, Record<'network' | 'server' | 'unauthorized' | 'other', string>> = {
  'zh-CN': {
    network: '网络连接失败，请检查网络后重试',
    server: '服务器开小差了，请稍后重试',
    unauthorized: '登录已过期，请重新登录',
    other: '请求失败（{status}）',
  },
  en: {
    network: 'Network error. Please check your connection and try again.',
    server: 'Something went wrong on our side. Please try again later.',
    unauthorized: 'Your session has expired. Please sign in again.',
    other: 'Request failed ({status})',
  },
}

/**
 * Maps an HTTP failure to an ApiError. The server's `{ error: { code, message, field } }`
 * wins; anything else (a proxy's HTML page, an empty body) gets a plain message in `lang`.
 */
export function toApiError(status: number, body: unknown, lang: Lang, requestId?: string): ApiError {
  const e = (body as { error?: Record<string, unknown> } | null)?.error
  if (e && typeof e === 'object' && typeof e.message === 'string' && e.message) {
    return new ApiError(
      status,
      typeof e.code === 'string' ? e.code : `http_${status}`,
      e.message,
      typeof e.field === 'string' ? e.field : undefined,
      typeof e.requestId === 'string' ? e.requestId : requestId,
    )
  }
  const m = fallbackMessages[lang] ?? fallbackMessages['zh-CN']
  if (status === 0) return new ApiError(0, 'network', m.network)
  if (status === 401) return new ApiError(401, 'unauthorized', m.unauthorized, undefined, requestId)
  if (status >= 500) return new ApiError(status, 'internal', m.server, undefined, requestId)
  return new ApiError(
    status,
    `http_${status}`,
    m.other.replace('{status}', String(status)),
    undefined,
    requestId,
  )
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | QueryValue[]>

/** `?a=1&b=x` from an object, leaving out empty values. */
export function toQueryString(query?: Query): string {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item === undefined || item === null || item === '') continue
      p.append(k, String(item))
    }
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface ClientOptions {
  /** Where the API lives; `/api/v1` on the same origin. */
  base?: string
  /** localStorage key of this app's session token. */
  tokenKey: string
  /** The shop slug to send as `X-Shop`, if any. */
  shop: () => string | null | undefined
  lang: () => Lang
  storage?: KeyValueStore
  fetch?: typeof fetch
  /** Called on a 401 after the stored token has been dropped. */
  onUnauthorized?: (error: ApiError) => void
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** `true` makes a fresh key; a string reuses one so a retry of the same action is a replay. */
  idempotencyKey?: string | boolean
  signal?: AbortSignal
}

export type ApiClient = ReturnType<typeof createApiClient>

function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** The typed fetch wrapper both apps use: token, shop, language and idempotency headers, coded errors. */
export function createApiClient(opts: ClientOptions) {
  const base = opts.base ?? '/api/v1'
  const storage = opts.storage ?? browserStorage()
  const doFetch: typeof fetch = opts.fetch ?? ((...a) => globalThis.fetch(...a))

  const getToken = () => storage?.getItem(opts.tokenKey) ?? null
  const setToken = (token: string | null) => {
    if (token) storage?.setItem(opts.tokenKey, token)
    else storage?.removeItem(opts.tokenKey)
  }

  async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const lang = opts.lang()
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang }
    const token = getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    const shop = opts.shop()
    if (shop) headers['X-Shop'] = shop
    if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey === true ? uuid() : o.idempotencyKey
    let body: BodyInit | undefined
    if (o.body instanceof FormData) body = o.body
    else if (o.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(o.body)
    } else if (method !== 'GET' && method !== 'DELETE') {
      headers['Content-Type'] = 'application/json'
      body = '{}'
    }
    let res: Response
    try {
      res = await doFetch(`${base}${path}${toQueryString(o.query)}`, {
        method,
        headers,
        body,
        signal: o.signal,
      })
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err
      throw toApiError(0, null, lang)
    }
    const text = await res.text()
    let data: unknown = null
    if (text) {
      try {
        data = JSON.parse(text)
      } catch {
        data = null
      }
    }
    if (!res.ok) {
      const error = toApiError(res.status, data, lang, res.headers.get('x-request-id') ?? undefined)
      if (res.status === 401 && token) {
        setToken(null)
        opts.onUnauthorized?.(error)
      }
      throw error
    }
    return data as T
  }

  return {
    getToken,
    setToken,
    request,
    get: <T>(path: string, query?: Query, o?: Omit<RequestOptions, 'query'>) =>
      request<T>('GET', path, { ...o, query }),
    post: <T>(path: string, body?: unknown, o?: Omit<RequestOptions, 'body'>) =>
      request<T>('POST', path, { ...o, body }),
    patch: <T>(path: string, body?: unknown, o?: Omit<RequestOptions, 'body'>) =>
      request<T>('PATCH', path, { ...o, body }),
    del: <T>(path: string, o?: RequestOptions) => request<T>('DELETE', path, o),
    upload: <T>(path: string, file: Blob, name = 'file') => {
      const form = new FormData()
      form.append(name, file)
      return request<T>('POST', path, { body: form })
    },
  }
}

/**
 * The shop this browser is looking at: `?shop=` in the address wins and is remembered,
 * otherwise the last one remembered, otherwise none (the server's default shop).
 */
export function rememberShop(
  key: string,
  search: string,
  storage: KeyValueStore | undefined = browserStorage(),
): string | null {
  const fromUrl = new URLSearchParams(search).get('shop')?.trim()
  if (fromUrl && /^[a-z0-9][a-z0-9-]{0,39}$/i.test(fromUrl)) {
    storage?.setItem(key, fromUrl)
    return fromUrl
  }
  return storage?.getItem(key) ?? null
}
