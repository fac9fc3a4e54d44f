import { List } from 'antd-mobile'
import { EnvironmentOutline, ShopbagOutline, TeamOutline } from 'antd-mobile-icons'
import { useNavigate } from 'react-router-dom'
import { useResource } from '../../shared/useResource'
import { communityApi } from '../communityApi'
import { useI18n } from '../i18n'
import { useSession } from '../session'

/** The Me page's lines to community buying: pickup point, my pickups, and the workbench for leaders. */
export function CommunityMeItems() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { token } = useSession()
  const chosen = useResource(token ? `cm-chosen:${token}` : null, () => communityApi.chosen())
  const me = useResource(token ? `cm-leader-me:${token}` : null, () => communityApi.leaderMe())
  return (
    <>
      <List.Item
        prefix={<EnvironmentOutline />}
        extra={chosen.data?.pickupPoint?.name}
        onClick={() => navigate('/community/points')}
        data-testid="community-points"
      >
        {t('community.entry.points')}
      </List.Item>
      {token ? (
        <List.Item
          prefix={<ShopbagOutline />}
          onClick={() => navigate('/community/pickups')}
          data-testid="community-pickups"
        >
          {t('community.entry.pickups')}
        </List.Item>
      ) : null}
      {me.data?.leader?.status === 'active' ? (
        <List.Item
          prefix={<TeamOutline />}
          onClick={() => navigate('/community/leader')}
          data-testid="community-leader"
        >
          {t('community.entry.leader')}
        </List.Item>
      ) : null}
    </>
  )
}
