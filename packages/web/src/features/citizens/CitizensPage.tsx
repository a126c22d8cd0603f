import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Modal, Space, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { useSession } from '../../api/session';
import type { Citizen, CitizenIdentity, Page } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import { citizenColumns } from './citizen-csv';
import { handlesPersonalDataRequests, PersonRightsActions } from './person-rights';

interface CitizenFilter {
  q: string;
  page: number;
  pageSize: number;
}

/**
 * 市民查询: registered citizens with masked numbers. Window clerks (only they) may open the full ID
 * number and phone for an identity check; the server writes each such view to the audit log.
 * District administrators export or erase a citizen's data (个人信息保护法), also audited.
 */
export default function CitizensPage() {
  const { t, lang } = useLocale();
  const session = useSession();
  const isClerk = session.data?.user?.roles.includes('clerk') ?? false;
  const [filter, setFilter] = useState<CitizenFilter>({ q: '', page: 1, pageSize: 20 });
  const [fullFor, setFullFor] = useState<Citizen | null>(null);
  const citizens = useQuery({
    queryKey: ['citizens', filter],
    queryFn: () => api.get<Page<Citizen>>('/api/citizens', { ...filter }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Citizen> = [
    { title: t('citizens.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('citizens.idNumber'),
      key: 'idNumber',
      render: (_, c) => <span className="yw-mono">{c.idNumber}</span>,
    },
    {
      title: t('citizens.phone'),
      key: 'phone',
      render: (_, c) => <span className="yw-mono">{c.phone}</span>,
    },
    {
      title: t('citizens.createdAt'),
      key: 'createdAt',
      render: (_, c) => formatShanghai(c.createdAt),
      responsive: ['lg'],
    },
  ];
  const handlesRequests = handlesPersonalDataRequests(session.data?.user);
  if (isClerk || handlesRequests) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      // Pinned so a clerk on a phone sees it without scrolling the table sideways.
      fixed: 'right',
      render: (_, c) => (
        <Space size="middle">
          {isClerk && (
            <Typography.Link data-testid={`citizen-show-full-${c.id}`} onClick={() => setFullFor(c)}>
              {t('citizens.showFull')}
            </Typography.Link>
          )}
          {handlesRequests && <PersonRightsActions citizen={c} />}
        </Space>
      ),
    });
  }

  const visible = citizens.data?.items ?? [];

  return (
    <Card title={t('citizens.title')}>
      <div className="yw-toolbar">
        <Input.Search
          className="yw-grow yw-grow-wide"
          allowClear
          enterButton
          placeholder={t('citizens.searchPlaceholder')}
          aria-label={t('common.search')}
          data-testid="citizens-search"
          onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim(), page: 1 }))}
        />
        <div className="yw-end">
          <ExportButtons
            filename="citizens"
            disabled={visible.length === 0}
            columns={citizenColumns(lang)}
            rows={visible}
          />
        </div>
      </div>
      <Typography.Paragraph type="secondary">{t('citizens.maskedNote')}</Typography.Paragraph>
      {citizens.isError ? (
        <QueryError error={citizens.error} onRetry={() => void citizens.refetch()} />
      ) : (
        <Table<Citizen>
          data-testid="citizens-table"
          rowKey="id"
          size="middle"
          scroll={{ x: 'max-content' }}
          loading={citizens.isFetching}
          columns={columns}
          dataSource={visible}
          locale={{ emptyText: t('citizens.empty') }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: citizens.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
          }}
          onChange={(p) =>
            setFilter((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? f.pageSize }))
          }
        />
      )}
      {isClerk && <IdentityModal citizen={fullFor} onClose={() => setFullFor(null)} lang={lang} />}
    </Card>
  );
}

/** The unmasked numbers, fetched only when the clerk opens the modal (each fetch is audited). */
function IdentityModal({
  citizen,
  onClose,
  lang,
}: {
  citizen: Citizen | null;
  onClose: () => void;
  lang: 'zh' | 'en';
}) {
  const { t } = useLocale();
  const identity = useQuery({
    queryKey: ['citizen-identity', citizen?.id],
    queryFn: () => api.get<CitizenIdentity>(`/api/citizens/${citizen!.id}/identity`),
    enabled: citizen !== null,
    // Never served from cache: every view is a fresh, audited request.
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  return (
    <Modal
      open={citizen !== null}
      title={t('citizens.fullTitle', { name: citizen?.name ?? '' })}
      onCancel={onClose}
      destroyOnHidden
      data-testid="citizen-identity-modal"
      footer={
        <Button onClick={onClose} data-testid="citizen-identity-close">
          {t('common.close')}
        </Button>
      }
    >
      <Alert
        type="info"
        showIcon
        title={t('citizens.auditNote')}
        data-testid="citizen-audit-note"
        className="yw-form-error"
      />
      {identity.isPending ? (
        <Spin className="yw-page-spin" />
      ) : identity.isError ? (
        <Alert type="error" showIcon title={errorText(identity.error, lang)} data-testid="form-error" />
      ) : (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('citizens.name')}>
            <span data-testid="identity-name">{identity.data.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('citizens.idNumber')}>
            <span className="yw-mono" data-testid="identity-id-number">
              {identity.data.idNumber}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('citizens.phone')}>
            <span className="yw-mono" data-testid="identity-phone">
              {identity.data.phone}
            </span>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Modal>
  );
}
