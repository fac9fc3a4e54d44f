import { App, Button, Card, Input, Popconfirm, Space, Table, Tabs, Tag } from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { formatDateTime } from '../../shared/time'
import { useResource } from '../../shared/useResource'
import { communityApi, LEADER_STATUSES, type Leader, type LeaderStatus } from '../communityApi'
import { LoadError, PageHead } from '../components/bits'
import { TextPrompt } from '../components/DistributionBits'
import { useI18n } from '../i18n'

const STATUS_COLOR: Record<LeaderStatus, string> = {
  applied: 'blue',
  active: 'green',
  paused: 'orange',
  rejected: 'default',
}

/** 团长管理: applications and leaders by status; approve, reject with a reason, pause, resume. */
export default function CommunityLeaders() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [sp, setSp] = useSearchParams()
  const status = LEADER_STATUSES.find((s) => s === sp.get('status'))
  const q = sp.get('q')?.trim() || undefined
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors[cursors.length - 1]
  const list = useResource(`community-leaders:${status ?? ''}:${q ?? ''}:${cursor ?? ''}`, () =>
    communityApi.leaders({ status, q, cursor, limit: 20 }),
  )
  const [prompt, setPrompt] = useState<{ leader: Leader; action: 'reject' | 'pause' } | null>(null)

  const setFilter = (next: { status?: string; q?: string }) => {
    setCursors([])
    const p: Record<string, string> = {}
    const s = 'status' in next ? next.status : status
    const text = 'q' in next ? next.q : q
    if (s) p.status = s
    if (text) p.q = text
    setSp(p, { replace: true })
  }

  const act = async (leader: Leader, action: 'approve' | 'resume') => {
    try {
      await communityApi.reviewLeader(leader.id, action)
      message.success(t('cm.leaders.done'))
      void list.reload()
    } catch (err) {
      message.error((err as Error).message)
    }
  }

  return (
    <div>
      <PageHead title={t('cm.leaders.title')} sub={t('cm.leaders.sub')} />
      <Card>
        <Tabs
          activeKey={status ?? 'all'}
          onChange={(k) => setFilter({ status: k === 'all' ? undefined : k })}
          items={[
            { key: 'all', label: t('common.all') },
            ...LEADER_STATUSES.map((s) => ({ key: s, label: t(`cm.leaders.status.${s}`) })),
          ]}
        />
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('cm.leaders.search')}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ maxWidth: 320, marginBottom: 12 }}
        />
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Leader>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('cm.leaders.empty') }}
          onRow={(l) => ({ 'data-testid': 'leader-row', 'data-status': l.status }) as object}
          columns={[
            {
              title: t('cm.leaders.name'),
              width: 160,
              render: (_, l) => (
                <div>
                  <b>{l.name}</b>
                  <div className="muted">{l.phone}</div>
                </div>
              ),
            },
            {
              title: t('cm.leaders.community'),
              render: (_, l) => (
                <div>
                  {l.communityName}
                  <div className="muted">{l.address}</div>
                </div>
              ),
            },
            { title: t('cm.leaders.appliedAt'), width: 150, render: (_, l) => formatDateTime(l.appliedAt) },
            { title: t('cm.leaders.reviewedAt'), width: 150, render: (_, l) => formatDateTime(l.reviewedAt) },
            {
              title: t('common.status'),
              width: 110,
              render: (_, l) => (
                <div>
                  <Tag color={STATUS_COLOR[l.status]}>{t(`cm.leaders.status.${l.status}`)}</Tag>
                  {l.reason ? <div className="muted">{l.reason}</div> : null}
                </div>
              ),
            },
            {
              title: t('common.actions'),
              width: 160,
              fixed: 'right',
              render: (_, l) => (
                <Space size={0}>
                  {l.status === 'applied' ? (
                    <>
                      <Popconfirm title={t('cm.leaders.approveConfirm')} onConfirm={() => act(l, 'approve')}>
                        <Button size="small" type="link" data-testid="leader-approve">
                          {t('cm.leaders.approve')}
                        </Button>
                      </Popconfirm>
                      <Button
                        size="small"
                        type="link"
                        danger
                        onClick={() => setPrompt({ leader: l, action: 'reject' })}
                      >
                        {t('cm.leaders.reject')}
                      </Button>
                    </>
                  ) : null}
                  {l.status === 'active' ? (
                    <Button
                      size="small"
                      type="link"
                      danger
                      onClick={() => setPrompt({ leader: l, action: 'pause' })}
                    >
                      {t('cm.leaders.pause')}
                    </Button>
                  ) : null}
                  {l.status === 'paused' ? (
                    <Button size="small" type="link" onClick={() => act(l, 'resume')}>
                      {t('cm.leaders.resume')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        {cursors.length || list.data?.nextCursor ? (
          <Space style={{ marginTop: 12 }}>
            <Button size="small" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('common.prev')}
            </Button>
            <Button
              size="small"
              disabled={!list.data?.nextCursor}
              onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
            >
              {t('common.next')}
            </Button>
          </Space>
        ) : null}
      </Card>
      <TextPrompt
        open={!!prompt}
        title={prompt?.action === 'pause' ? t('cm.leaders.pauseTitle') : t('cm.leaders.rejectTitle')}
        hint={prompt?.action === 'pause' ? t('cm.leaders.pauseHint') : t('cm.leaders.rejectHint')}
        label={t('cm.leaders.reason')}
        testId="leader-reason-form"
        okText={prompt?.action === 'pause' ? t('cm.leaders.pause') : t('cm.leaders.reject')}
        danger
        required={prompt?.action === 'reject'}
        onClose={() => setPrompt(null)}
        onSubmit={async (reason) => {
          if (!prompt) return
          await communityApi.reviewLeader(prompt.leader.id, prompt.action, reason || undefined)
          setPrompt(null)
          message.success(t('cm.leaders.done'))
          void list.reload()
        }}
      />
    </div>
  )
}
