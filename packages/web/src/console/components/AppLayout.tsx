import {
  AccountBookOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AreaChartOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DownOutlined,
  EnvironmentOutlined,
  GiftOutlined,
  GlobalOutlined,
  LinkOutlined,
  LogoutOutlined,
  MoneyCollectOutlined,
  NodeIndexOutlined,
  SafetyCertificateOutlined,
  ScissorOutlined,
  SettingOutlined,
  ShareAltOutlined,
  ShopOutlined,
  ShoppingOutlined,
  TagOutlined,
  TagsOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TrophyOutlined,
  UserAddOutlined,
  WalletOutlined,
} from '@ant-design/icons'
import { Avatar, Dropdown, Layout, Menu, Segmented, Spin } from 'antd'
import { Suspense, useEffect } from 'react'
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom'
import { api } from '../api'
import { useShopSettings } from '../hooks'
import { tr, useI18n } from '../i18n'
import { session, useSession } from '../session'
import { urls } from '../urls'

const { Sider, Header, Content } = Layout

/** The signed-in frame: side menu, top bar, and the page. */
export function AppLayout() {
  const { t, lang, setLang } = useI18n()
  const { token, staff } = useSession()
  const navigate = useNavigate()
  const loc = useLocation()
  const shop = useShopSettings()

  useEffect(() => {
    if (!token) return
    api.me().then(session.staff, () => undefined)
  }, [token])

  if (!token) return <Navigate to={urls.login(loc.pathname + loc.search)} replace />

  const section = `/${loc.pathname.split('/')[1] ?? ''}`
  const items = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard') },
    {
      type: 'group' as const,
      label: t('an.nav'),
      children: [
        { key: '/analytics', icon: <AreaChartOutlined />, label: t('an.nav.dashboard') },
        { key: '/cascades', icon: <NodeIndexOutlined />, label: t('an.nav.cascades') },
      ],
    },
    {
      type: 'group' as const,
      label: t('nav.groupGoods'),
      children: [
        { key: '/products', icon: <ShoppingOutlined />, label: t('nav.products') },
        { key: '/categories', icon: <TagsOutlined />, label: t('nav.categories') },
        { key: '/inventory', icon: <DatabaseOutlined />, label: t('nav.inventory') },
      ],
    },
    {
      type: 'group' as const,
      label: t('nav.groupTrade'),
      children: [
        { key: '/orders', icon: <AppstoreOutlined />, label: t('nav.orders') },
        { key: '/after-sales', icon: <CustomerServiceOutlined />, label: t('nav.afterSales') },
        { key: '/flash-sales', icon: <ThunderboltOutlined />, label: t('flashsale.nav') },
        { key: '/deals', icon: <TeamOutlined />, label: t('groupbuy.nav') },
        { key: '/bargains', icon: <ScissorOutlined />, label: t('bargain.nav') },
        { key: '/ledger', icon: <AccountBookOutlined />, label: t('nav.ledger') },
        { key: '/luckydraw', icon: <GiftOutlined />, label: t('luckydraw.nav') },
        { key: '/coupons', icon: <TagOutlined />, label: t('coupon.nav') },
      ],
    },
    {
      type: 'group' as const,
      label: t('dist.nav'),
      children: [
        { key: '/distribution', icon: <ShareAltOutlined />, label: t('dist.nav.program') },
        { key: '/promoters', icon: <UserAddOutlined />, label: t('dist.nav.promoters') },
        { key: '/customer-binding', icon: <LinkOutlined />, label: t('dist.nav.binding') },
        { key: '/commissions', icon: <MoneyCollectOutlined />, label: t('dist.nav.commissions') },
        { key: '/commission-review', icon: <SafetyCertificateOutlined />, label: t('dist.nav.review') },
        { key: '/withdrawals', icon: <WalletOutlined />, label: t('dist.nav.withdrawals') },
        { key: '/staff-selling', icon: <ApartmentOutlined />, label: t('dist.nav.staff') },
        { key: '/leaderboards', icon: <TrophyOutlined />, label: t('dist.nav.leaderboards') },
      ],
    },
    {
      type: 'group' as const,
      label: t('cm.nav'),
      children: [
        { key: '/community-leaders', icon: <EnvironmentOutlined />, label: t('cm.nav.leaders') },
        { key: '/community-campaigns', icon: <ShopOutlined />, label: t('cm.nav.campaigns') },
      ],
    },
    {
      type: 'group' as const,
      label: t('nav.groupShop'),
      children: [
        { key: '/staff', icon: <TeamOutlined />, label: t('nav.staff') },
        { key: '/settings', icon: <SettingOutlined />, label: t('nav.settings') },
      ],
    },
  ]

  const logout = async () => {
    try {
      await api.logout()
    } catch {
      /* the local session ends either way */
    }
    session.signedOut()
    navigate(urls.login(), { replace: true })
  }

  return (
    <Layout className="console-layout">
      <Sider width={208} theme="dark" className="console-sider" breakpoint="lg" collapsedWidth={64}>
        <div className="console-logo">
          <span className="console-logo-mark">裂</span>
          <span className="console-logo-text">
            {t('app.name')} <small>{t('app.console')}</small>
          </span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[section]}
          items={items}
          onClick={(e) => navigate(e.key)}
        />
      </Sider>
      <Layout>
        <Header className="console-header">
          <div className="console-header-shop">
            <ShopOutlined /> <b>{shop.data?.name ?? session.get().shop}</b>
            <a
              href={`/?shop=${encodeURIComponent(session.get().shop)}`}
              target="_blank"
              rel="noreferrer"
              className="console-header-link"
            >
              {t('nav.storefront')}
            </a>
          </div>
          <div className="console-header-right">
            <Segmented
              size="small"
              value={lang}
              onChange={(v) => setLang(v as typeof lang)}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'EN', icon: <GlobalOutlined /> },
              ]}
            />
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('common.logout'),
                    onClick: () => void logout(),
                  },
                ],
              }}
            >
              <span className="console-user" data-testid="console-user">
                <Avatar size="small" style={{ background: '#ff4d2e' }}>
                  {[...(staff?.name ?? '?')][0]}
                </Avatar>
                <span>{staff?.name}</span>
                <span className="muted">{staff ? tr(t, 'role', staff.role) : ''}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </span>
            </Dropdown>
          </div>
        </Header>
        <Content className="console-content">
          <Suspense
            fallback={
              <div className="console-loading">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  )
}
