import { List } from 'antd-mobile'
import { GiftOutline, RightOutline } from 'antd-mobile-icons'
import { Link, useNavigate } from 'react-router-dom'
import { useI18n } from '../i18n'
import '../luckydraw.css'

/** The home page's small way into the lucky draw. */
export function LuckyDrawHomeEntry() {
  const { t } = useI18n()
  return (
    <Link to="/luckydraw" className="card ld-home-entry" data-testid="ld-home-entry">
      <GiftOutline fontSize={22} color="var(--brand)" />
      <b>{t('luckydraw.title')}</b>
      <span>{t('luckydraw.entryHint')}</span>
      <RightOutline className="muted" />
    </Link>
  )
}

/** The Me page's line to 我的奖品. */
export function MyPrizesItem() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <List.Item prefix={<GiftOutline />} onClick={() => navigate('/me/prizes')} data-testid="ld-my-prizes">
      {t('luckydraw.myPrizes')}
    </List.Item>
  )
}
