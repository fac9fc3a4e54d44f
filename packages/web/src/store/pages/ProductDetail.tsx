import { Badge, ErrorBlock, Swiper, Tag, Toast } from 'antd-mobile'
import { AppOutline, CheckShieldOutline, RightOutline, ShopbagOutline } from 'antd-mobile-icons'
import { useState } from 'react'
import { useLocation, useNavigate, useParams } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import type { StoreSku } from '../../shared/types'
import { api } from '../api'
import { refreshCartCount, useCartCount } from '../cartCount'
import { BargainBanner } from '../components/BargainBanner'
import { GroupBuyBlock } from '../components/GroupBuyBlock'
import { Img } from '../components/Img'
import { Page } from '../components/Layout'
import { ListPrice, Price } from '../components/Price'
import { type PickerMode, SkuPicker } from '../components/SkuPicker'
import { PageError, PageLoading } from '../components/States'
import { useProduct } from '../hooks'
import { useI18n } from '../i18n'
import { session } from '../session'

export default function ProductDetail() {
  const { id = '' } = useParams()
  const { t } = useI18n()
  const navigate = useNavigate()
  const loc = useLocation()
  const product = useProduct(id)
  const cartCount = useCartCount()
  const [picker, setPicker] = useState<PickerMode | null>(null)
  const [busy, setBusy] = useState(false)
  const p = product.data

  if (product.error) {
    const gone = product.error instanceof ApiError && product.error.status === 404
    return (
      <Page title={t('product.details')}>
        {gone ? (
          <ErrorBlock status="empty" title={t('product.notFound')} description="" />
        ) : (
          <PageError error={product.error} onRetry={product.reload} />
        )}
      </Page>
    )
  }
  if (!p)
    return (
      <Page title={t('product.details')}>
        <PageLoading />
      </Page>
    )

  const listPrice = Math.max(0, ...p.skus.map((s) => s.listPriceFen ?? 0))
  const soldOut = p.skus.every((s) => s.available <= 0)
  const totalStock = p.skus.reduce((a, s) => a + Math.max(0, s.available), 0)

  const needLogin = () => {
    if (session.get().token) return false
    navigate(`/login?redirect=${encodeURIComponent(loc.pathname)}`)
    return true
  }

  const onConfirm = async (sku: StoreSku, quantity: number, action: 'cart' | 'buy') => {
    if (needLogin()) return
    if (action === 'buy') {
      setPicker(null)
      navigate(`/checkout?sku=${encodeURIComponent(sku.id)}&qty=${quantity}&p=${encodeURIComponent(p.id)}`)
      return
    }
    setBusy(true)
    try {
      await api.addToCart(sku.id, quantity)
      Toast.show({ icon: 'success', content: t('product.added') })
      setPicker(null)
      void refreshCartCount()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title={t('product.details')} className="product-page">
      {p.images.length > 0 ? (
        <Swiper className="product-swiper" indicatorProps={{ color: 'white' }} loop={p.images.length > 1}>
          {p.images.map((src) => (
            <Swiper.Item key={src}>
              <Img src={src} alt={p.title} />
            </Swiper.Item>
          ))}
        </Swiper>
      ) : (
        <Img src={null} alt={p.title} className="product-swiper" />
      )}
      <div className="product-price-bar">
        <div>
          <Price
            fen={p.priceFromFen}
            size="lg"
            suffix={new Set(p.skus.map((s) => s.priceFen)).size > 1 ? t('product.from') : undefined}
          />
          {listPrice > p.priceFromFen ? <ListPrice fen={listPrice} /> : null}
        </div>
        <div className="product-stock-hint">
          {soldOut ? t('product.soldOut') : totalStock <= 10 ? t('product.lowStock', { n: totalStock }) : ''}
        </div>
      </div>
      <div className="card product-info">
        <h1 className="product-title" data-testid="product-title">
          {p.title}
        </h1>
        {p.subtitle ? <div className="product-subtitle">{p.subtitle}</div> : null}
      </div>
      <GroupBuyBlock productId={p.id} />
      <BargainBanner productId={p.id} />
      <div className="card product-rows">
        <button
          type="button"
          className="row-btn product-row"
          onClick={() => setPicker('choose')}
          data-testid="open-sku"
        >
          <span className="product-row-label">{t('product.selectSpec')}</span>
          <span className="product-row-value">
            {p.specNames.length > 0 ? t('product.pleaseSelect', { names: p.specNames.join(' / ') }) : p.title}
          </span>
          <RightOutline />
        </button>
        <div className="product-row">
          <span className="product-row-label">{t('product.service')}</span>
          <span className="product-row-value product-services">
            {p.returnable7d ? (
              <Tag color="danger" fill="outline" data-testid="return-7d">
                <CheckShieldOutline /> {t('product.return7d')}
              </Tag>
            ) : (
              <Tag color="default" fill="outline">
                {t('product.noReturn7d')}
              </Tag>
            )}
            <span className="muted">{t('product.shipping')}</span>
          </span>
        </div>
      </div>
      <div className="card product-desc">
        <div className="section-title">{t('product.details')}</div>
        <div className="product-desc-text">{p.description || t('product.noDescription')}</div>
        {p.images.slice(1).map((src) => (
          <Img key={src} src={src} alt={p.title} className="product-desc-img" />
        ))}
      </div>
      <div className="action-bar-space" />
      <div className="action-bar">
        <button type="button" className="action-icon" onClick={() => navigate('/')}>
          <AppOutline />
          <span>{t('product.home')}</span>
        </button>
        <button type="button" className="action-icon" onClick={() => navigate('/cart')}>
          <Badge content={cartCount > 0 ? cartCount : null}>
            <ShopbagOutline />
          </Badge>
          <span>{t('product.cart')}</span>
        </button>
        <div className="action-buttons">
          <button
            type="button"
            className="action-cart"
            disabled={soldOut}
            onClick={() => setPicker('cart')}
            data-testid="add-to-cart"
          >
            {t('product.addToCart')}
          </button>
          <button
            type="button"
            className="action-buy"
            disabled={soldOut}
            onClick={() => setPicker('buy')}
            data-testid="buy-now"
          >
            {soldOut ? t('product.soldOut') : t('product.buyNow')}
          </button>
        </div>
      </div>
      <SkuPicker
        product={p}
        mode={picker ?? 'choose'}
        visible={picker !== null}
        onClose={() => setPicker(null)}
        onConfirm={onConfirm}
        busy={busy}
      />
    </Page>
  )
}
