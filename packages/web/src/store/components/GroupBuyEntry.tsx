import { List } from 'antd-mobile'
import { RightOutline, TeamOutline } from 'antd-mobile-icons'
import { Link, useNavigate } from 'react-router-dom'
import '../groupbuy.css'
import { useI18n } from '../i18n'

/** The home page's way into 拼团专区. */
export function GroupBuyHomeEntry() {
  const { t } = useI18n()
  return (
    <Link to="/deals" className="card gb-home-entry" data-testid="gb-home-entry">
      <TeamOutline fontSize={22} color="var(--brand)" />
      <b>{t('groupbuy.zone')}</b>
      <span>{t('groupbuy.zoneHint')}</span>
      <RightOutline className="muted" />
    </Link>
  )
}

/** The Me page's line to 我的拼团. */
export function MyGroupsItem() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <List.Item prefix={<TeamOutline />} onClick={() => navigate('/me/groups')} data-testid="gb-my-groups">
      {t('groupbuy.mine')}
    </List.Item>
  )
}
