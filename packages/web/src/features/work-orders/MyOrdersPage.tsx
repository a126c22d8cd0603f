import { useState } from 'react';
import { Card } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { ExportButtons } from '../../lib/ExportButtons';
import { workOrderColumns } from './exports';
import { useWoT } from './i18n';
import { OrderTable } from './OrderTable';
import { OrderNotices } from '../hotline/OrderNotices';
import type { WorkOrder } from './types';

const PAGE_SIZE = 20;

/** /workbench/my-orders — the open orders of the handler's unit, nearest deadline first. */
export default function MyOrdersPage() {
  const { wt, lang } = useWoT();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['work-orders', 'mine', page],
    queryFn: () =>
      api.get<{ items: WorkOrder[]; total: number }>('/api/work-orders', {
        view: 'mine',
        page,
        pageSize: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  return (
    <Card
      title={wt('wo.mine')}
      data-testid="my-orders"
      extra={
        <ExportButtons
          filename="my-work-orders"
          sheetName={wt('wo.mine')}
          disabled={items.length === 0}
          columns={workOrderColumns(lang)}
          rows={items}
        />
      }
    >
      <OrderNotices />
      {q.isError ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <OrderTable
          items={items}
          loading={q.isPending}
          total={q.data?.total ?? 0}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={setPage}
          testId="my-orders-table"
        />
      )}
    </Card>
  );
}
