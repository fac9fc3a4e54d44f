import { Button, Dialog, ErrorBlock, SwipeAction, Toast } from 'antd-mobile'
import { AddCircleOutline } from 'antd-mobile-icons'
import { useState } from 'react'
import { api } from '../api'
import { AddressCard, AddressForm } from '../components/AddressForm'
import { Page } from '../components/Layout'
import { PageError, PageLoading } from '../components/States'
import { useAddresses } from '../hooks'
import { useI18n } from '../i18n'

export default function Addresses() {
  const { t } = useI18n()
  const addresses = useAddresses()
  const [adding, setAdding] = useState(false)

  const remove = async (id: string) => {
    if (
      !(await Dialog.confirm({
        content: t('address.deleteConfirm'),
        confirmText: t('common.delete'),
        cancelText: t('common.cancel'),
      }))
    )
      return
    try {
      await api.deleteAddress(id)
      void addresses.reload()
    } catch (err) {
      Toast.show({ icon: 'fail', content: (err as Error).message })
    }
  }

  return (
    <Page title={t('address.title')}>
      {addresses.error && !addresses.data ? (
        <PageError error={addresses.error} onRetry={addresses.reload} />
      ) : !addresses.data ? (
        <PageLoading />
      ) : addresses.data.length === 0 ? (
        <ErrorBlock status="empty" title={t('address.empty')} description="" />
      ) : (
        <div className="card address-list">
          {addresses.data.map((a) => (
            <SwipeAction
              key={a.id}
              rightActions={[
                {
                  key: 'delete',
                  text: t('common.delete'),
                  color: 'danger',
                  onClick: () => void remove(a.id),
                },
              ]}
            >
              <AddressCard a={a} />
            </SwipeAction>
          ))}
        </div>
      )}
      <div className="action-bar-space" />
      <div className="submit-bar">
        <Button block color="primary" shape="rounded" onClick={() => setAdding(true)}>
          <AddCircleOutline /> {t('checkout.addAddress')}
        </Button>
      </div>
      <AddressForm
        visible={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false)
          void addresses.reload()
        }}
      />
    </Page>
  )
}
