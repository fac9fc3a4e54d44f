import { List } from 'antd-mobile'
import { PayCircleOutline } from 'antd-mobile-icons'
import { useNavigate } from 'react-router-dom'
import { useI18n } from '../i18n'

/** The Me page's line to 推广中心. */
export function PromoterCenterItem() {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <List.Item
      prefix={<PayCircleOutline />}
      extra={t('promoter.entryActive')}
      onClick={() => navigate('/promoter')}
      data-testid="promoter-center"
    >
      {t('promoter.entry')}
    </List.Item>
  )
}
