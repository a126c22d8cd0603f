import type { ReactNode } from 'react';
import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { QueryError } from '../../app/components/results';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import { useHlT } from './i18n';
import { RevealPhone } from './RevealPhone';

/**
 * One of the desk's lists below the form (today's calls, first contacts due, callbacks due): its
 * export buttons above a table of up to 20 rows a page, or the error with a retry.
 * @example <DeskTable query={q} filename="hotline-callbacks" sheetName="回访" exportColumns={cols} rowKey="caseId" testId="hotline-callbacks" columns={columns} />
 */
export function DeskTable<T extends object>({
  query,
  filename,
  sheetName,
  exportColumns,
  rowKey,
  testId,
  columns,
}: {
  query: UseQueryResult<{ items: T[] }>;
  filename: string;
  sheetName: string;
  exportColumns: ExportColumn<T>[];
  rowKey: keyof T & string;
  testId: string;
  columns: ColumnsType<T>;
}) {
  const { ht } = useHlT();
  const items = query.data?.items ?? [];
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <ExportButtons
        filename={filename}
        sheetName={sheetName}
        disabled={items.length === 0}
        columns={exportColumns}
        rows={items}
      />
      <Table<T>
        className="yw-section"
        rowKey={rowKey}
        size="middle"
        loading={query.isPending}
        dataSource={items}
        data-testid={testId}
        locale={{ emptyText: ht('hl.empty') }}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={columns}
      />
    </>
  );
}

/** The order's number linking to it, or “—”. */
export const orderLink = (caseId: string | null, orderNo: string | null) =>
  caseId && orderNo ? (
    <Link to={`/workbench/work-orders/${caseId}`} className="yw-mono">
      {orderNo}
    </Link>
  ) : (
    '—'
  );

/** A caller's name above the masked phone the operator may reveal. */
export const callerCell = (
  name: ReactNode,
  phone: { kind: 'call' | 'order'; id: string; masked: string | null },
) => (
  <div>
    {name}
    <div>
      <RevealPhone kind={phone.kind} id={phone.id} masked={phone.masked} />
    </div>
  </div>
);

/** The order's category and, for a hotline kind, its subject. */
export const kindText = (r: { categoryName: string; subjectCategoryName: string | null }) =>
  [r.categoryName, r.subjectCategoryName].filter(Boolean).join(' · ');
