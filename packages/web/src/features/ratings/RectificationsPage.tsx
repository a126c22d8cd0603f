import { useState } from 'react';
import { Card, Checkbox, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import { rectificationColumns } from './exports';
import { useRatingT } from './i18n';
import { rectStateName } from './rectification-states';
import type { RectificationRow } from './types';
import './ratings.css';

const PAGE_SIZE = 20;

/** /workbench/rectifications — 差评整改 cases of the user's units, nearest deadline first, with alerts. */
export default function RectificationsPage() {
  const { rt, lang } = useRatingT();
  const navigate = useNavigate();
  const [all, setAll] = useState(false);
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['rectifications', all, page],
    queryFn: () =>
      api.get<{ total: number; items: RectificationRow[] }>('/api/rectifications', {
        status: all ? 'all' : 'open',
        page,
        pageSize: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const columns: ColumnsType<RectificationRow> = [
    {
      title: rt('rect.deadline'),
      key: 'deadline',
      width: 180,
      render: (_, r) => (
        <span data-urgency={r.urgency}>
          {r.deadline ? formatShanghai(r.deadline) : '—'}
          {r.urgency === 'warning' && (
            <Tag color="orange" className="yw-tag-gap">
              {rt('rect.warning')}
            </Tag>
          )}
          {r.urgency === 'overdue' && (
            <Tag color="red" className="yw-tag-gap">
              {rt('rect.overdue')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: rt('rect.state'),
      key: 'state',
      width: 110,
      render: (_, r) => (
        <Tag color={r.state === 'closed' ? 'green' : 'blue'}>{rectStateName(r.state, lang)}</Tag>
      ),
    },
    {
      title: rt('rect.comment'),
      key: 'comment',
      render: (_, r) => (
        <div>
          <Typography.Text type="danger">{'★'.repeat(r.score)}</Typography.Text>{' '}
          <span className="yw-rect-comment">{r.comment}</span>
          <Typography.Text type="secondary" className="yw-hint yw-mono" style={{ display: 'block' }}>
            {r.applicationNo}
          </Typography.Text>
        </div>
      ),
    },
    { title: rt('rect.department'), dataIndex: 'departmentName', key: 'dep', width: 180, responsive: ['md'] },
    {
      title: rt('rect.tier'),
      key: 'tier',
      width: 110,
      responsive: ['md'],
      render: (_, r) => rt('rect.tierDays', { n: r.tierDays }),
    },
  ];
  return (
    <Card
      title={rt('rect.title')}
      data-testid="rectifications"
      extra={
        <ExportButtons
          filename="rectifications"
          sheetName={rt('rect.title')}
          disabled={items.length === 0}
          columns={rectificationColumns(lang)}
          rows={items}
        />
      }
    >
      <Checkbox checked={all} onChange={(e) => (setAll(e.target.checked), setPage(1))} data-testid="rect-all">
        {rt('rect.showAll')}
      </Checkbox>
      {q.isError ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table
          className="yw-section"
          rowKey="caseId"
          size="middle"
          loading={q.isPending}
          columns={columns}
          dataSource={items}
          locale={{ emptyText: rt('rect.empty') }}
          onRow={(r) => ({
            onClick: () => navigate(`/workbench/rectifications/${r.caseId}`),
            'data-testid': `rect-row-${r.caseId}`,
            style: { cursor: 'pointer' },
          })}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: q.data?.total ?? 0, onChange: setPage }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}
