import { ActionSheet, Dialog, List, Toast } from 'antd-mobile'
import {
  BillOutline,
  ClockCircleOutline,
  GlobalOutline,
  LocationOutline,
  PhoneFill,
  ReceiptOutline,
  TruckOutline,
  UndoOutline,
} from 'antd-mobile-icons'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { LANGS } from '../../shared/i18n'
import { api } from '../api'
import { setCartCount } from '../cartCount'
import { MyBargainsItem } from '../components/BargainEntry'
import { MyGroupsItem } from '../components/GroupBuyEntry'
import { MyPrizesItem } from '../components/LuckyDrawEntry'
import { PromoterCenterItem } from '../components/PromoterEntry'
import { useMe, useShop } from '../hooks'
import { useI18n } from '../i18n'
import { session, useSession } from '../session'
import { CommunityMeItems } from './CommunityEntry'

export default function Me() {
  const { t, lang, setLang } = useI18n()
  const navigate = useNavigate()
  const { token, shopper: cached } = useSession()
  const me = useMe()
  const shop = useShop()
  const shopper = me.data ?? cached
  const [langOpen, setLangOpen] = useState(false)

  const editNickname = async () => {
    let value = shopper?.nickname ?? ''
    const ok = await Dialog.confirm({
      title: t('me.editNickname'),
      content: (
        <input
          className="dialog-input"
          defaultValue={value}
          maxLength={30}
          onChange={(e) => (value = e.target.value)}
        />
      ),
      confirmText: t('common.save'),
      cancelText: t('common.cancel'),
    })
    if (!ok || !value.trim()) return
    try {
      const s = await api.updateMe(value.trim())
      session.profile(s)
      me.setData(s)
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    }
  }

  const logout = async () => {
    if (
      !(await Dialog.confirm({
        content: t('me.logoutConfirm'),
        confirmText: t('me.logout'),
        cancelText: t('common.cancel'),
      }))
    )
      return
    try {
      await api.logout()
    } catch {
      /* the local session ends either way */
    }
    session.signedOut()
    setCartCount(0)
  }

  const shortcuts = [
    { status: 'pending_payment', label: t('status.pending_payment'), icon: <ClockCircleOutline /> },
    { status: 'paid', label: t('status.paid'), icon: <ReceiptOutline /> },
    { status: 'shipped', label: t('status.shipped'), icon: <TruckOutline /> },
    { status: 'refunded', label: t('me.refunds'), icon: <UndoOutline /> },
  ]

  return (
    <div className="me-page">
      <div className="me-hero">
        {token && shopper ? (
          <button type="button" className="row-btn me-profile" onClick={editNickname}>
            <span className="me-avatar">
              {shopper.avatarUrl ? (
                <img src={shopper.avatarUrl} alt="" />
              ) : (
                [...(shopper.nickname || '友')][0]
              )}
            </span>
            <span>
              <span className="me-name" data-testid="me-nickname">
                {shopper.nickname}
              </span>
              <span className="me-phone">{shopper.phone}</span>
            </span>
          </button>
        ) : (
          <Link to="/login?redirect=/me" className="me-profile" data-testid="me-login">
            <div className="me-avatar">?</div>
            <div>
              <div className="me-name">{t('me.login')}</div>
              <div className="me-phone">{t('me.loginHint')}</div>
            </div>
          </Link>
        )}
      </div>
      <div className="card me-orders">
        <div className="me-orders-head">
          <b>{t('me.orders')}</b>
          <Link to="/orders" className="muted">
            {t('me.allOrders')} ›
          </Link>
        </div>
        <div className="me-shortcuts">
          {shortcuts.map((s) => (
            <Link key={s.status} to={`/orders?status=${s.status}`} className="me-shortcut">
              {s.icon}
              <span className="me-shortcut-label">{s.label}</span>
            </Link>
          ))}
        </div>
      </div>
      <List className="card me-list">
        <List.Item prefix={<BillOutline />} onClick={() => navigate('/orders')}>
          {t('me.allOrders')}
        </List.Item>
        <MyGroupsItem />
        <MyBargainsItem />
        <List.Item prefix={<LocationOutline />} onClick={() => navigate('/addresses')}>
          {t('me.addresses')}
        </List.Item>
        <MyPrizesItem />
        <PromoterCenterItem />
        <CommunityMeItems />
        <List.Item
          prefix={<GlobalOutline />}
          extra={t(`lang.${lang}`)}
          onClick={() => setLangOpen(true)}
          data-testid="language"
        >
          {t('me.language')}
        </List.Item>
        {shop.data?.servicePhone ? (
          <List.Item
            prefix={<PhoneFill />}
            extra={shop.data.servicePhone}
            onClick={() => (window.location.href = `tel:${shop.data?.servicePhone}`)}
          >
            {t('me.service')}
          </List.Item>
        ) : null}
      </List>
      {token ? (
        <div className="me-logout">
          <button type="button" onClick={logout} data-testid="logout">
            {t('me.logout')}
          </button>
        </div>
      ) : null}
      <ActionSheet
        visible={langOpen}
        onClose={() => setLangOpen(false)}
        cancelText={t('common.cancel')}
        actions={LANGS.map((l) => ({
          key: l,
          text: t(`lang.${l}`),
          bold: l === lang,
          onClick: () => {
            setLang(l)
            setLangOpen(false)
          },
        }))}
      />
    </div>
  )
}
