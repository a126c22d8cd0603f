import '../catalogue/catalogue.css';
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { isApiError } from '../../api/problem';
import { FormError } from '../../app/components/FormError';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { ExportButtons } from '../../lib/ExportButtons';
import { unitsQuery } from '../admin-units/units-api';
import {
  itemName,
  itemQuery,
  itemsQuery,
  saveItem,
  versionsQuery,
  type ItemSummary,
  type ItemVersion,
} from '../catalogue/catalogue-api';
import { itemColumns } from '../catalogue/catalogue-csv';
import { useCatalogueT } from '../catalogue/catalogue-text';
import { editorFieldName, fromEditorValues, toEditorValues, type EditorValues } from './catalogue-form';

const TYPES = ['行政许可', '行政确认', '行政给付', '行政备案', '行政裁决', '公共服务', '其他'];

/** 事项管理: every item, searchable and exportable; edit saves a new version; history shows who and when. */
export default function CatalogueAdminPage() {
  const { lang, t } = useLocale();
  const c = useCatalogueT();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<string | null>(null);
  const items = useQuery(itemsQuery({ q: q || undefined, page, pageSize: 50 }));

  /** Every matching item, not just this page. */
  const fetchAll = async () =>
    (await api.get<{ items: ItemSummary[] }>('/api/catalogue/items', { q: q || undefined, pageSize: 500 }))
      .items;

  return (
    <Card title={c('adminTitle')}>
      <div className="yw-toolbar">
        <Input.Search
          className="yw-grow"
          allowClear
          placeholder={c('searchPlaceholder')}
          aria-label={t('common.search')}
          data-testid="catalogue-admin-search"
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        <div className="yw-end">
          <ExportButtons filename="catalogue" columns={itemColumns(lang)} rows={fetchAll} />
        </div>
      </div>
      {items.isError ? (
        <QueryError error={items.error} onRetry={() => void items.refetch()} />
      ) : (
        <Table<ItemSummary>
          data-testid="catalogue-admin-table"
          rowKey="code"
          size="small"
          scroll={{ x: 'max-content' }}
          loading={items.isFetching}
          dataSource={items.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: 50,
            total: items.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
            showSizeChanger: false,
          }}
          columns={[
            { title: c('code'), dataIndex: 'code', key: 'code' },
            { title: c('name'), key: 'name', render: (_, i) => itemName(i, lang) },
            {
              title: c('department'),
              key: 'dept',
              render: (_, i) => (lang === 'en' && i.departmentNameEn ? i.departmentNameEn : i.departmentName),
            },
            { title: c('promisedDays'), dataIndex: 'promisedLimitDays', key: 'promised' },
            { title: c('legalDays'), dataIndex: 'legalLimitDays', key: 'legal' },
            { title: 'v', dataIndex: 'version', key: 'version' },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, i) => (
                <span className="yw-row-actions">
                  <Typography.Link
                    data-testid={`catalogue-edit-${i.code}`}
                    onClick={() => setEditing(i.code)}
                  >
                    {c('edit')}
                  </Typography.Link>{' '}
                  <Link to={`/services/${i.code}`}>{c('viewPublic')}</Link>
                </span>
              ),
            },
          ]}
        />
      )}
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing}
        size="large"
        destroyOnHidden
        data-testid="catalogue-drawer"
      >
        {editing && <ItemEditor code={editing} />}
      </Drawer>
    </Card>
  );
}

function ItemEditor({ code }: { code: string }) {
  const c = useCatalogueT();
  return (
    <Tabs
      items={[
        { key: 'edit', label: c('edit'), children: <EditForm code={code} /> },
        {
          key: 'history',
          label: <span data-testid="catalogue-history-tab">{c('history')}</span>,
          children: <History code={code} />,
        },
      ]}
    />
  );
}

