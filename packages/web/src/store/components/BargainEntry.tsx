import { List } from 'antd-mobile'
import { FireFill } from 'antd-mobile-icons'
import { useNavigate } from 'react-router-dom'
import { useI18n } from '../i18n'

/** The Me page's line to 我的砍价. */
export function MyBargainsItem() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <List.Item prefix={<FireFill />} onClick={() => navigate('/me/bargains')} data-testid="my-bargains">
      {t('bargain.mine')}
    </List.Item>
  )
}
