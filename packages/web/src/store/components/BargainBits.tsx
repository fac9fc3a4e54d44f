import { ApiError } from '../../shared/api'
import { formatFen } from '../../shared/money'
import { cutPercent } from '../bargain'
import type { BargainHelper, BargainView } from '../bargainApi'
import type { StoreKey } from '../i18n'
import { useI18n } from '../i18n'
import { Img } from './Img'

/** A coded bargain refusal in the shopper's words; anything else as the server said it. */
export function bargainErrorText(err: unknown, t: (k: StoreKey) => string): string {
  if (err instanceof ApiError) {
    const key = `bargain.error.${err.code}` as StoreKey
    const text = t(key)
    return text === key ? err.message : text
  }
  return (err as Error).message
}

/** The bar from the start price to the floor, with the reached price marked on it. */
export function PriceBar({
  b,
}: {
  b: Pick<BargainView, 'startPriceFen' | 'floorPriceFen' | 'currentPriceFen'>
}) {
  const { t } = useI18n()
  const pct = cutPercent(b)
  return (
    <div className="bargain-bar" data-testid="bargain-bar">
      <div className="bargain-bar-track">
        <div className="bargain-bar-fill" style={{ width: `${pct}%` }} />
        <div className="bargain-bar-marker" style={{ left: `${pct}%` }} data-testid="bargain-current">
          {formatFen(b.currentPriceFen)}
        </div>
      </div>
      <div className="bargain-bar-ends">
        <span>
          {t('bargain.start')} {formatFen(b.startPriceFen)}
        </span>
        <span>
          {t('bargain.floor')} {formatFen(b.floorPriceFen)}
        </span>
      </div>
    </div>
  )
}

export function HelperAvatar({ name, src }: { name: string; src: string | null }) {
  return (
    <span className="bargain-avatar">
      {src ? <Img src={src} alt={name} /> : <span>{[...name][0] ?? '?'}</span>}
    </span>
  )
}

/** Who helped and how much each cut. */
export function HelperList({ helpers }: { helpers: BargainHelper[] }) {
  const { t } = useI18n()
  if (!helpers.length) return <div className="muted bargain-empty">{t('bargain.noHelpers')}</div>
  return (
    <ul className="bargain-helpers" data-testid="bargain-helpers">
      {helpers.map((h, i) => (
        <li key={`${h.at}-${i}`} data-testid="bargain-helper">
          <HelperAvatar name={h.nickname} src={h.avatarUrl} />
          <span className="bargain-helper-name">
            {h.me ? t('bargain.you') : h.nickname}
            {h.newCustomer ? <span className="bargain-new">{t('bargain.newCustomer')}</span> : null}
          </span>
          <span className="bargain-helper-cut">
            {t('bargain.helperCut', { amount: formatFen(h.cutFen) })}
          </span>
        </li>
      ))}
    </ul>
  )
}
