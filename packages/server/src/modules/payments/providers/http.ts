/** What the provider adapters share for talking to a provider over HTTP. */

export type HeaderBag = Record<string, string | string[] | undefined>

export interface ProviderHttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
}

export interface ProviderHttpResponse {
  status: number
  headers: HeaderBag
  body: string
}

/** How an adapter reaches its provider; tests pass a fake, production uses `fetchTransport`. */
export type ProviderTransport = (req: ProviderHttpRequest) => Promise<ProviderHttpResponse>

/** Sends with global fetch; the timeout keeps a stalled provider from holding a job or a checkout. */
export function fetchTransport(timeoutMs = 10_000): ProviderTransport {
  return async (req) => {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
    })
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() }
  }
}

/** A failed call to a provider, carrying the provider's own error code. */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly code: string,
    message: string,
    // Not `statusCode`: the HTTP error handler would otherwise echo the provider's status to our caller.
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(`${provider} ${httpStatus ?? '-'} ${code}: ${message}`, options)
    this.name = 'ProviderError'
  }
}
