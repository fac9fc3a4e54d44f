import { client } from './api'

export type CommissionStatus = 'frozen' | 'settled' | 'void' | 'clawed'

export interface OrderCommission {
  id: string
  promoterId: string
  promoterName: string | null
  level: 1 | 2
  baseFen: number
  amountFen: number
  clawedFen: number
  status: CommissionStatus
  review: 'none' | 'held' | 'cleared' | 'confirmed'
  settleAfter: string | null
}

export interface OrderReferral {
  referredBy: { promoterId: string; promoterName: string | null; newCustomer: boolean } | null
  binding: {
    promoterId: string
    promoterNickname: string
    reason: string
    reasonText: string
    boundAt: string
    lockedUntil: string | null
    permanent: boolean
  } | null
  commissions: OrderCommission[]
}

export const referralApi = {
  ofOrder: (orderId: string) =>
    client.get<OrderReferral>(`/console/orders/${encodeURIComponent(orderId)}/referral`),
}
