import { Button, Input, Popup, Stepper, Toast } from 'antd-mobile'
import { useRef, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { uuid } from '../../shared/random'
import { api } from '../api'
import { openerPrice, rememberGroupReturn, residentIdHint } from '../groupbuy'
import { type DealView, groupBuyApi, type SeatInput } from '../groupbuyApi'
import { markPaying } from '../hooks'
import { type StoreKey, useI18n } from '../i18n'
import { shareTokenFor } from '../shareVia'
import { AddressSheets, FulfillmentChoice, useFulfillment } from './FulfillmentChoice'
import { Img } from './Img'
import { Price } from './Price'

/** A coded group-buy refusal in the shopper's words; anything else as the server said it. */
export function groupBuyErrorText(err: unknown, t: (k: StoreKey) => string): string {
  if (err instanceof ApiError) {
    const key = `groupbuy.error.${err.code}` as StoreKey
    const text = t(key)
    return text === key ? err.message : text
  }
  return (err as Error).message
}

/**
 * The bottom sheet that opens a group or takes a seat in one: fulfilment (delivery address or pickup),
 * quantity, the customs name and ID for a cross-border deal; then it pays the order at the cashier,
 * which comes back to the group page.
 */
export function GroupBuySheet({
  deal,
  groupId,
  visible,
  onClose,
}: {
  deal: DealView
  /** Joining this group; without it the sheet opens a new one. */
  groupId?: string
  visible: boolean
  onClose: () => void
}) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const delivery = useFulfillment()
  const [quantity, setQuantity] = useState(1)
  const [realName, setRealName] = useState('')
  const [residentId, setResidentId] = useState('')
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null)
  const [stage, setStage] = useState<'idle' | 'submitting' | 'redirecting'>('idle')
  const attempt = useRef(uuid())
  const crossBorder = deal.type === 'cross_border'
  const joining = !!groupId

  const unitFen = joining ? deal.groupPriceFen : openerPrice(deal)
  const taxFen = crossBorder ? (deal.importTaxFen ?? 0) * quantity : 0
  const totalFen = unitFen * quantity + taxFen
  const idHint = residentId.trim() ? residentIdHint(residentId) : undefined

  const submit = async () => {
    if (!delivery.ready()) return
    if (crossBorder) {
      if (!realName.trim()) return setFieldError({ field: 'realName', message: t('groupbuy.needName') })
      if (idHint)
        return setFieldError({
          field: 'residentId',
          message: t(idHint === 'format' ? 'groupbuy.idFormat' : 'groupbuy.idChecksum'),
        })
    }
    setFieldError(null)
    const body: SeatInput = {
      fulfillment: delivery.fulfillment,
      addressId: delivery.addressIdToSend,
      quantity: quantity > 1 ? quantity : undefined,
      realName: crossBorder ? realName.trim() : undefined,
      residentId: crossBorder ? residentId.trim().toUpperCase() : undefined,
      shareToken: shareTokenFor(joining ? 'group' : 'deal', joining ? (groupId as string) : deal.id),
    }
    setStage('submitting')
    let next: string | null = null
    try {
      const r = joining
        ? await groupBuyApi.join(groupId as string, body, attempt.current)
        : await groupBuyApi.open(deal.id, body, attempt.current)
      next = `/groups/${encodeURIComponent(r.group.id)}`
      if (r.order.status !== 'pending_payment') {
        navigate(next, { replace: joining })
        return
      }
      const pay = await api.pay(r.order.id, uuid())
      if (!pay.payUrl) {
        navigate(next)
        return
      }
      markPaying(r.order.id)
      rememberGroupReturn(r.order.id, r.group.id)
      setStage('redirecting')
      window.location.href = pay.payUrl
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'network')) attempt.current = uuid()
      setStage('idle')
      if (err instanceof ApiError && (err.field === 'residentId' || err.field === 'realName'))
        setFieldError({ field: err.field, message: err.message })
      else Toast.show({ icon: 'fail', content: groupBuyErrorText(err, t) })
      // The seat is taken and the order placed; paying can go on from the group page.
      if (next) navigate(next)
    }
  }

  return (
    <>
      <Popup
        visible={visible}
        onMaskClick={onClose}
        onClose={onClose}
        showCloseButton
        bodyClassName="sheet gb-sheet"
      >
        <div className="gb-sheet-head">
          <Img src={deal.imageUrl} alt={deal.productTitle} className="gb-sheet-img" />
          <div>
            <div className="gb-sheet-title">{deal.title || deal.productTitle}</div>
            <div className="muted">{deal.specLabel}</div>
            <div>
              <Price fen={unitFen} size="md" />{' '}
              <span className="gb-chip">{t('groupbuy.nPeople', { n: deal.groupSize })}</span>
            </div>
          </div>
        </div>
        <div className="form-label">{t('groupbuy.fulfillment')}</div>
        <FulfillmentChoice state={delivery} testIdPrefix="gb-" className="gb-address" />
        {deal.perPersonLimit > 1 ? (
          <div className="gb-row">
            <span>
              {t('groupbuy.quantity')}{' '}
              <span className="muted">{t('groupbuy.perPerson', { n: deal.perPersonLimit })}</span>
            </span>
            <Stepper min={1} max={deal.perPersonLimit} value={quantity} onChange={setQuantity} />
          </div>
        ) : null}
        {crossBorder ? (
          <div className="gb-customs">
            <div className="form-label">{t('groupbuy.crossBorder')}</div>
            <div className="muted">{t('groupbuy.crossBorderHint')}</div>
            <div className="gb-field">
              <span>{t('groupbuy.realName')}</span>
              <Input
                value={realName}
                onChange={setRealName}
                maxLength={30}
                placeholder={t('groupbuy.realName')}
                data-testid="gb-real-name"
              />
            </div>
            {fieldError?.field === 'realName' ? (
              <div className="gb-field-error">{fieldError.message}</div>
            ) : null}
            <div className="gb-field">
              <span>{t('groupbuy.residentId')}</span>
              <Input
                value={residentId}
                onChange={(v) => setResidentId(v.replace(/[^\dxX]/g, '').slice(0, 18))}
                maxLength={18}
                placeholder={t('groupbuy.residentIdPlaceholder')}
                data-testid="gb-resident-id"
              />
            </div>
            {fieldError?.field === 'residentId' ? (
              <div className="gb-field-error">{fieldError.message}</div>
            ) : residentId.length === 18 && idHint ? (
              <div className="gb-field-error">
                {t(idHint === 'format' ? 'groupbuy.idFormat' : 'groupbuy.idChecksum')}
              </div>
            ) : null}
          </div>
        ) : null}
        {taxFen > 0 ? (
          <div className="gb-row">
            <span>{t('groupbuy.importTax')}</span>
            <span>{formatFen(taxFen)}</span>
          </div>
        ) : null}
        <div className="gb-row gb-total">
          <span>{t('groupbuy.payable')}</span>
          <Price fen={totalFen} size="md" />
        </div>
        <Button
          block
          color="primary"
          shape="rounded"
          className="gb-submit"
          loading={stage !== 'idle'}
          loadingText={stage === 'redirecting' ? t('checkout.redirecting') : t('checkout.submitting')}
          onClick={submit}
          data-testid="gb-submit"
        >
          {joining
            ? t('groupbuy.submitJoin')
            : totalFen === 0
              ? t('groupbuy.free')
              : t('groupbuy.submitOpen')}
        </Button>
      </Popup>
      <AddressSheets state={delivery} />
    </>
  )
}
