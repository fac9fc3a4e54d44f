import { Badge, NavBar, TabBar } from 'antd-mobile'
import { AppOutline, AppstoreOutline, ShopbagOutline, UserOutline } from 'antd-mobile-icons'
import type { ReactNode } from 'react'
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom'
import { useCartCount } from '../cartCount'
import { useI18n } from '../i18n'
import { useSession } from '../session'

/** Pages with the bottom tab bar: 首页 / 分类 / 购物车 / 我的. */
export function TabLayout() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const count = useCartCount()
  const tabs = [
    { key: '/', title: t('tab.home'), icon: <AppOutline /> },
    { key: '/category', title: t('tab.category'), icon: <AppstoreOutline /> },
    {
      key: '/cart',
      title: t('tab.cart'),
      icon: (
        <Badge content={count > 0 ? (count > 99 ? '99+' : count) : null}>
          <ShopbagOutline />
        </Badge>
      ),
    },
    { key: '/me', title: t('tab.me'), icon: <UserOutline /> },
  ]
  const active = tabs.find((x) => x.key !== '/' && pathname.startsWith(x.key))?.key ?? '/'
  return (
    <div className="tab-page">
      <div className="tab-page-body">
        <Outlet />
      </div>
      <div className="tab-bar">
        <TabBar activeKey={active} onChange={(k) => navigate(k)} safeArea>
          {tabs.map((x) => (
            <TabBar.Item key={x.key} icon={x.icon} title={x.title} />
          ))}
        </TabBar>
      </div>
    </div>
  )
}

/** A page with a title bar and a back arrow. */
export function Page({
  title,
  children,
  right,
  back = true,
  className,
}: {
  title: ReactNode
  children: ReactNode
  right?: ReactNode
  back?: boolean
  className?: string
}) {
  const navigate = useNavigate()
  return (
    <div className={`page ${className ?? ''}`}>
      <NavBar
        className="page-nav"
        back={back ? '' : null}
        backIcon={back}
        right={right}
        onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}
      >
        {title}
      </NavBar>
      <div className="page-body">{children}</div>
    </div>
  )
}

/** Sends a signed-out shopper to the sign-in page and back here afterwards. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const { token } = useSession()
  const loc = useLocation()
  if (!token)
    return <Navigate to={`/login?redirect=${encodeURIComponent(loc.pathname + loc.search)}`} replace />
  return <>{children}</>
}
