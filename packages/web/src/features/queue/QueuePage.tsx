import { useState } from 'react';
import { Card, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import { queueColumns } from '../applications/exports';
import { useAppT } from '../applications/i18n';
import { CASE_STATES, TERMINAL_STATES, caseStateName } from '../applications/licence-case';
import type { QueueRow } from '../applications/types';
import '../applications/applications.css';

const PAGE_SIZE = 20;

/** The queue holds open sub-cases only: the states it can be filtered by. */
const STATE_FILTER = Object.keys(CASE_STATES).filter((s) => !TERMINAL_STATES.has(s));

/**
 * /workbench/queue — clerks, reviewers and leaders: sub-cases in scope, nearest deadline first, with
 * 即将到期 / 已超期 tags; a row opens the application.
 */
export default function QueuePage() {
  const { at, lang } = useAppT();
  const navigate = useNavigate();
  const [state, setState] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);

  const queue = useQuery({
    queryKey: ['applications', 'queue', state ?? '', page],
    queryFn: () =>
      api.get<{ total: number; items: QueueRow[] }>('/api/applications/queue', {
        state,
        page,
        pageSize: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });

  const open = (r: QueueRow) => navigate(`/workbench/applications/${encodeURIComponent(r.applicationId)}`);

  const columns: ColumnsType<QueueRow> = [
    {
      title: at('queue.deadline'),
      key: 'deadline',
      width: 190,
      render: (_, r) => (
        <span data-testid={`queue-deadline-${r.caseId}`} data-urgency={r.urgency}>
          {r.deadline ? (
            formatShanghai(r.deadline)
          ) : r.unknownYear ? (
            <Tag color="orange">{at('sla.unknown', { year: r.unknownYear })}</Tag>
          ) : (
            at('sla.none')
          )}
          {r.urgency === 'warning' && (
            <Tag color="orange" className="yw-tag-gap" data-testid="queue-warning">
              {at('sla.warning')}
            </Tag>
          )}
          {r.urgency === 'overdue' && (
            <Tag color="red" className="yw-tag-gap" data-testid="queue-overdue">
              {at('sla.overdue')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: at('queue.item'),
      dataIndex: 'itemName',
      render: (v: string, r) => (
        <div>
          <div className="yw-wrap">{v}</div>
          <Typography.Text type="secondary" className="yw-hint yw-mono">
            {r.applicationNo}
          </Typography.Text>
        </div>
      ),
    },
    { title: at('queue.applicant'), dataIndex: 'applicantName', responsive: ['md'] },
    { title: at('queue.department'), dataIndex: 'departmentName', responsive: ['lg'] },
    {
      title: at('queue.state'),
      dataIndex: 'state',
      width: 140,
      render: (s: string) => (
        <Tag
          color={TERMINAL_STATES.has(s) ? 'default' : s === 'correcting' ? 'orange' : 'blue'}
          data-state={s}
        >
          {caseStateName(s, lang)}
        </Tag>
      ),
    },
    {
      title: at('queue.channel'),
      dataIndex: 'channel',
      responsive: ['lg'],
      render: (c: string) => at(`channel.${c}` as 'channel.online'),
    },
    {
      title: at('queue.submittedAt'),
      dataIndex: 'submittedAt',
      responsive: ['xl'],
      render: (v: string) => formatShanghai(v),
    },
  ];

  const rows = queue.data?.items ?? [];
  return (
    <Card title={at('queue.title')} data-testid="queue-page">
      <div className="yw-queue-toolbar">
        <Select
          allowClear
          className="yw-queue-filter"
          style={{ minWidth: 180 }}
          placeholder={at('queue.allStates')}
          value={state}
          data-testid="queue-state-filter"
          onChange={(v: string | undefined) => {
            setState(v);
            setPage(1);
          }}
          options={STATE_FILTER.map((s) => ({ value: s, label: caseStateName(s, lang) }))}
        />
        <ExportButtons
          filename="queue"
          sheetName={at('queue.title')}
          disabled={rows.length === 0}
          columns={queueColumns(lang)}
          rows={rows}
        />
      </div>
      <Typography.Paragraph type="secondary" className="yw-hint">
        {at('queue.sortNote')}
      </Typography.Paragraph>
      {queue.isError ? (
        <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <Table<QueueRow>
          data-testid="queue-table"
          rowKey="caseId"
          size="middle"
          loading={queue.isFetching}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: at('queue.empty') }}
          rowClassName="yw-queue-row"
          onRow={(r) =>
            ({
              onClick: () => open(r),
              'data-testid': `queue-row-${r.applicationNo}`,
              'data-case': r.caseId,
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: queue.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}
