import { FireFill, RightOutline } from 'antd-mobile-icons'
import { Link } from 'react-router-dom'
import { useI18n } from '../i18n'
import '../flashsale.css'

/** The home page's way into the flash sale. */
export function FlashSaleHomeEntry() {
  const { t } = useI18n()
  return (
    <Link to="/flash-sale" className="card fs-home-entry" data-testid="fs-home-entry">
      <FireFill fontSize={22} color="var(--brand)" />
      <b>{t('flashsale.title')}</b>
      <span>{t('flashsale.entryHint')}</span>
      <RightOutline className="muted" />
    </Link>
  )
}
