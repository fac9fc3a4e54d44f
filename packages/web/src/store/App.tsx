import { ConfigProvider } from 'antd-mobile'
import enUS from 'antd-mobile/es/locales/en-US'
import zhCN from 'antd-mobile/es/locales/zh-CN'
import { lazy, Suspense } from 'react'
import { Route, Routes } from 'react-router-dom'
import { RequireLogin, TabLayout } from './components/Layout'
import { PageLoading } from './components/States'
import { useI18n } from './i18n'
import Home from './pages/Home'
import { usePageViews } from './tracking'

const CategoryPage = lazy(() => import('./pages/Category'))
const SearchPage = lazy(() => import('./pages/Search'))
const ProductDetail = lazy(() => import('./pages/ProductDetail'))
const CartPage = lazy(() => import('./pages/Cart'))
const Checkout = lazy(() => import('./pages/Checkout'))
const Orders = lazy(() => import('./pages/Orders'))
const OrderDetail = lazy(() => import('./pages/OrderDetail'))
const Login = lazy(() => import('./pages/Login'))
const Me = lazy(() => import('./pages/Me'))
const Addresses = lazy(() => import('./pages/Addresses'))
const Deals = lazy(() => import('./pages/Deals'))
const GroupPage = lazy(() => import('./pages/GroupPage'))
const MyGroups = lazy(() => import('./pages/MyGroups'))
const ShareOpen = lazy(() => import('./pages/ShareOpen'))
const BargainPage = lazy(() => import('./pages/BargainPage'))
const MyBargains = lazy(() => import('./pages/MyBargains'))
const LuckyDraw = lazy(() => import('./pages/LuckyDraw'))
const LuckyDrawIndex = lazy(() => import('./pages/LuckyDraw').then((m) => ({ default: m.LuckyDrawIndex })))
const MyPrizes = lazy(() => import('./pages/MyPrizes'))
const FlashSale = lazy(() => import('./pages/FlashSale'))
const PromoterCenter = lazy(() => import('./pages/PromoterCenter'))
const CommunityPoints = lazy(() => import('./pages/CommunityPoints'))
const CommunityCampaign = lazy(() => import('./pages/CommunityCampaign'))
const CommunityPickups = lazy(() => import('./pages/CommunityPickups'))
const CommunityLeader = lazy(() => import('./pages/CommunityLeader'))
const NotFound = lazy(() => import('./pages/NotFound'))

export function App() {
  const { lang } = useI18n()
  usePageViews()
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <div className="app-shell">
        <Suspense fallback={<PageLoading />}>
          <Routes>
            <Route element={<TabLayout />}>
              <Route index element={<Home />} />
              <Route path="category" element={<CategoryPage />} />
              <Route
                path="cart"
                element={
                  <RequireLogin>
                    <CartPage />
                  </RequireLogin>
                }
              />
              <Route path="me" element={<Me />} />
            </Route>
            <Route path="search" element={<SearchPage />} />
            <Route path="flash-sale" element={<FlashSale />} />
            <Route path="products/:id" element={<ProductDetail />} />
            <Route
              path="checkout"
              element={
                <RequireLogin>
                  <Checkout />
                </RequireLogin>
              }
            />
            <Route
              path="orders"
              element={
                <RequireLogin>
                  <Orders />
                </RequireLogin>
              }
            />
            <Route
              path="orders/:id"
              element={
                <RequireLogin>
                  <OrderDetail />
                </RequireLogin>
              }
            />
            <Route
              path="addresses"
              element={
                <RequireLogin>
                  <Addresses />
                </RequireLogin>
              }
            />
            <Route path="deals" element={<Deals />} />
            <Route path="groups/:id" element={<GroupPage />} />
            <Route path="s/:token" element={<ShareOpen />} />
            <Route path="bargains/:id" element={<BargainPage />} />
            <Route
              path="me/bargains"
              element={
                <RequireLogin>
                  <MyBargains />
                </RequireLogin>
              }
            />
            <Route
              path="me/groups"
              element={
                <RequireLogin>
                  <MyGroups />
                </RequireLogin>
              }
            />
            <Route
              path="luckydraw"
              element={
                <RequireLogin>
                  <LuckyDrawIndex />
                </RequireLogin>
              }
            />
            <Route
              path="luckydraw/:id"
              element={
                <RequireLogin>
                  <LuckyDraw />
                </RequireLogin>
              }
            />
            <Route
              path="me/prizes"
              element={
                <RequireLogin>
                  <MyPrizes />
                </RequireLogin>
              }
            />
            <Route path="promoter" element={<PromoterCenter />} />
            <Route path="community/points" element={<CommunityPoints />} />
            <Route path="community/c/:campaignId" element={<CommunityCampaign />} />
            <Route
              path="community/pickups"
              element={
                <RequireLogin>
                  <CommunityPickups />
                </RequireLogin>
              }
            />
            <Route
              path="community/leader"
              element={
                <RequireLogin>
                  <CommunityLeader />
                </RequireLogin>
              }
            />
            <Route path="login" element={<Login />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </div>
    </ConfigProvider>
  )
}
