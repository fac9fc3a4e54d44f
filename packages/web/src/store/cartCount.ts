import { useEffect, useSyncExternalStore } from 'react'
import { api } from './api'
import { session, useSession } from './session'

let count = 0
const listeners = new Set<() => void>()
const set = (n: number) => {
  count = n
  for (const l of listeners) l()
}

/** Asks the server how many items are in the cart, for the tab bar badge. */
export async function refreshCartCount() {
  if (!session.get().token) return set(0)
  try {
    const cart = await api.cart()
    set(cart.items.reduce((a, i) => a + i.quantity, 0))
  } catch {
    /* the badge is a hint; a failure leaves it as it was */
  }
}

export function setCartCount(n: number) {
  set(n)
}

export function useCartCount() {
  const { token } = useSession()
  useEffect(() => {
    void refreshCartCount()
  }, [token])
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => count,
  )
}
