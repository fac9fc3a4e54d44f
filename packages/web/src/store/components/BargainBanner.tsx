import { Toast } from 'antd-mobile'
import { RightOutline } from 'antd-mobile-icons'
import { useState } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import '../bargain.css'
import { formatFen } from '../../shared/money'
import { useResource } from '../../shared/useResource'
import { bargainApi } from '../bargainApi'
import { useI18n } from '../i18n'
import { useSession } from '../session'
import { bargainErrorText } from './BargainBits'

/** The product page's small banner when the product has a bargain offer open: start one, or go back to mine. */
export function BargainBanner({ productId }: { productId: string }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const loc = useLocation()
  const { token } = useSession()
  const offers = useResource(`bargain-offers:${productId}:${token ?? ''}`, () => bargainApi.offers(productId))
  const [busy, setBusy] = useState(false)
  const o = offers.data?.[0]
  if (!o) return null

  const go = async () => {
    if (o.myBargainId) return navigate(`/bargains/${encodeURIComponent(o.myBargainId)}`)
    if (!token) return navigate(`/login?redirect=${encodeURIComponent(loc.pathname)}`)
    setBusy(true)
    try {
      const b = await bargainApi.start(o.id)
      navigate(`/bargains/${encodeURIComponent(b.id)}`)
    } catch (err) {
      Toast.show({ icon: 'fail', content: bargainErrorText(err, t) })
      void offers.reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <button
      type="button"
      className="card bargain-banner"
      onClick={go}
      disabled={busy || (o.soldOut && !o.myBargainId)}
      data-testid="bargain-banner"
    >
      <span className="bargain-banner-tag">{t('bargain.title')}</span>
      <span className="bargain-banner-text">
        <b>{t('bargain.banner', { price: formatFen(o.floorPriceFen) })}</b>
        <span className="muted">
          {o.soldOut && !o.myBargainId
            ? t('bargain.soldOut')
            : t('bargain.bannerHint', { n: o.helpersNeeded })}
        </span>
      </span>
      <span className="bargain-banner-cta">
        {o.myBargainId ? t('bargain.continueCta') : t('bargain.startCta')}
        <RightOutline />
      </span>
    </button>
  )
}
