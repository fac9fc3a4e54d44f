const SHARE_KEY = 'liebian.store.shareVia'

/** Remembers the share link a visitor came in by (for this tab), so what they buy is credited to the sharer. */
export function rememberShareToken(token: string, targetKind: string, targetId: string) {
  try {
    sessionStorage.setItem(SHARE_KEY, JSON.stringify({ token, targetKind, targetId }))
  } catch {
    /* attribution is best effort */
  }
}

/** The remembered share token when the visitor came in by a share of this very target. */
export function shareTokenFor(targetKind: string, targetId: string): string | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(SHARE_KEY) ?? 'null') as {
      token: string
      targetKind: string
      targetId: string
    } | null
    return v && v.targetKind === targetKind && v.targetId === targetId ? v.token : undefined
  } catch {
    return undefined
  }
}

/** The share token to credit an order of these products with: a remembered share of any of them. */
export function productShareToken(productIds: (string | null | undefined)[]): string | undefined {
  for (const id of productIds) {
    const token = id ? shareTokenFor('product', id) : undefined
    if (token) return token
  }
  return undefined
}
