import { useState } from 'react';
import { Alert, Card, Table, Tabs } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import { gapColumns, workOrderColumns } from './exports';
import { useWoT } from './i18n';
import { OrderTable } from './OrderTable';
import type { RoutingGap, WorkOrder } from './types';

const PAGE_SIZE = 20;

/** /workbench/dispatch — the dispatcher's desk: unrouted orders and approvals first, then by deadline; routing gaps. */
export default function DispatchDeskPage() {
  const { wt, lang } = useWoT();
  const [page, setPage] = useState(1);
  const queue = useQuery({
    queryKey: ['work-orders', 'queue', page],
    queryFn: () =>
      api.get<{ items: WorkOrder[]; total: number }>('/api/work-orders', {
        view: 'queue',
        page,
        pageSize: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });
  const gaps = useQuery({
    queryKey: ['work-orders', 'gaps'],
    queryFn: () => api.get<{ items: RoutingGap[] }>('/api/work-orders/routing-gaps'),
  });
  const items = queue.data?.items ?? [];
  const gapItems = gaps.data?.items ?? [];
  return (
    <Card title={wt('wo.dispatch')} data-testid="dispatch-desk">
      <Tabs
        items={[
          {
            key: 'queue',
            label: `${wt('wo.queue')} (${queue.data?.total ?? 0})`,
            children: queue.isError ? (
              <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
            ) : (
              <>
                <ExportButtons
                  filename="work-order-queue"
                  sheetName={wt('wo.queue')}
                  disabled={items.length === 0}
                  columns={workOrderColumns(lang)}
                  rows={items}
                />
                <OrderTable
                  items={items}
                  loading={queue.isPending}
                  total={queue.data?.total ?? 0}
                  page={page}
                  pageSize={PAGE_SIZE}
                  onPage={setPage}
                  testId="dispatch-queue"
                />
              </>
            ),
          },
          {
            key: 'gaps',
            label: `${wt('wo.gaps')} (${gapItems.length})`,
            children: gaps.isError ? (
              <QueryError error={gaps.error} onRetry={() => void gaps.refetch()} />
            ) : (
              <>
                <Alert type="info" showIcon title={wt('wo.gapsHint')} />
                <ExportButtons
                  filename="routing-gaps"
                  sheetName={wt('wo.gaps')}
                  disabled={gapItems.length === 0}
                  columns={gapColumns(lang)}
                  rows={gapItems}
                />
                <Table
                  className="yw-section"
                  data-testid="routing-gaps"
                  rowKey={(r) => `${r.categoryCode}-${r.streetId ?? ''}`}
                  loading={gaps.isPending}
                  dataSource={gapItems}
                  pagination={false}
                  columns={[
                    { title: wt('wo.category'), render: (_, r) => `${r.categoryCode} ${r.categoryName}` },
                    { title: wt('wo.street'), dataIndex: 'streetName' },
                    { title: wt('wo.orders'), dataIndex: 'orders' },
                    { title: wt('wo.oldest'), render: (_, r) => formatShanghai(r.oldest) },
                    { title: wt('wo.suggested'), render: (_, r) => r.suggestedUnitName ?? '—' },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
