import { Card, Descriptions, Empty, Space, Tag } from 'antd'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { useI18n } from '../i18n'
import { type CommissionStatus, referralApi } from '../referralApi'

const statusColor: Record<CommissionStatus, string> = {
  frozen: 'blue',
  settled: 'green',
  void: 'default',
  clawed: 'orange',
}

/** Who brought an order in, who the buyer is bound to now and why, and what the order pays in commission. */
export function OrderReferral({ orderId }: { orderId: string }) {
  const { t } = useI18n()
  const { data } = useResource(`order-referral:${orderId}`, () => referralApi.ofOrder(orderId))
  if (!data) return null
  const { referredBy, binding, commissions } = data
  return (
    <Card title={t('referral.title')} className="form-card" data-testid="order-referral">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('referral.by')}>
          {referredBy ? (
            <Space>
              {referredBy.promoterName ?? referredBy.promoterId.slice(0, 8)}
              {referredBy.newCustomer ? <Tag color="gold">{t('referral.newCustomer')}</Tag> : null}
            </Space>
          ) : (
            <span className="muted">{t('referral.none')}</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('referral.binding')}>
          {binding ? binding.promoterNickname : <span className="muted">{t('referral.unbound')}</span>}
        </Descriptions.Item>
        {binding ? (
          <>
            <Descriptions.Item label={t('referral.why')}>{binding.reasonText}</Descriptions.Item>
            <Descriptions.Item label={t('referral.boundAt')}>
              {formatDateTime(binding.boundAt)}
            </Descriptions.Item>
            {binding.permanent ? (
              <Descriptions.Item label={t('referral.lockedUntil')}>
                {t('referral.permanent')}
              </Descriptions.Item>
            ) : binding.lockedUntil ? (
              <Descriptions.Item label={t('referral.lockedUntil')}>
                {formatDateTime(binding.lockedUntil)}
              </Descriptions.Item>
            ) : null}
          </>
        ) : null}
      </Descriptions>
      {referredBy ? (
        <div style={{ marginTop: 12 }}>
          <div className="muted" style={{ marginBottom: 4 }}>
            {t('referral.commissions')}
          </div>
          {commissions.length ? (
            commissions.map((c) => (
              <div key={c.id} style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <span>
                  {t('referral.level', { n: c.level })} · {c.promoterName ?? c.promoterId.slice(0, 8)}
                </span>
                <Space size={4}>
                  <b>{formatFen(c.amountFen)}</b>
                  <Tag color={statusColor[c.status]}>{t(`referral.status.${c.status}`)}</Tag>
                  {c.review === 'held' ? <Tag color="red">{t('referral.held')}</Tag> : null}
                  {c.clawedFen > 0 && c.status !== 'void' ? (
                    <span className="muted">{t('referral.clawed', { amount: formatFen(c.clawedFen) })}</span>
                  ) : null}
                </Space>
              </div>
            ))
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </div>
      ) : null}
    </Card>
  )
}
