import { Button, Popup, Stepper } from 'antd-mobile'
import { useEffect, useMemo, useState } from 'react'
import type { StoreProduct, StoreSku } from '../../shared/types'
import { useI18n } from '../i18n'
import { findSku, initialSelection, optionAvailable, specLabel, specOptions } from '../sku'
import { Img } from './Img'
import { ListPrice, Price } from './Price'

export type PickerMode = 'choose' | 'cart' | 'buy'

/** The bottom sheet where the shopper picks spec values and a quantity. */
export function SkuPicker({
  product,
  mode,
  visible,
  onClose,
  onConfirm,
  busy,
}: {
  product: StoreProduct
  mode: PickerMode
  visible: boolean
  onClose: () => void
  onConfirm: (sku: StoreSku, quantity: number, action: 'cart' | 'buy') => void
  busy?: boolean
}) {
  const { t } = useI18n()
  const options = useMemo(() => specOptions(product.specNames, product.skus), [product])
  const [selected, setSelected] = useState(() => initialSelection(product.specNames, product.skus))
  const [qty, setQty] = useState(1)
  const sku = findSku(product.specNames, product.skus, selected)
  const max = Math.max(1, sku?.available ?? 1)
  useEffect(() => {
    if (qty > max) setQty(max)
  }, [max, qty])

  const missing = product.specNames.filter((n) => !selected[n])
  const image = sku?.imageUrl ?? product.images[0]
  const canBuy = !!sku && sku.available > 0
  const confirm = (action: 'cart' | 'buy') => {
    if (sku && canBuy) onConfirm(sku, Math.min(qty, sku.available), action)
  }

  return (
    <Popup
      visible={visible}
      onMaskClick={onClose}
      onClose={onClose}
      bodyClassName="sku-popup"
      showCloseButton
      destroyOnClose={false}
    >
      <div className="sku-head">
        <Img src={image} alt={product.title} className="sku-thumb" />
        <div className="sku-head-info">
          <Price
            fen={sku?.priceFen ?? product.priceFromFen}
            size="lg"
            suffix={
              sku || new Set(product.skus.map((s) => s.priceFen)).size <= 1 ? undefined : t('product.from')
            }
          />
          {sku?.listPriceFen && sku.listPriceFen > sku.priceFen ? <ListPrice fen={sku.listPriceFen} /> : null}
          <div className="sku-stock" data-testid="sku-stock">
            {sku
              ? sku.available <= 0
                ? t('product.soldOut')
                : sku.available <= 10
                  ? t('product.lowStock', { n: sku.available })
                  : t('product.stock', { n: sku.available })
              : ''}
          </div>
          <div className="sku-chosen">
            {missing.length > 0
              ? t('product.pleaseSelect', { names: missing.join(' / ') })
              : sku
                ? `${t('product.selected')}：${specLabel(product.specNames, sku.spec) || product.title}`
                : ''}
          </div>
        </div>
      </div>
      <div className="sku-body">
        {product.specNames.map((name) => (
          <div className="sku-group" key={name}>
            <div className="sku-group-name">{name}</div>
            <div className="sku-options">
              {options[name].map((value) => {
                const active = selected[name] === value
                const available = optionAvailable(product.skus, selected, name, value)
                return (
                  <button
                    type="button"
                    key={value}
                    className={`sku-option${active ? ' active' : ''}${available ? '' : ' disabled'}`}
                    data-testid="sku-option"
                    data-spec-name={name}
                    data-value={value}
                    aria-pressed={active}
                    onClick={() => setSelected((s) => ({ ...s, [name]: active ? undefined : value }))}
                  >
                    {value}
                  </button>
                )
              })}
            </div>
          </div>
        ))}
        <div className="sku-qty">
          <span>{t('product.quantity')}</span>
          <Stepper
            min={1}
            max={max}
            value={qty}
            onChange={(v) => setQty(v)}
            disabled={!canBuy}
            data-testid="sku-quantity"
          />
        </div>
      </div>
      <div className="sku-actions">
        {mode === 'choose' ? (
          <>
            <Button
              className="btn-cart"
              shape="rounded"
              disabled={!canBuy}
              loading={busy}
              onClick={() => confirm('cart')}
            >
              {t('product.addToCart')}
            </Button>
            <Button
              className="btn-buy"
              shape="rounded"
              color="primary"
              disabled={!canBuy}
              onClick={() => confirm('buy')}
              data-testid="sku-confirm"
            >
              {t('product.buyNow')}
            </Button>
          </>
        ) : (
          <Button
            block
            shape="rounded"
            color="primary"
            className={mode === 'cart' ? 'btn-cart-solid' : 'btn-buy'}
            disabled={!canBuy}
            loading={busy}
            onClick={() => confirm(mode)}
            data-testid="sku-confirm"
          >
            {sku && sku.available <= 0
              ? t('product.soldOut')
              : mode === 'cart'
                ? t('product.addToCart')
                : t('product.buyNow')}
          </Button>
        )}
      </div>
    </Popup>
  )
}
