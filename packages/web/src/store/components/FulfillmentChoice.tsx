import { Button, Popup, Radio, Toast } from 'antd-mobile'
import { AddCircleOutline, LocationFill, RightOutline } from 'antd-mobile-icons'
import { useEffect, useState } from 'react'
import type { Address, Fulfillment } from '../../shared/types'
import { useAddresses, useShop } from '../hooks'
import { useI18n } from '../i18n'
import { AddressCard, AddressForm } from './AddressForm'

/**
 * How an order reaches the shopper: delivery to one of their addresses (the default one chosen at
 * first) or pickup in store. Render `FulfillmentChoice` where the choice goes and `AddressSheets` once.
 */
export function useFulfillment() {
  const { t } = useI18n()
  const addresses = useAddresses()
  const [fulfillment, setFulfillment] = useState<Fulfillment>('delivery')
  const [addressId, setAddressId] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const [adding, setAdding] = useState(false)

  useEffect(() => {
    if (addressId || !addresses.data?.length) return
    setAddressId((addresses.data.find((a) => a.isDefault) ?? addresses.data[0]).id)
  }, [addresses.data, addressId])

  const list = addresses.data ?? []
  const address = addresses.data?.find((a) => a.id === addressId) ?? null
  /** The picker when there are addresses to pick from, else the form for a first one. */
  const chooseAddress = () => (list.length ? setPicking(true) : setAdding(true))

  const onSaved = (a: Address) => {
    setAdding(false)
    setPicking(false)
    addresses.setData([...list.map((x) => (a.isDefault ? { ...x, isDefault: false } : x)), a])
    setAddressId(a.id)
  }

  return {
    fulfillment,
    setFulfillment,
    address,
    /** What the order names: the address only for delivery. */
    addressIdToSend: fulfillment === 'delivery' ? (address?.id ?? undefined) : undefined,
    /** False, and the shopper asked for an address, when delivery has none yet. */
    ready: () => {
      if (fulfillment !== 'delivery' || address) return true
      Toast.show(t('checkout.chooseAddress'))
      chooseAddress()
      return false
    },
    list,
    chooseAddress,
    addressId,
    setAddressId,
    picking,
    setPicking,
    adding,
    setAdding,
    onSaved,
  }
}

export type FulfillmentState = ReturnType<typeof useFulfillment>

/** Delivery or pickup, and then the address or the shop's pickup place. */
export function FulfillmentChoice({
  state: s,
  testIdPrefix = '',
  className,
}: {
  state: FulfillmentState
  /** Before the test ids `fulfillment-…` and `address-picker`. */
  testIdPrefix?: string
  /** Added to the address row's classes. */
  className?: string
}) {
  const { t } = useI18n()
  const shop = useShop()
  const extra = className ? ` ${className}` : ''
  return (
    <>
      <div className="segmented">
        {(['delivery', 'pickup'] as const).map((f) => (
          <button
            type="button"
            key={f}
            className={s.fulfillment === f ? 'active' : ''}
            onClick={() => s.setFulfillment(f)}
            data-testid={`${testIdPrefix}fulfillment-${f}`}
          >
            {t(f === 'delivery' ? 'checkout.delivery' : 'checkout.pickup')}
          </button>
        ))}
      </div>
      {s.fulfillment === 'delivery' ? (
        <button
          type="button"
          className={`row-btn checkout-address${extra}${s.address ? '' : ' empty'}`}
          onClick={s.chooseAddress}
          data-testid={`${testIdPrefix}address-picker`}
        >
          {s.address ? (
            <>
              <LocationFill className="checkout-address-icon" />
              <AddressCard a={s.address} />
            </>
          ) : (
            <>
              <AddCircleOutline className="checkout-address-icon" />
              <span className="checkout-address-text">
                {s.list.length ? t('checkout.chooseAddress') : t('checkout.addAddress')}
              </span>
            </>
          )}
          <RightOutline className="muted" />
        </button>
      ) : (
        <div className={`checkout-address pickup${extra}`}>
          <LocationFill className="checkout-address-icon" />
          <div>
            <div className="address-card-who">
              <b>{shop.data?.name}</b>
            </div>
            {shop.data?.pickupAddress ? (
              <div className="address-card-where">{shop.data.pickupAddress}</div>
            ) : null}
            <div className="address-card-where">{t('checkout.pickupHint')}</div>
          </div>
        </div>
      )}
    </>
  )
}

/** The address picker sheet and the form for a new address. */
export function AddressSheets({ state: s, addTestId }: { state: FulfillmentState; addTestId?: string }) {
  const { t } = useI18n()
  return (
    <>
      <Popup
        visible={s.picking}
        onMaskClick={() => s.setPicking(false)}
        onClose={() => s.setPicking(false)}
        showCloseButton
        bodyClassName="sheet"
      >
        <div className="sheet-title">{t('address.title')}</div>
        <Radio.Group
          value={s.addressId}
          onChange={(v) => {
            s.setAddressId(String(v))
            s.setPicking(false)
          }}
        >
          <div className="address-pick-list">
            {s.list.map((a) => (
              <Radio value={a.id} key={a.id} className="address-pick" block>
                <AddressCard a={a} />
              </Radio>
            ))}
          </div>
        </Radio.Group>
        <Button
          block
          shape="rounded"
          color="primary"
          fill="outline"
          onClick={() => s.setAdding(true)}
          data-testid={addTestId}
        >
          <AddCircleOutline /> {t('checkout.addAddress')}
        </Button>
      </Popup>
      <AddressForm visible={s.adding} onClose={() => s.setAdding(false)} onSaved={s.onSaved} />
    </>
  )
}
