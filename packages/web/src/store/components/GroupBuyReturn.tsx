import { useEffect } from 'react'
import { useNavigate } from 'react-router-dom'
import { takeGroupReturn } from '../groupbuy'

/**
 * On an order page the cashier came back to: when the order was a seat in a group, go on to the
 * group page (which watches for the payment), as the shopper expects after paying for a group buy.
 */
export function useGroupBuyReturn(orderId: string) {
  const navigate = useNavigate()
  useEffect(() => {
    const groupId = takeGroupReturn(orderId)
    if (groupId) navigate(`/groups/${encodeURIComponent(groupId)}?paid=1`, { replace: true })
  }, [orderId, navigate])
}
