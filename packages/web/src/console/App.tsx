import { App as AntApp, ConfigProvider, theme } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { lazy, Suspense, useEffect } from 'react'
import { Route, Routes } from 'react-router-dom'
import { AppLayout } from './components/AppLayout'
import { useI18n } from './i18n'
import Login from './pages/Login'

const Dashboard = lazy(() => import('./pages/Dashboard'))
const Products = lazy(() => import('./pages/Products'))
const ProductEdit = lazy(() => import('./pages/ProductEdit'))
const Categories = lazy(() => import('./pages/Categories'))
const Inventory = lazy(() => import('./pages/Inventory'))
const Orders = lazy(() => import('./pages/Orders'))
const OrderDetail = lazy(() => import('./pages/OrderDetail'))
const AfterSales = lazy(() => import('./pages/AfterSales'))
const Staff = lazy(() => import('./pages/Staff'))
const Settings = lazy(() => import('./pages/Settings'))
const Ledger = lazy(() => import('./pages/Ledger'))
const Deals = lazy(() => import('./pages/Deals'))
const DealDetail = lazy(() => import('./pages/DealDetail'))
const GroupDetail = lazy(() => import('./pages/GroupDetail'))
const BargainOffers = lazy(() => import('./pages/BargainOffers'))
const LuckyDraws = lazy(() => import('./pages/LuckyDraws'))
const FlashSales = lazy(() => import('./pages/FlashSales'))
const DistributionProgram = lazy(() => import('./pages/DistributionProgram'))
const DistributionPromoters = lazy(() => import('./pages/DistributionPromoters'))
const DistributionBinding = lazy(() => import('./pages/DistributionBinding'))
const DistributionCommissions = lazy(() => import('./pages/DistributionCommissions'))
const DistributionReview = lazy(() => import('./pages/DistributionReview'))
const DistributionWithdrawals = lazy(() => import('./pages/DistributionWithdrawals'))
const DistributionStaff = lazy(() => import('./pages/DistributionStaff'))
const DistributionLeaderboards = lazy(() => import('./pages/DistributionLeaderboards'))
const Analytics = lazy(() => import('./pages/Analytics'))
const AnalyticsCascades = lazy(() => import('./pages/AnalyticsCascades'))
const CouponTemplates = lazy(() => import('./pages/CouponTemplates'))
const CommunityLeaders = lazy(() => import('./pages/CommunityLeaders'))
const CommunityCampaigns = lazy(() => import('./pages/CommunityCampaigns'))
const CommunityCampaign = lazy(() => import('./pages/CommunityCampaign'))
const NotFound = lazy(() => import('./pages/NotFound'))

export function ConsoleApp() {
  const { lang } = useI18n()
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn')
  }, [lang])
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#ff4d2e',
          borderRadius: 6,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
        },
        components: {
          Layout: { siderBg: '#141a2e', headerBg: '#fff' },
          Menu: { darkItemBg: '#141a2e', darkSubMenuItemBg: '#141a2e', darkItemSelectedBg: '#ff4d2e' },
        },
      }}
    >
      <AntApp>
        <Suspense fallback={null}>
          <Routes>
            <Route path="login" element={<Login />} />
            <Route element={<AppLayout />}>
              <Route index element={<Dashboard />} />
              <Route path="products" element={<Products />} />
              <Route path="products/new" element={<ProductEdit />} />
              <Route path="products/:id" element={<ProductEdit />} />
              <Route path="categories" element={<Categories />} />
              <Route path="inventory" element={<Inventory />} />
              <Route path="orders" element={<Orders />} />
              <Route path="orders/:id" element={<OrderDetail />} />
              <Route path="after-sales" element={<AfterSales />} />
              <Route path="staff" element={<Staff />} />
              <Route path="settings" element={<Settings />} />
              <Route path="ledger" element={<Ledger />} />
              <Route path="luckydraw/:id?" element={<LuckyDraws />} />
              <Route path="flash-sales/:id?" element={<FlashSales />} />
              <Route path="deals" element={<Deals />} />
              <Route path="deals/:id" element={<DealDetail />} />
              <Route path="groups/:id" element={<GroupDetail />} />
              <Route path="bargains" element={<BargainOffers />} />
              <Route path="distribution" element={<DistributionProgram />} />
              <Route path="promoters" element={<DistributionPromoters />} />
              <Route path="customer-binding" element={<DistributionBinding />} />
              <Route path="commissions" element={<DistributionCommissions />} />
              <Route path="commission-review" element={<DistributionReview />} />
              <Route path="withdrawals" element={<DistributionWithdrawals />} />
              <Route path="staff-selling" element={<DistributionStaff />} />
              <Route path="leaderboards" element={<DistributionLeaderboards />} />
              <Route path="analytics" element={<Analytics />} />
              <Route path="cascades" element={<AnalyticsCascades />} />
              <Route path="coupons" element={<CouponTemplates />} />
              <Route path="community-leaders" element={<CommunityLeaders />} />
              <Route path="community-campaigns" element={<CommunityCampaigns />} />
              <Route path="community-campaigns/:id" element={<CommunityCampaign />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Suspense>
      </AntApp>
    </ConfigProvider>
  )
}
