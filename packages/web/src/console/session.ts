import { useSyncExternalStore } from 'react'

export const TOKEN_KEY = 'liebian.console.token'
const STAFF_KEY = 'liebian.console.staff'
export const SHOP_KEY = 'liebian.console.shop'

export type Role = 'owner' | 'operator' | 'merchant_staff'
export interface Staff {
  id: string
  email: string
  name: string
  role: Role
  status: string
  createdAt: string
}

interface State {
  token: string | null
  staff: Staff | null
  shop: string
}

function read(): State {
  try {
    const token = localStorage.getItem(TOKEN_KEY)
    const raw = localStorage.getItem(STAFF_KEY)
    return {
      token,
      staff: token && raw ? (JSON.parse(raw) as Staff) : null,
      shop: localStorage.getItem(SHOP_KEY) ?? 'demo',
    }
  } catch {
    return { token: null, staff: null, shop: 'demo' }
  }
}

let state = read()
const listeners = new Set<() => void>()
const emit = () => {
  for (const l of listeners) l()
}

/** The operator's session: token, who they are, and which shop they signed in to. */
export const session = {
  get: () => state,
  subscribe(l: () => void) {
    listeners.add(l)
    return () => listeners.delete(l)
  },
  signedIn(token: string, staff: Staff, shop: string) {
    localStorage.setItem(TOKEN_KEY, token)
    localStorage.setItem(STAFF_KEY, JSON.stringify(staff))
    localStorage.setItem(SHOP_KEY, shop)
    state = { token, staff, shop }
    emit()
  },
  staff(staff: Staff) {
    localStorage.setItem(STAFF_KEY, JSON.stringify(staff))
    state = { ...state, staff }
    emit()
  },
  signedOut() {
    localStorage.removeItem(TOKEN_KEY)
    localStorage.removeItem(STAFF_KEY)
    state = { ...state, token: null, staff: null }
    emit()
  },
}

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get, session.get)
}
