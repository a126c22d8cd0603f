import { useState } from 'react';
import { App, Button, Card, Grid, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import type { Page, User } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import { rolesQuery, roleLabel } from './roles';
import { UnitTreeSelect } from './UnitTreeSelect';
import { useUnitName } from '../admin-units/units-api';
import { PasswordModal, UserFormModal } from './UserFormModal';
import { userColumns } from './user-csv';

interface UserFilter {
  q: string;
  unitId: string | undefined;
  page: number;
  pageSize: number;
}

/** 用户管理: server-paged list of staff accounts in the admin's scope. */
export default function UsersPage() {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<UserFilter>({ q: '', unitId: undefined, page: 1, pageSize: 20 });
  const [modal, setModal] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [passwordFor, setPasswordFor] = useState<User | null>(null);
  const roles = useQuery(rolesQuery);
  const unitName = useUnitName();
  // From md up the actions stay in view while a wide table (long English unit names) scrolls.
  const pinActions = Grid.useBreakpoint().md === true;
  const users = useQuery({
    queryKey: ['users', filter],
    queryFn: () => api.get<Page<User>>('/api/users', { ...filter }),
    placeholderData: keepPreviousData,
  });

  const toggle = useMutation({
    mutationFn: (u: User) => api.patch<User>(`/api/users/${u.id}`, { disabled: !u.disabled }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
    onError: (e) => message.error(errorText(e, lang)),
  });

  const columns: TableColumnsType<User> = [
    { title: t('users.username'), dataIndex: 'username', key: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName' },
    {
      title: t('users.roles'),
      key: 'roles',
      render: (_, u) => u.roles.map((r) => <Tag key={r}>{roleLabel(roles.data?.items, r, lang)}</Tag>),
    },
    { title: t('users.unit'), key: 'unit', render: (_, u) => unitName(u.unit), responsive: ['md'] },
    {
      title: t('users.status'),
      key: 'status',
      render: (_, u) =>
        u.disabled ? (
          <Tag color="default">{t('users.disabled')}</Tag>
        ) : (
          <Tag color="green">{t('users.enabled')}</Tag>
        ),
    },
    {
      title: t('users.createdAt'),
      key: 'createdAt',
      render: (_, u) => formatShanghai(u.createdAt),
      responsive: ['lg'],
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: pinActions ? 'right' : undefined,
      render: (_, u) => (
        <span className="yw-row-actions">
          <Typography.Link
            data-testid={`user-edit-${u.username}`}
            onClick={() => setModal({ open: true, user: u })}
          >
            {t('common.edit')}
          </Typography.Link>{' '}
          <Popconfirm
            title={t(u.disabled ? 'users.enableConfirm' : 'users.disableConfirm', { name: u.displayName })}
            onConfirm={() => toggle.mutateAsync(u)}
            okButtonProps={{ 'data-testid': 'confirm-ok' }}
          >
            <Typography.Link data-testid={`user-toggle-${u.username}`}>
              {u.disabled ? t('users.enable') : t('users.disable')}
            </Typography.Link>
          </Popconfirm>{' '}
          <Typography.Link
            data-testid={`user-reset-password-${u.username}`}
            onClick={() => setPasswordFor(u)}
          >
            {t('users.resetPassword')}
          </Typography.Link>
        </span>
      ),
    },
  ];

  const visible = users.data?.items ?? [];

  return (
    <Card title={t('users.title')}>
      <div className="yw-toolbar">
        <Input.Search
          className="yw-grow"
          allowClear
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('common.search')}
          data-testid="users-search"
          onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim(), page: 1 }))}
        />
        <UnitTreeSelect
          className="yw-grow"
          allowClear
          placeholder={t('users.unitFilter')}
          aria-label={t('users.unitFilter')}
          data-testid="users-unit-filter"
          value={filter.unitId ?? null}
          onChange={(unitId) => setFilter((f) => ({ ...f, unitId, page: 1 }))}
        />
        <div className="yw-end">
          <ExportButtons
            filename="users"
            disabled={visible.length === 0}
            columns={userColumns(roles.data?.items, lang)}
            rows={visible}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="user-create"
            onClick={() => setModal({ open: true, user: null })}
          >
            {t('users.create')}
          </Button>
        </div>
      </div>
      {users.isError ? (
        <QueryError error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<User>
          data-testid="users-table"
          rowKey="id"
          size="middle"
          scroll={{ x: 'max-content' }}
          loading={users.isFetching}
          columns={columns}
          dataSource={visible}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
          }}
          onChange={(p) =>
            setFilter((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? f.pageSize }))
          }
        />
      )}
      <UserFormModal
        open={modal.open}
        user={modal.user}
        onClose={() => setModal({ open: false, user: null })}
      />
      <PasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} />
    </Card>
  );
}
