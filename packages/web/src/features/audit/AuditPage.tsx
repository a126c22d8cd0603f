import { useState } from 'react';
import { Card, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { AuditEntry, Page } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { useT } from '../../i18n/useT';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';

/** 审计日志: the append-only log, newest first as the server orders it. */
export default function AuditPage() {
  const t = useT();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const audit = useQuery({
    queryKey: ['audit', page],
    queryFn: () => api.get<Page<AuditEntry>>('/api/audit', page),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq' },
    { title: t('audit.at'), key: 'at', render: (_, e) => formatShanghai(e.at) },
    { title: t('audit.actor'), key: 'actor', render: (_, e) => e.actorName ?? e.actorId ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', key: 'action' },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, e) => (e.entityId ? `${e.entity} · ${e.entityId}` : e.entity),
      responsive: ['md'],
    },
    { title: t('audit.summary'), dataIndex: 'summary', key: 'summary' },
  ];

  const exportColumns: ExportColumn<AuditEntry>[] = [
    { header: t('audit.seq'), value: (e) => e.seq },
    { header: t('audit.at'), value: (e) => formatShanghai(e.at), width: 18 },
    { header: t('audit.actor'), value: (e) => e.actorName ?? e.actorId ?? '', width: 16 },
    { header: t('audit.action'), value: (e) => e.action, width: 20 },
    {
      header: t('audit.entity'),
      value: (e) => (e.entityId ? `${e.entity} · ${e.entityId}` : e.entity),
      width: 30,
    },
    { header: t('audit.summary'), value: (e) => e.summary, width: 50 },
  ];
  const shown = audit.data?.items ?? [];

  return (
    <Card
      title={t('audit.title')}
      extra={
        <ExportButtons
          filename={`audit-p${page.page}`}
          sheetName={t('audit.title')}
          disabled={shown.length === 0}
          columns={exportColumns}
          rows={shown}
        />
      }
    >
      {audit.isError ? (
        <QueryError error={audit.error} onRetry={() => void audit.refetch()} />
      ) : (
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="seq"
          size="small"
          scroll={{ x: 'max-content' }}
          loading={audit.isFetching}
          columns={columns}
          dataSource={audit.data?.items ?? []}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
          }}
          onChange={(p) => setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 50 })}
        />
      )}
    </Card>
  );
}
