import { useCallback, useEffect, useRef, useState } from 'react'
import { useResource } from '../shared/useResource'
import { msLeft, serverOffset } from './groupbuy'
import { type DealType, type GroupView, groupBuyApi } from './groupbuyApi'
import { useSession } from './session'

export function useDeals(q: { productId?: string; type?: DealType } = {}) {
  return useResource(`deals:${q.productId ?? ''}:${q.type ?? ''}`, (signal) => groupBuyApi.deals(q, signal))
}

export function useDeal(id: string | null) {
  return useResource(id ? `deal:${id}` : null, () => groupBuyApi.deal(id as string))
}

export function useMyGroups() {
  const { token } = useSession()
  return useResource(token ? `my-groups:${token}` : null, () => groupBuyApi.myGroups())
}

/**
 * One group, kept live: fetched once, then every server-sent change replaces it. The event stream
 * carries no session, so the shopper's own seat (`me`) is kept from the last fetch and fetched again
 * after each change. Without a stream (a proxy that buffers, an old browser) it polls instead.
 */
export function useLiveGroup(id: string) {
  const { token } = useSession()
  const [group, setGroup] = useState<GroupView | undefined>()
  const [error, setError] = useState<Error | undefined>()
  const [live, setLive] = useState(false)
  const seq = useRef(0)

  const fetchNow = useCallback(async () => {
    const my = ++seq.current
    try {
      const g = await groupBuyApi.group(id)
      if (my === seq.current) {
        setGroup(g)
        setError(undefined)
      }
      return g
    } catch (err) {
      if (my === seq.current) setError(err as Error)
      return undefined
    }
  }, [id])

  useEffect(() => {
    setGroup(undefined)
    void fetchNow()
  }, [fetchNow, token])

  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    const es = new EventSource(groupBuyApi.eventsUrl(id))
    es.onopen = () => setLive(true)
    es.onerror = () => setLive(es.readyState === EventSource.OPEN)
    const onGroup = (e: MessageEvent<string>) => {
      let g: GroupView
      try {
        g = JSON.parse(e.data) as GroupView
      } catch {
        return
      }
      if (!g || g.id !== id) return
      setGroup((prev) => ({ ...g, me: g.me ?? prev?.me ?? null }))
      // `me` (seat paid? refunded?) needs the session the stream does not carry.
      if (token) void fetchNow()
    }
    // The server names its events `group`; unnamed ones are taken too.
    es.addEventListener('group', onGroup)
    es.onmessage = onGroup
    return () => es.close()
  }, [id, token, fetchNow])

  // Polls while the stream is down and the group can still change.
  const settled = group ? ['failed', 'cancelled', 'drawn'].includes(group.status) : false
  useEffect(() => {
    if (live || settled) return
    const timer = setInterval(() => void fetchNow(), 3000)
    return () => clearInterval(timer)
  }, [live, settled, fetchNow])

  return { group, error, live, reload: fetchNow }
}

/** Milliseconds left until `deadline` on the server's clock, ticking every second. */
export function useServerCountdown(
  deadline: string | null | undefined,
  serverNow: string | null | undefined,
) {
  const offset = useRef(0)
  const lastStamp = useRef<string | null | undefined>(null)
  if (serverNow && serverNow !== lastStamp.current) {
    lastStamp.current = serverNow
    offset.current = serverOffset(serverNow)
  }
  const [, tick] = useState(0)
  useEffect(() => {
    if (!deadline) return
    const timer = setInterval(() => tick((n) => n + 1), 1000)
    return () => clearInterval(timer)
  }, [deadline])
  return msLeft(deadline, offset.current)
}
