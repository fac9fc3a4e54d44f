import { Card, Tag } from 'antd'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { Money, PageHead, Thumb } from '../components/bits'
import { DealForm } from '../components/DealForm'
import { bpText, DealStatusTag } from '../components/GroupBuyBits'
import { CreateButton, ResourceTable } from '../components/ResourceTable'
import { type DealWithStats, groupBuyApi, groupBuyUrls } from '../groupbuyApi'
import { useI18n } from '../i18n'

/** 拼团活动: every deal with its numbers; create from here. */
export default function Deals() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [sp, setSp] = useSearchParams()
  const creating = sp.get('create') === '1'
  const deals = useResource('console-deals', () => groupBuyApi.deals())

  return (
    <div>
      <PageHead
        title={t('groupbuy.deals')}
        sub={t('groupbuy.dealsSub')}
        extra={
          <CreateButton onClick={() => setSp({ create: '1' })} testId="deal-create">
            {t('groupbuy.create')}
          </CreateButton>
        }
      />
      <Card>
        <ResourceTable<DealWithStats>
          resource={deals}
          rows={deals.data?.items}
          scroll={{ x: 1200 }}
          emptyText={t('groupbuy.empty')}
          rowTestId="deal-row"
          rowData={(d) => ({ 'data-deal-id': d.id })}
          onOpen={(d) => navigate(groupBuyUrls.deal(d.id))}
          columns={[
            {
              title: t('groupbuy.deal'),
              render: (_, d) => (
                <div className="cell-product">
                  <Thumb src={d.imageUrl} alt={d.productTitle} size={40} />
                  <span>
                    <Link
                      to={groupBuyUrls.deal(d.id)}
                      className="cell-title"
                      onClick={(e) => e.stopPropagation()}
                    >
                      {d.title || d.productTitle}
                    </Link>
                    <span className="cell-sub">
                      <Tag>{t(`groupbuy.type.${d.type}`)}</Tag>
                      {d.specLabel}
                    </span>
                  </span>
                </div>
              ),
            },
            {
              title: t('groupbuy.groupPrice'),
              width: 150,
              align: 'right',
              render: (_, d) => (
                <span>
                  <Money fen={d.groupPriceFen} strong /> <span className="muted">· {d.groupSize}</span>
                  <div className="cell-sub">
                    <s>{formatFen(d.singlePriceFen)}</s>
                  </div>
                </span>
              ),
            },
            {
              title: t('groupbuy.stats.groupsOpened'),
              width: 90,
              align: 'right',
              render: (_, d) => d.stats.groupsOpened,
            },
            {
              title: t('groupbuy.stats.succeeded'),
              width: 90,
              align: 'right',
              render: (_, d) => d.stats.succeeded,
            },
            {
              title: t('groupbuy.stats.failed'),
              width: 90,
              align: 'right',
              render: (_, d) => d.stats.failed,
            },
            {
              title: t('groupbuy.stats.successRate'),
              width: 90,
              align: 'right',
              render: (_, d) => bpText(d.stats.successRateBp),
            },
            {
              title: t('groupbuy.stats.members'),
              width: 90,
              align: 'right',
              render: (_, d) => d.stats.members,
            },
            {
              title: t('groupbuy.stats.gmv'),
              width: 120,
              align: 'right',
              render: (_, d) => <Money fen={d.stats.gmvFen} />,
            },
            {
              title: t('common.status'),
              width: 90,
              render: (_, d) => <DealStatusTag status={d.status} />,
            },
            {
              title: t('groupbuy.period'),
              width: 170,
              render: (_, d) => (
                <span className="cell-sub">
                  {formatDateTime(d.startsAt)}
                  <br />
                  {formatDateTime(d.endsAt)}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <DealForm
        open={creating}
        onClose={() => setSp({})}
        onSaved={(d) => {
          setSp({})
          void deals.reload()
          navigate(groupBuyUrls.deal(d.id))
        }}
      />
    </div>
  )
}
