import { useSyncExternalStore } from 'react'
import type { Shopper } from '../shared/types'

const TOKEN_KEY = 'liebian.store.token'
const PROFILE_KEY = 'liebian.store.shopper'

function read(): { token: string | null; shopper: Shopper | null } {
  try {
    const token = localStorage.getItem(TOKEN_KEY)
    const raw = localStorage.getItem(PROFILE_KEY)
    return { token, shopper: token && raw ? (JSON.parse(raw) as Shopper) : null }
  } catch {
    return { token: null, shopper: null }
  }
}

let state = read()
const listeners = new Set<() => void>()
const emit = () => {
  for (const l of listeners) l()
}

/** The shopper's sign-in state, shared by every page. */
export const session = {
  get: () => state,
  subscribe(l: () => void) {
    listeners.add(l)
    return () => listeners.delete(l)
  },
  signedIn(token: string, shopper: Shopper) {
    localStorage.setItem(TOKEN_KEY, token)
    localStorage.setItem(PROFILE_KEY, JSON.stringify(shopper))
    state = { token, shopper }
    emit()
  },
  profile(shopper: Shopper) {
    localStorage.setItem(PROFILE_KEY, JSON.stringify(shopper))
    state = { ...state, shopper }
    emit()
  },
  signedOut() {
    localStorage.removeItem(TOKEN_KEY)
    localStorage.removeItem(PROFILE_KEY)
    state = { token: null, shopper: null }
    emit()
  },
}

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get, session.get)
}
