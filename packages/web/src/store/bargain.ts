import type { BargainStatus } from './bargainApi'

/** How far the price has come from the start towards the floor, 0–100. */
export function cutPercent(b: {
  startPriceFen: number
  floorPriceFen: number
  currentPriceFen: number
}): number {
  const span = b.startPriceFen - b.floorPriceFen
  if (span <= 0) return 100
  const done = ((b.startPriceFen - b.currentPriceFen) / span) * 100
  return Math.min(100, Math.max(0, Math.round(done * 10) / 10))
}

/** The link a starter shares: the bargain page, carrying the share token for attribution. */
export function bargainShareUrl(origin: string, bargainId: string, token: string): string {
  return `${origin}/bargains/${encodeURIComponent(bargainId)}?s=${encodeURIComponent(token)}`
}

/** The deadline the countdown shows: the bargain's time limit, or once reached its pay-by. */
export function bargainDeadline(b: { status: BargainStatus; expiresAt: string; payBy: string | null }) {
  if (b.status === 'ongoing') return b.expiresAt
  if (b.status === 'reached') return b.payBy
  return null
}

/** Milliseconds left by the server's clock: the browser's clock may be off, so measure from the server's answer. */
export function msLeft(deadline: string | null, serverTime: string, fetchedAt: number, now: number): number {
  if (!deadline) return 0
  const skew = new Date(serverTime).getTime() - fetchedAt
  return Math.max(0, new Date(deadline).getTime() - (now + skew))
}
