import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import type { ApiKey } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import { unitName } from '../../lib/unit-tree';
import { unitsQuery } from '../admin-units/units-api';
import { UnitTreeSelect } from '../admin-users/UnitTreeSelect';
import { API_KEY_ROLES, apiKeyColumns, apiKeyRoleLabel } from './api-key-csv';

const KEYS = ['api-keys'] as const;

/** 接口密钥: keys of sensor gateways and integration clients in the admin's units. */
export default function ApiKeysPage() {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pinActions = Grid.useBreakpoint().md === true;
  const [createOpen, setCreateOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({ queryKey: KEYS, queryFn: () => api.get<{ items: ApiKey[] }>('/api/api-keys') });
  const units = useQuery(unitsQuery());
  const unitsById = useMemo(() => new Map((units.data?.items ?? []).map((u) => [u.id, u])), [units.data]);
  const unitOf = (id: string) => {
    const u = unitsById.get(id);
    return u ? { name: unitName(u, lang), code: u.code } : undefined;
  };

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => api.delete<void>(`/api/api-keys/${k.id}`),
    onSuccess: async () => {
      message.success(t('apiKeys.revokedDone'));
      await qc.invalidateQueries({ queryKey: KEYS });
    },
    onError: (e) => message.error(errorText(e, lang)),
  });

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKeys.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('apiKeys.prefix'),
      key: 'prefix',
      render: (_, k) => <Typography.Text code>{k.prefix}</Typography.Text>,
    },
    {
      title: t('apiKeys.roles'),
      key: 'roles',
      render: (_, k) => k.roles.map((r) => <Tag key={r}>{apiKeyRoleLabel(r, lang)}</Tag>),
    },
    {
      title: t('apiKeys.unit'),
      key: 'unit',
      render: (_, k) => unitOf(k.unitId)?.name ?? '—',
      responsive: ['md'],
    },
    {
      title: t('apiKeys.createdAt'),
      key: 'createdAt',
      render: (_, k) => formatShanghai(k.createdAt),
      responsive: ['lg'],
    },
    {
      title: t('apiKeys.lastUsedAt'),
      key: 'lastUsedAt',
      render: (_, k) => (k.lastUsedAt ? formatShanghai(k.lastUsedAt) : t('apiKeys.neverUsed')),
      responsive: ['lg'],
    },
    {
      title: t('apiKeys.status'),
      key: 'status',
      render: (_, k) =>
        k.revokedAt ? (
          <Tag data-testid={`api-key-revoked-${k.prefix}`} title={formatShanghai(k.revokedAt)}>
            {t('apiKeys.revoked')} · {formatShanghai(k.revokedAt)}
          </Tag>
        ) : (
          <Tag color="green">{t('apiKeys.active')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: pinActions ? 'right' : undefined,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('apiKeys.revokeConfirm', { name: k.name })}
            onConfirm={() => revoke.mutateAsync(k)}
            okButtonProps={{ 'data-testid': 'confirm-ok', danger: true }}
            okText={t('apiKeys.revoke')}
          >
            <Typography.Link type="danger" data-testid={`api-key-revoke-${k.prefix}`}>
              {t('apiKeys.revoke')}
            </Typography.Link>
          </Popconfirm>
        ),
    },
  ];

  const visible = keys.data?.items ?? [];

  return (
    <Card title={t('apiKeys.title')}>
      <div className="yw-toolbar">
        <div className="yw-end">
          <ExportButtons
            filename="api-keys"
            disabled={visible.length === 0}
            columns={apiKeyColumns(unitOf, lang)}
            rows={visible}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="api-key-create"
            onClick={() => setCreateOpen(true)}
          >
            {t('apiKeys.create')}
          </Button>
        </div>
      </div>
      {keys.isError ? (
        <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
      ) : (
        <Table<ApiKey>
          data-testid="api-keys-table"
          rowKey="id"
          size="middle"
          scroll={{ x: 'max-content' }}
          loading={keys.isFetching}
          columns={columns}
          dataSource={visible}
          locale={{ emptyText: t('apiKeys.empty') }}
          rowClassName={(k) => (k.revokedAt ? 'yw-row-muted' : '')}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { total }),
          }}
        />
      )}
      <ApiKeyCreateModal
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(key) => {
          setCreateOpen(false);
          setSecret(key);
        }}
      />
      <ApiKeySecretModal secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}

interface ApiKeyForm {
  name: string;
  roles: string[];
  unitId: string;
}

function ApiKeyCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (key: string) => void;
}) {
  const { t, lang } = useLocale();
  const [form] = Form.useForm<ApiKeyForm>();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
  }, [open, form]);

  const create = useMutation({
    mutationFn: (v: ApiKeyForm) =>
      api.post<{ id: string; key: string }>('/api/api-keys', { ...v, name: v.name.trim() }),
    onSuccess: async (res) => {
      await qc.invalidateQueries({ queryKey: KEYS });
      onCreated(res.key);
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });

  return (
    <Modal
      open={open}
      title={t('apiKeys.create')}
      onCancel={onClose}
      okText={t('common.create')}
      okButtonProps={{ 'data-testid': 'api-key-submit', loading: create.isPending }}
      onOk={() => form.submit()}
      forceRender
      data-testid="api-key-modal"
    >
      <FormError error={error} />
      <Form<ApiKeyForm>
        form={form}
        name="api-key-form"
        layout="vertical"
        requiredMark={false}
        initialValues={{ roles: ['device'] }}
        onFinish={(v) => {
          setError(null);
          create.mutate(v);
        }}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('apiKeys.name') }) },
            {
              validator: (_, v: string | undefined) =>
                !v || (v.trim().length >= 2 && v.length <= 80)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('apiKeys.nameLength'))),
            },
          ]}
        >
          <Input autoComplete="off" placeholder={t('apiKeys.namePlaceholder')} data-testid="api-key-name" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('apiKeys.roles')}
          rules={[
            {
              required: true,
              type: 'array',
              min: 1,
              message: t('common.required', { field: t('apiKeys.roles') }),
            },
          ]}
        >
          <Checkbox.Group
            data-testid="api-key-roles"
            options={API_KEY_ROLES.map((r) => ({
              value: r,
              label: <span data-testid={`api-key-role-${r}`}>{apiKeyRoleLabel(r, lang)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('apiKeys.unit')}
          rules={[{ required: true, message: t('common.required', { field: t('apiKeys.unit') }) }]}
        >
          <UnitTreeSelect data-testid="api-key-unit" aria-label={t('apiKeys.unit')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The secret, once: copy it now or revoke and create another. */
function ApiKeySecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      message.success(t('common.copied'));
    } catch {
      message.error(t('common.copyFailed'));
    }
  };
  return (
    <Modal
      open={secret !== null}
      title={t('apiKeys.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      data-testid="api-key-secret-modal"
      footer={
        <Button type="primary" data-testid="api-key-secret-close" onClick={onClose}>
          {t('apiKeys.secretDone')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('apiKeys.secretWarning')}
        data-testid="api-key-secret-warning"
        className="yw-form-error"
      />
      <div className="yw-secret">
        <Typography.Text code data-testid="api-key-secret" className="yw-secret-text">
          {secret}
        </Typography.Text>
        <Button icon={<CopyOutlined />} data-testid="api-key-copy" onClick={() => void copy()}>
          {t('common.copy')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" className="yw-secret-usage">
        {t('apiKeys.secretUsage')}
      </Typography.Paragraph>
    </Modal>
  );
}
