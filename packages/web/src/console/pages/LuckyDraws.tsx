import { DownloadOutlined, EditOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { formatFen } from '../../shared/money'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { LoadError, PageHead } from '../components/bits'
import { LuckyDrawForm } from '../components/LuckyDrawForm'
import { CreateButton, ResourceTable } from '../components/ResourceTable'
import { useI18n } from '../i18n'
import {
  type Campaign,
  type CampaignAction,
  type CampaignStatus,
  type CampaignSummary,
  luckyDrawApi,
  luckyDrawUrls,
  type Winner,
} from '../luckydrawApi'

const statusColor: Record<CampaignStatus, string> = {
  draft: 'default',
  active: 'green',
  paused: 'gold',
  ended: 'purple',
}

function StatusTag({ status }: { status: CampaignStatus }) {
  const { t } = useI18n()
  return (
    <Tag color={statusColor[status]} data-status={status}>
      {t(`luckydraw.status.${status}`)}
    </Tag>
  )
}

const pct = (bp: number) => `${bp / 100}%`

/** 抽奖活动: the campaigns with their numbers; create from here; `/luckydraw/:id` shows one. */
export default function LuckyDraws() {
  const { id } = useParams()
  return id ? <CampaignDetail id={id} /> : <CampaignList />
}

function CampaignList() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [sp, setSp] = useSearchParams()
  const list = useResource('console-luckydraws', () => luckyDrawApi.list())
  return (
    <div>
      <PageHead
        title={t('luckydraw.campaigns')}
        sub={t('luckydraw.campaignsSub')}
        extra={
          <CreateButton onClick={() => setSp({ create: '1' })} testId="ld-create">
            {t('luckydraw.create')}
          </CreateButton>
        }
      />
      <Card>
        <ResourceTable<CampaignSummary>
          resource={list}
          rows={list.data}
          emptyText={t('luckydraw.empty')}
          rowTestId="ld-row"
          onOpen={(c) => navigate(luckyDrawUrls.campaign(c.id))}
          columns={[
            {
              title: t('luckydraw.titleField'),
              render: (_, c) => (
                <Link to={luckyDrawUrls.campaign(c.id)} onClick={(e) => e.stopPropagation()}>
                  {c.title}
                </Link>
              ),
            },
            {
              title: t('luckydraw.statusCol'),
              width: 100,
              render: (_, c) => <StatusTag status={c.status} />,
            },
            {
              title: t('luckydraw.window'),
              width: 300,
              render: (_, c) => `${formatDateTime(c.startsAt)} – ${formatDateTime(c.endsAt)}`,
            },
            { title: t('luckydraw.draws'), dataIndex: 'draws', width: 100, align: 'right' },
            { title: t('luckydraw.wins'), dataIndex: 'wins', width: 100, align: 'right' },
          ]}
        />
      </Card>
      <LuckyDrawForm
        open={sp.get('create') === '1'}
        onClose={() => setSp({})}
        onSaved={(c) => navigate(luckyDrawUrls.campaign(c.id))}
      />
    </div>
  )
}

const actionsFor: Record<CampaignStatus, CampaignAction[]> = {
  draft: ['publish', 'end'],
  active: ['pause', 'end'],
  paused: ['resume', 'end'],
  ended: [],
}

