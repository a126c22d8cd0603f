import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router-dom';
import { formatShanghai } from '../../lib/calendar';
import { useWoT } from './i18n';
import type { WorkOrder } from './types';

const AWAITING = new Set(['returnRequested', 'extensionRequested']);

/** A list of work orders; a row opens the order. */
export function OrderTable({
  items,
  loading,
  total,
  page,
  pageSize,
  onPage,
  testId,
}: {
  items: WorkOrder[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  testId: string;
}) {
  const { wt, wl, lang } = useWoT();
  const navigate = useNavigate();
  const columns: ColumnsType<WorkOrder> = [
    {
      title: wt('wo.deadline'),
      key: 'deadline',
      width: 190,
      render: (_, r) => (
        <span>
          {r.slaDeadline ? formatShanghai(r.slaDeadline) : '—'}
          {r.overdue && (
            <Tag color="red" className="yw-tag-gap">
              {wt('wo.overdue')}
            </Tag>
          )}
          {r.escalationLevel > 0 && (
            <Tag color="volcano" className="yw-tag-gap">
              {wt('wo.escalated', { n: r.escalationLevel })}
            </Tag>
          )}
          <OrderTags order={r} />
        </span>
      ),
    },
    {
      title: wt('wo.state'),
      key: 'state',
      width: 150,
      render: (_, r) => (
        <Tag color={AWAITING.has(r.state) ? 'orange' : r.responsibleUnitId ? 'blue' : 'default'}>
          {r.stateName?.[lang] ?? r.state}
        </Tag>
      ),
    },
    {
      title: wt('wo.category'),
      key: 'category',
      render: (_, r) => (
        <div>
          {r.subjectCategoryName ? `${r.categoryName} · ${r.subjectCategoryName}` : r.categoryName}
          <div className="yw-hint yw-mono">{r.orderNo}</div>
        </div>
      ),
    },
    {
      title: wt('wo.place'),
      key: 'place',
      responsive: ['md'],
      render: (_, r) => [r.streetName, r.committeeName, r.address].filter(Boolean).join(' · '),
    },
    {
      title: wt('wo.unit'),
      key: 'unit',
      responsive: ['md'],
      render: (_, r) => r.responsibleUnitName ?? <Tag>{wt('wo.unrouted')}</Tag>,
    },
    {
      title: wt('wo.source'),
      key: 'source',
      width: 110,
      responsive: ['lg'],
      render: (_, r) => wl(`src.${r.source}`),
    },
  ];
  return (
    <Table
      className="yw-section"
      rowKey="caseId"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      data-testid={testId}
      locale={{ emptyText: wt('wo.empty') }}
      onRow={(r) => ({
        onClick: () => navigate(`/workbench/work-orders/${r.caseId}`),
        'data-testid': `wo-row-${r.orderNo}`,
        style: { cursor: 'pointer' },
      })}
      pagination={{ current: page, pageSize, total, onChange: onPage }}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** The desks' tags beside the deadline: 80% warning, 12345 first contact, 督办 not acknowledged, possible duplicates. */
export function OrderTags({ order: r }: { order: WorkOrder }) {
  const { wt } = useWoT();
  const missed =
    !!r.firstContactMissedAt || (!!r.firstContactDue && new Date(r.firstContactDue).getTime() < Date.now());
  return (
    <>
      {r.urgency === 'warning' && (
        <Tag color="orange" className="yw-tag-gap" data-testid="wo-tag-warning">
          {wt('wo.warning')}
        </Tag>
      )}
      {r.firstContactPending && (
        <Tag color={missed ? 'red' : 'gold'} className="yw-tag-gap" data-testid="wo-tag-first-contact">
          {wt(missed ? 'wo.firstContactMissed' : 'wo.firstContactDue')}
        </Tag>
      )}
      {r.escalationUnacknowledged && (
        <Tag color="magenta" className="yw-tag-gap" data-testid="wo-tag-unacknowledged">
          {wt('wo.unacknowledged')}
        </Tag>
      )}
      {!!r.possibleDuplicates && (
        <Tag color="purple" className="yw-tag-gap" data-testid="wo-tag-duplicates">
          {wt('wo.possibleDuplicates', { n: r.possibleDuplicates })}
        </Tag>
      )}
    </>
  );
}
