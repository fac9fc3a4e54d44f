import { Button, DotLoading, ErrorBlock, Popup, SearchBar, Toast } from 'antd-mobile'
import { ShopbagOutline } from 'antd-mobile-icons'
import { useEffect, useState } from 'react'
import { useResource } from '../../shared/useResource'
import { api } from '../api'
import { useI18n } from '../i18n'
import { shareImageUrl, shareLinkUrl } from '../promoter'
import { promoterApi, type Share, storefrontShop } from '../promoterApi'
import { Img } from './Img'
import { Price } from './Price'
import { PageError } from './States'

interface Sharing {
  share: Share
  title: string
  /** Posters are drawn for products only. */
  poster: boolean
}

/**
 * 推广素材: the promoter's own link, QR code and poster for the shop's home page or any product;
 * `productId` (from `?product=`) opens that product's at once.
 */
export function PromoterShareKit({ active, productId }: { active: boolean; productId: string | null }) {
  const { t } = useI18n()
  const [q, setQ] = useState('')
  const products = useResource(`promoter-products:${q}`, () => api.products({ q: q || undefined, limit: 20 }))
  const [sharing, setSharing] = useState<Sharing | null>(null)
  const [making, setMaking] = useState<string | null>(null)

  const make = async (kind: 'product' | 'page', id: string, title: string) => {
    setMaking(`${kind}:${id}`)
    try {
      const share = await promoterApi.share(kind, id)
      setSharing({ share, title, poster: kind === 'product' })
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    } finally {
      setMaking(null)
    }
  }

  useEffect(() => {
    if (!productId) return
    let live = true
    ;(async () => {
      try {
        const p = await api.product(productId)
        const share = await promoterApi.share('product', p.id)
        if (live) setSharing({ share, title: p.title, poster: true })
      } catch (err) {
        if (live) Toast.show({ icon: 'fail', content: (err as Error).message })
      }
    })()
    return () => {
      live = false
    }
  }, [productId])

  return (
    <div className="promoter-pane" data-testid="promoter-share-kit">
      {!active ? <div className="card muted">{t('promoter.share.inactive')}</div> : null}
      <div className="card promoter-share-row">
        <span className="promoter-share-icon">
          <ShopbagOutline />
        </span>
        <div className="promoter-share-body">
          <div className="promoter-row-title">{t('promoter.share.home')}</div>
          <div className="muted">{t('promoter.share.homeHint')}</div>
        </div>
        <Button
          size="small"
          color="primary"
          fill="outline"
          shape="rounded"
          loading={making === 'page:home'}
          onClick={() => void make('page', 'home', t('promoter.share.home'))}
          data-testid="share-home"
        >
          {t('promoter.share.generate')}
        </Button>
      </div>
      <div className="promoter-share-search">
        <SearchBar
          placeholder={t('promoter.share.search')}
          onSearch={(v) => setQ(v.trim())}
          onClear={() => setQ('')}
          aria-label={t('promoter.share.search')}
        />
      </div>
      {products.error ? <PageError error={products.error} onRetry={products.reload} /> : null}
      {products.data?.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('promoter.share.noProducts')} description="" />
      ) : null}
      {products.data?.items.map((p) => (
        <div
          key={p.id}
          className="card promoter-share-row"
          data-testid="share-product"
          data-product-id={p.id}
        >
          <Img src={p.coverUrl} alt={p.title} className="promoter-share-img" />
          <div className="promoter-share-body">
            <div className="promoter-row-title">{p.title}</div>
            <Price fen={p.priceFromFen} size="sm" />
          </div>
          <Button
            size="small"
            color="primary"
            fill="outline"
            shape="rounded"
            loading={making === `product:${p.id}`}
            onClick={() => void make('product', p.id, p.title)}
            aria-label={`${t('promoter.share.generate')}: ${p.title}`}
          >
            {t('promoter.share.generate')}
          </Button>
        </div>
      ))}
      {!products.data && !products.error ? (
        <div className="center">
          <DotLoading />
        </div>
      ) : null}
      {sharing ? <ShareSheet sharing={sharing} onClose={() => setSharing(null)} /> : null}
    </div>
  )
}

/** The link to copy, its QR code, and for a product the poster to save. */
function ShareSheet({ sharing, onClose }: { sharing: Sharing; onClose: () => void }) {
  const { t } = useI18n()
  const shop = storefrontShop()
  const [showPoster, setShowPoster] = useState(false)
  const { share, title } = sharing
  const link = shareLinkUrl(window.location.origin, share.path, shop)

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link)
      Toast.show({ icon: 'success', content: t('promoter.share.copied') })
    } catch {
      Toast.show({ content: t('promoter.share.copyFailed') })
    }
  }

  return (
    <Popup
      visible
      onMaskClick={onClose}
      onClose={onClose}
      showCloseButton
      bodyClassName="sheet promoter-sheet"
    >
      <div className="sheet-title">{title}</div>
      {showPoster ? (
        <div className="promoter-poster">
          <img
            src={shareImageUrl(share.token, 'poster.png', { shop })}
            alt={t('promoter.share.posterAlt', { title })}
            data-testid="share-poster"
          />
          <div className="muted">{t('promoter.share.posterHint')}</div>
          <a
            className="promoter-download"
            href={shareImageUrl(share.token, 'poster.png', { shop, download: true })}
            download={`poster-${share.token}.png`}
            data-testid="share-poster-download"
          >
            {t('promoter.share.download')}
          </a>
        </div>
      ) : (
        <div className="promoter-qr">
          <img
            src={shareImageUrl(share.token, 'qr.png', { shop })}
            alt={t('promoter.share.qrAlt', { title })}
            width={200}
            height={200}
            data-testid="share-qr"
          />
        </div>
      )}
      <input
        readOnly
        value={link}
        aria-label={t('promoter.share.copy')}
        className="promoter-link"
        data-testid="share-link"
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="promoter-sheet-actions">
        <Button shape="rounded" onClick={copy} data-testid="share-copy">
          {t('promoter.share.copy')}
        </Button>
        {sharing.poster ? (
          <Button
            shape="rounded"
            color="primary"
            onClick={() => setShowPoster((v) => !v)}
            data-testid="share-make-poster"
          >
            {showPoster ? t('promoter.share.qr') : t('promoter.share.poster')}
          </Button>
        ) : null}
      </div>
    </Popup>
  )
}