function CampaignDetail({ id }: { id: string }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [sp, setSp] = useSearchParams()
  const c = useResource(`console-luckydraw-${id}`, () => luckyDrawApi.get(id))
  const [cursor, setCursor] = useState<string | null>(null)
  const winners = useResource(`console-luckydraw-winners-${id}-${cursor ?? ''}`, () =>
    luckyDrawApi.winners(id, cursor),
  )
  const [busy, setBusy] = useState<string | null>(null)

  const act = async (action: CampaignAction) => {
    setBusy(action)
    try {
      c.setData(await luckyDrawApi.act(id, action))
      message.success(t(`luckydraw.done.${action}`))
    } catch (err) {
      message.error((err as Error).message)
    } finally {
      setBusy(null)
    }
  }
  const fulfil = async (w: Winner) => {
    try {
      await luckyDrawApi.fulfil(w.id)
      winners.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }
  const exportCsv = async () => {
    try {
      await luckyDrawApi.exportWinners(id)
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  if (!c.data) return c.error ? <LoadError error={c.error} onRetry={c.reload} /> : <Card loading />
  const d: Campaign = c.data
  const amountText = (kind: string, amount: number | null) =>
    kind === 'points'
      ? t('luckydraw.pointsN', { n: amount ?? 0 })
      : kind === 'coupon'
        ? formatFen(amount, { trimZeros: true })
        : '—'

  return (
    <div>
      <PageHead
        title={
          <Space>
            {d.title}
            <StatusTag status={d.status} />
          </Space>
        }
        sub={`${formatDateTime(d.startsAt)} – ${formatDateTime(d.endsAt)}`}
        extra={
          <Space>
            {d.status !== 'ended' ? (
              <Button icon={<EditOutlined />} onClick={() => setSp({ edit: '1' })} data-testid="ld-edit">
                {t('luckydraw.edit')}
              </Button>
            ) : null}
            {actionsFor[d.status].map((a) =>
              a === 'end' ? (
                <Popconfirm key={a} title={t('luckydraw.endConfirm')} onConfirm={() => act(a)}>
                  <Button danger loading={busy === a}>
                    {t(`luckydraw.action.${a}`)}
                  </Button>
                </Popconfirm>
              ) : (
                <Button
                  key={a}
                  type={a === 'publish' || a === 'resume' ? 'primary' : 'default'}
                  loading={busy === a}
                  onClick={() => act(a)}
                  data-testid={`ld-${a}`}
                >
                  {t(`luckydraw.action.${a}`)}
                </Button>
              ),
            )}
          </Space>
        }
      />
      <Row gutter={16}>
        {(
          [
            ['draws', d.figures.draws],
            ['drawers', d.figures.drawers],
            ['wins', d.figures.wins],
            ['winners', d.figures.winners],
          ] as const
        ).map(([k, v]) => (
          <Col span={6} key={k}>
            <Card>
              <Statistic title={t(`luckydraw.fig.${k}`)} value={v} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('luckydraw.pool')} style={{ marginTop: 16 }}>
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('luckydraw.dailyChances')}>{d.dailyChances}</Descriptions.Item>
          <Descriptions.Item label={t('luckydraw.shareDailyCap')}>{d.shareDailyCap}</Descriptions.Item>
          <Descriptions.Item label={t('luckydraw.inviteDailyCap')}>{d.inviteDailyCap}</Descriptions.Item>
          <Descriptions.Item label={t('luckydraw.inviteVisitChances')}>
            {d.inviteVisitChances}
          </Descriptions.Item>
          <Descriptions.Item label={t('luckydraw.inviteOrderChances')}>
            {d.inviteOrderChances}
          </Descriptions.Item>
        </Descriptions>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={[...d.prizes, null]}
          columns={[
            {
              title: t('luckydraw.prizeName'),
              render: (_, p) => (p ? p.name : t('luckydraw.noPrize')),
            },
            { title: t('luckydraw.kind'), render: (_, p) => (p ? t(`luckydraw.kind.${p.kind}`) : '') },
            { title: t('luckydraw.amount'), render: (_, p) => (p ? amountText(p.kind, p.amount) : '') },
            {
              title: t('luckydraw.probability'),
              align: 'right',
              render: (_, p) => (p ? pct(p.probabilityBp) : pct(d.noPrizeBp)),
            },
            {
              title: t('luckydraw.currentProbability'),
              align: 'right',
              render: (_, p) => (p ? pct(p.currentProbabilityBp) : pct(d.currentNoPrizeBp)),
            },
            {
              title: t('luckydraw.stockLeft'),
              width: 220,
              render: (_, p) =>
                p ? (
                  <Space>
                    <Progress
                      percent={p.stock ? Math.round((p.stockLeft / p.stock) * 100) : 0}
                      size="small"
                      showInfo={false}
                      style={{ width: 80 }}
                    />
                    {t('luckydraw.leftOf', { left: p.stockLeft, stock: p.stock, won: p.awarded })}
                  </Space>
                ) : null,
            },
          ]}
          rowClassName={(p) => (p ? '' : 'muted')}
        />
      </Card>
      <Card
        title={t('luckydraw.winners')}
        style={{ marginTop: 16 }}
        extra={
          <Button icon={<DownloadOutlined />} onClick={exportCsv} data-testid="ld-export">
            {t('luckydraw.export')}
          </Button>
        }
      >
        {winners.error ? <LoadError error={winners.error} onRetry={winners.reload} /> : null}
        <Table<Winner>
          rowKey="id"
          size="small"
          loading={winners.loading}
          dataSource={winners.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('luckydraw.noWinners') }}
          columns={[
            { title: t('luckydraw.wonAt'), width: 170, render: (_, w) => formatDateTime(w.createdAt) },
            { title: t('luckydraw.shopper'), render: (_, w) => `${w.shopperNickname} ${w.shopperPhone}` },
            { title: t('luckydraw.prizeName'), dataIndex: 'name' },
            { title: t('luckydraw.amount'), render: (_, w) => amountText(w.kind, w.amount) },
            {
              title: t('luckydraw.address'),
              render: (_, w) =>
                w.address
                  ? `${w.address.name} ${w.address.phone} ${w.address.region} ${w.address.detail}`
                  : '—',
            },
            {
              title: t('luckydraw.statusCol'),
              width: 200,
              render: (_, w) => (
                <Space>
                  <Tag>{t(`luckydraw.award.${w.status}`)}</Tag>
                  {w.status !== 'fulfilled' && (w.kind !== 'product' || w.status === 'claimed') ? (
                    <Button size="small" onClick={() => fulfil(w)}>
                      {w.kind === 'product' ? t('luckydraw.ship') : t('luckydraw.honour')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          {cursor ? <Button onClick={() => setCursor(null)}>{t('luckydraw.firstPage')}</Button> : null}
          {winners.data?.nextCursor ? (
            <Button onClick={() => setCursor(winners.data?.nextCursor ?? null)}>
              {t('luckydraw.nextPage')}
            </Button>
          ) : null}
        </Space>
      </Card>
      <LuckyDrawForm
        campaign={d}
        open={sp.get('edit') === '1'}
        onClose={() => setSp({})}
        onSaved={(saved) => {
          c.setData(saved)
          setSp({})
        }}
      />
    </div>
  )
}
