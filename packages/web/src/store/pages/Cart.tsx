import { Button, Checkbox, Dialog, ErrorBlock, Stepper, Toast } from 'antd-mobile'
import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import type { CartItem } from '../../shared/types'
import { api } from '../api'
import { setCartCount } from '../cartCount'
import { Img } from '../components/Img'
import { Price } from '../components/Price'
import { PageError, PageLoading } from '../components/States'
import { useCart } from '../hooks'
import { useI18n } from '../i18n'

export default function CartPage() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const cart = useCart()
  const items = cart.data?.items ?? []
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [editing, setEditing] = useState(false)
  const [touched, setTouched] = useState(false)

  useEffect(() => {
    if (!cart.data) return
    setCartCount(cart.data.items.reduce((a, i) => a + i.quantity, 0))
    if (!touched)
      setSelected(new Set(cart.data.items.filter((i) => i.available >= i.quantity).map((i) => i.id)))
    else setSelected((s) => new Set([...s].filter((id) => cart.data?.items.some((i) => i.id === id))))
  }, [cart.data, touched])

  const chosen = useMemo(() => items.filter((i) => selected.has(i.id)), [items, selected])
  const total = chosen.reduce((a, i) => a + i.priceFen * i.quantity, 0)
  const count = chosen.reduce((a, i) => a + i.quantity, 0)
  const allChecked = items.length > 0 && chosen.length === items.length

  const toggle = (id: string, on: boolean) => {
    setTouched(true)
    setSelected((s) => {
      const n = new Set(s)
      if (on) n.add(id)
      else n.delete(id)
      return n
    })
  }

  const changeQty = async (item: CartItem, quantity: number) => {
    cart.setData(
      cart.data && { ...cart.data, items: items.map((i) => (i.id === item.id ? { ...i, quantity } : i)) },
    )
    try {
      await api.setCartQuantity(item.id, quantity)
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    }
    void cart.reload()
  }

  const remove = async () => {
    if (chosen.length === 0) return
    const ok = await Dialog.confirm({
      content: `${t('cart.remove')}？`,
      confirmText: t('common.delete'),
      cancelText: t('common.cancel'),
    })
    if (!ok) return
    try {
      await Promise.all(chosen.map((i) => api.removeCartItem(i.id)))
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    }
    void cart.reload()
  }

  const checkout = () => {
    if (chosen.length === 0) {
      Toast.show(t('cart.selectSomething'))
      return
    }
    navigate(`/checkout?cart=${chosen.map((i) => i.id).join(',')}`)
  }

  return (
    <div className="cart-page">
      <div className="cart-head">
        <span className="cart-title">
          {t('cart.title')}
          {items.length > 0 ? <small>（{items.reduce((a, i) => a + i.quantity, 0)}）</small> : null}
        </span>
        {items.length > 0 ? (
          <button type="button" className="link-btn cart-edit" onClick={() => setEditing((e) => !e)}>
            {editing ? t('cart.done') : t('cart.edit')}
          </button>
        ) : null}
      </div>
      {cart.error && !cart.data ? (
        <PageError error={cart.error} onRetry={cart.reload} />
      ) : !cart.data ? (
        <PageLoading />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('cart.empty')} description="" className="cart-empty">
          <Link to="/">
            <Button color="primary" shape="rounded" size="small">
              {t('cart.goShopping')}
            </Button>
          </Link>
        </ErrorBlock>
      ) : (
        <div className="card cart-list">
          {items.map((i) => (
            <div className="cart-item" key={i.id} data-testid="cart-item">
              <Checkbox checked={selected.has(i.id)} onChange={(v) => toggle(i.id, v)} />
              <Link to={`/products/${i.productId}`} className="cart-item-img">
                <Img src={i.imageUrl} alt={i.title} />
              </Link>
              <div className="cart-item-body">
                <div className="cart-item-title">{i.title}</div>
                {i.specLabel ? <div className="cart-item-spec">{i.specLabel}</div> : null}
                {i.available < i.quantity ? (
                  <div className="cart-item-warn">{t('cart.unavailable')}</div>
                ) : null}
                <div className="cart-item-foot">
                  <Price fen={i.priceFen} size="sm" />
                  <Stepper
                    min={1}
                    max={Math.max(1, i.available)}
                    value={i.quantity}
                    onChange={(v) => void changeQty(i, v)}
                  />
                </div>
              </div>
            </div>
          ))}
        </div>
      )}
      {items.length > 0 ? (
        <div className="cart-bar">
          <Checkbox
            checked={allChecked}
            indeterminate={chosen.length > 0 && !allChecked}
            onChange={(v) => {
              setTouched(true)
              setSelected(new Set(v ? items.map((i) => i.id) : []))
            }}
          >
            {t('cart.selectAll')}
          </Checkbox>
          {editing ? (
            <Button
              shape="rounded"
              color="danger"
              fill="outline"
              size="small"
              onClick={remove}
              disabled={chosen.length === 0}
            >
              {t('cart.remove')}
            </Button>
          ) : (
            <>
              <div className="cart-total">
                {t('cart.total')}
                <span className="cart-total-amount">{formatFen(total)}</span>
              </div>
              <Button
                shape="rounded"
                color="primary"
                className="cart-checkout"
                onClick={checkout}
                data-testid="cart-checkout"
              >
                {t('cart.checkout', { n: count })}
              </Button>
            </>
          )}
        </div>
      ) : null}
    </div>
  )
}