function EditForm({ code }: { code: string }) {
  const { lang } = useLocale();
  const c = useCatalogueT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const item = useQuery(itemQuery(code));
  const departments = useQuery(unitsQuery({ kind: 'department' }));
  type Values = EditorValues & { note?: string; newCode?: string };
  const save = useMutation({
    mutationFn: ({ values, asNew }: { values: Values; asNew: boolean }) => {
      const { note, newCode, ...rest } = values;
      const definition = fromEditorValues({
        ...item.data!.definition,
        ...toEditorValues(item.data!.definition),
        ...rest,
      });
      const noted = note ? { note } : {};
      return asNew
        ? api.post<{ code: string; version: number }>('/api/catalogue/items', {
            definition: { ...definition, code: (newCode ?? '').trim() },
            ...noted,
          })
        : saveItem(code, { definition, expectedVersion: item.data!.version, ...noted });
    },
    onSuccess: async (res, { asNew }) => {
      void message.success(asNew ? c('created', { code: res.code }) : c('saved', { v: res.version }));
      await queryClient.invalidateQueries({ queryKey: ['catalogue'] });
      form.setFieldValue('note', '');
    },
    onError: (error: unknown, { asNew }) => {
      if (!isApiError(error)) {
        const e = error as { field?: string; message?: string };
        if (e.field)
          form.setFields([{ name: [e.field], errors: [c('jsonInvalid', { message: e.message ?? '' })] }]);
        return;
      }
      form.setFields(
        error.errors.map((f) => {
          const { name, prefix } = editorFieldName(f.field);
          const target = asNew && name[0] === 'code' ? ['newCode'] : name;
          return { name: target, errors: [prefix + (lang === 'zh' ? f.zh : f.en)] };
        }),
      );
    },
  });
  if (item.isError) return <QueryError error={item.error} onRetry={() => void item.refetch()} />;
  if (!item.data) return <Card loading />;
  const initial = toEditorValues(item.data.definition);

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      key={item.data.version}
      onFinish={(v: Values) => save.mutate({ values: v, asNew: false })}
      data-testid="catalogue-form"
    >
      <FormError error={isApiError(save.error) ? save.error : null} />
      <Typography.Paragraph type="secondary">
        {c('version', { v: item.data.version })} · {item.data.definition.code}
      </Typography.Paragraph>
      <Form.Item name="name" label={c('name')} rules={[{ required: true }]}>
        <Input data-testid="catalogue-field-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={c('nameEn')}>
        <Input />
      </Form.Item>
      <Form.Item name="type" label={c('type')}>
        <Select options={TYPES.map((v) => ({ value: v, label: v }))} />
      </Form.Item>
      <Form.Item name="departmentCode" label={c('department')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={(departments.data?.items ?? []).map((u) => ({
            value: u.code,
            label: lang === 'en' && u.nameEn ? u.nameEn : u.name,
          }))}
        />
      </Form.Item>
      <div className="yw-form-row">
        <Form.Item name="legalLimitDays" label={c('legalDays')}>
          <InputNumber min={0} max={365} precision={0} data-testid="catalogue-field-legalLimitDays" />
        </Form.Item>
        <Form.Item name="promisedLimitDays" label={c('promisedDays')}>
          <InputNumber min={0} max={365} precision={0} data-testid="catalogue-field-promisedLimitDays" />
        </Form.Item>
        <Form.Item name="visits" label={c('visitsLabel')}>
          <Select options={[0, 1, 2].map((v) => ({ value: v, label: String(v) }))} />
        </Form.Item>
      </div>
      <div className="yw-form-row">
        <Form.Item name="instant" label={c('instantLabel')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="pledgeAllowed" label={c('pledgeLabel')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="toleranceAllowed" label={c('toleranceLabel')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="riskLevel" label={c('risk')}>
          <Select options={['low', 'medium', 'high'].map((v) => ({ value: v, label: v }))} />
        </Form.Item>
      </div>
      <Form.Item name="fee" label={c('feeLabel')}>
        <Input />
      </Form.Item>
      <Form.Item name="basis" label={c('basisLabel')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="issuesLicenseType" label={c('issuesLabel')}>
        <Input />
      </Form.Item>
      <Form.Item name="lifeEvents" label={c('lifeEvents')}>
        <Select mode="tags" />
      </Form.Item>
      <Form.Item name="keywords" label={c('keywords')}>
        <Select mode="tags" />
      </Form.Item>
      <Form.Item name="demoAssumptions" label={c('demoAssumptions')}>
        <Select mode="tags" />
      </Form.Item>
      <Form.Item name="materialsJson" label={c('jsonMaterials')}>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 16 }}
          className="yw-mono"
          data-testid="catalogue-field-materials"
        />
      </Form.Item>
      <Form.Item name="formJson" label={c('jsonForm')}>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 16 }}
          className="yw-mono"
          data-testid="catalogue-field-form"
        />
      </Form.Item>
      <Form.Item name="note" label={c('note')}>
        <Input data-testid="catalogue-field-note" maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="catalogue-save">
        {c('save')}
      </Button>
      <div className="yw-form-row yw-section">
        <Form.Item name="newCode" label={c('newCode')}>
          <Input placeholder="SCJG-100" data-testid="catalogue-field-newCode" maxLength={20} />
        </Form.Item>
        <Form.Item label=" ">
          <Button
            data-testid="catalogue-save-as-new"
            loading={save.isPending}
            onClick={() => save.mutate({ values: form.getFieldsValue(true) as Values, asNew: true })}
          >
            {c('saveAsNew')}
          </Button>
        </Form.Item>
      </div>
    </Form>
  );
}

function History({ code }: { code: string }) {
  const { lang } = useLocale();
  const c = useCatalogueT();
  const versions = useQuery(versionsQuery(code));
  if (versions.isError) return <QueryError error={versions.error} onRetry={() => void versions.refetch()} />;
  return (
    <Table<ItemVersion>
      data-testid="catalogue-history"
      rowKey="version"
      size="small"
      loading={versions.isFetching}
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={versions.data?.items ?? []}
      onRow={(v) => ({ 'data-testid': `history-row-${v.version}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: 'v', dataIndex: 'version', key: 'version' },
        {
          title: c('createdAt'),
          key: 'at',
          render: (_, v) => new Date(v.createdAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB'),
        },
        { title: c('createdBy'), key: 'by', render: (_, v) => v.createdBy?.name ?? c('seedBy') },
        { title: c('promisedDays'), key: 'promised', render: (_, v) => v.definition.promisedLimitDays },
        { title: c('note'), dataIndex: 'note', key: 'note' },
      ]}
    />
  );
}
