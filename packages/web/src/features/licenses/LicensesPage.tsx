import { useState } from 'react';
import { App, Card, Input, Modal, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { useSession } from '../../api/session';
import type { Page } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { ExportButtons } from '../../lib/ExportButtons';
import { LICENSE_TYPES, type License } from './license-api';
import { licenseColumns } from './license-csv';
import { LicenseStatusTag } from './LicenseStatusTag';

interface LicenseFilter {
  holderId: string;
  type: string;
  page: number;
  pageSize: number;
}

/**
 * 电子证照库 for staff: look licences up by holder number (numbers masked), revoke one with a
 * reason (administrators, and reviewers of the issuing department — the server decides), export CSV.
 */
export default function LicensesPage() {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const session = useSession();
  const roles = session.data?.user?.roles ?? [];
  const mayRevoke = roles.includes('admin') || roles.includes('reviewer');
  const [filter, setFilter] = useState<LicenseFilter>({ holderId: '', type: '', page: 1, pageSize: 20 });
  const [revoking, setRevoking] = useState<License | null>(null);
  const [reason, setReason] = useState('');
  const qc = useQueryClient();
  const licenses = useQuery({
    queryKey: ['licenses', filter],
    queryFn: () => api.get<Page<License>>('/api/licenses', { ...filter }),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation({
    mutationFn: (l: License) => api.post<License>(`/api/licenses/${l.id}/revoke`, { reason }),
    onSuccess: (l) => {
      void message.success(t('licenses.revoked', { no: l.licenseNo }));
      setRevoking(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: ['licenses'] });
    },
  });

  const columns: TableColumnsType<License> = [
    {
      title: t('license.no'),
      key: 'no',
      render: (_, l) => <span className="yw-mono">{l.licenseNo}</span>,
    },
    { title: t('license.type'), key: 'type', render: (_, l) => l.typeName[lang] },
    { title: t('license.holder'), dataIndex: 'holderName', key: 'holder' },
    {
      title: t('license.holderId'),
      key: 'holderId',
      render: (_, l) => <span className="yw-mono">{l.holderId}</span>,
      responsive: ['md'],
    },
    {
      title: t('license.validUntil'),
      key: 'validUntil',
      render: (_, l) => l.validUntil ?? t('license.longTerm'),
      responsive: ['lg'],
    },
    { title: t('license.status'), key: 'status', render: (_, l) => <LicenseStatusTag status={l.status} /> },
  ];
  if (mayRevoke) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, l) =>
        l.status === 'revoked' ? null : (
          <Typography.Link data-testid={`license-revoke-${l.licenseNo}`} onClick={() => setRevoking(l)}>
            {t('licenses.revoke')}
          </Typography.Link>
        ),
    });
  }
  const visible = licenses.data?.items ?? [];

  return (
    <Card title={t('licenses.title')}>
      <div className="yw-toolbar">
        <Input.Search
          className="yw-grow yw-grow-wide"
          allowClear
          enterButton
          placeholder={t('licenses.searchPlaceholder')}
          aria-label={t('common.search')}
          data-testid="licenses-search"
          onSearch={(q) => setFilter((f) => ({ ...f, holderId: q.trim(), page: 1 }))}
        />
        <Select
          style={{ minWidth: 160 }}
          value={filter.type}
          data-testid="licenses-type"
          onChange={(type: string) => setFilter((f) => ({ ...f, type, page: 1 }))}
          options={[
            { value: '', label: t('licenses.allTypes') },
            ...LICENSE_TYPES.map((ty) => ({ value: ty.code, label: ty.name[lang] })),
          ]}
        />
        <div className="yw-end">
          <ExportButtons
            filename="licenses"
            disabled={visible.length === 0}
            columns={licenseColumns(lang)}
            rows={visible}
          />
        </div>
      </div>
      <Typography.Paragraph type="secondary">{t('licenses.maskedNote')}</Typography.Paragraph>
      {licenses.isError ? (
        <QueryError error={licenses.error} onRetry={() => void licenses.refetch()} />
      ) : (
        <Table<License>
          data-testid="licenses-table"
          rowKey="id"
          size="middle"
          scroll={{ x: 'max-content' }}
          loading={licenses.isFetching}
          columns={columns}
          dataSource={visible}
          locale={{ emptyText: t('licenses.empty') }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: licenses.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
          }}
          onChange={(p) =>
            setFilter((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? f.pageSize }))
          }
        />
      )}
      <Modal
        open={revoking !== null}
        title={t('licenses.revokeTitle', { no: revoking?.licenseNo ?? '' })}
        okText={t('licenses.revoke')}
        okButtonProps={{
          danger: true,
          disabled: reason.trim().length < 2,
          'data-testid': 'license-revoke-ok',
        }}
        confirmLoading={revoke.isPending}
        onOk={() => revoking && revoke.mutate(revoking)}
        onCancel={() => {
          setRevoking(null);
          setReason('');
          revoke.reset();
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('licenses.reasonHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          aria-label={t('licenses.reason')}
          placeholder={t('licenses.reason')}
          data-testid="license-revoke-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {revoke.isError && (
          <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>
            {errorText(revoke.error, lang)}
          </Typography.Paragraph>
        )}
      </Modal>
    </Card>
  );
}
