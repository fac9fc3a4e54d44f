import autocannon from 'autocannon'

export interface LoadRequest {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface LoadOptions {
  /** Origin of the server under test, e.g. `http://127.0.0.1:4000`. */
  origin: string
  request: LoadRequest
  /** Headers that change from one request to the next (say, another shopper's token). */
  varyHeaders?: () => Record<string, string>
  seconds: number
  connections: number
}

export interface LoadResult {
  seconds: number
  /** Requests written to a connection. */
  sent: number
  /**
   * Sent but never answered: timed out, lost with a broken connection, or still in flight when
   * the time was up. The server may still have carried them out.
   */
  unanswered: number
  /** Responses with a 2xx status. */
  ok: number
  /** 2xx responses per second; the rest count as errors, not as throughput. */
  perSecond: number
  p50Ms: number
  p99Ms: number
  /** Non-2xx responses plus connection errors and timeouts. */
  errors: number
  /** Errors by kind: `409 sold_out`, `500 internal`, `socket ECONNRESET`, … */
  errorCodes: Record<string, number>
}

/** The `error.code` of an API error body, or `-` when the body is not one. */
function errorCode(body: string): string {
  try {
    return JSON.parse(body)?.error?.code ?? '-'
  } catch {
    return '-'
  }
}

/** Drives one request shape at the server for a fixed time over keep-alive connections. */
export async function load(o: LoadOptions): Promise<LoadResult> {
  const errorCodes: Record<string, number> = {}
  const count = (key: string) => {
    errorCodes[key] = (errorCodes[key] ?? 0) + 1
  }
  let ok = 0
  const { varyHeaders } = o
  const result = await autocannon({
    url: o.origin,
    connections: o.connections,
    duration: o.seconds,
    // A request unanswered after this many seconds counts as an error (`timeout`).
    timeout: 10,
    requests: [
      {
        method: o.request.method,
        path: o.request.path,
        headers: o.request.headers,
        body: o.request.body,
        ...(varyHeaders && {
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...varyHeaders() } }),
        }),
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) ok++
          else count(`${status} ${errorCode(body)}`)
        },
      },
    ],
  })
  const socketErrors = result.errors - result.timeouts
  if (result.timeouts) errorCodes.timeout = result.timeouts
  if (socketErrors) errorCodes.socket = socketErrors
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx']
  return {
    seconds: result.duration,
    sent: result.requests.sent,
    unanswered: Math.max(0, result.requests.sent - answered),
    ok,
    perSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
    errorCodes,
  }
}
