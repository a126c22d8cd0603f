import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { QueryError } from '../../app/components/results';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';
import type { Place } from '../work-orders/types';
import { DuplicateSettings } from './DuplicateSettings';
import { OfflineAlarmSettings } from './OfflineAlarmSettings';

type Category = {
  code: string;
  kind: 'component' | 'event' | 'hotline';
  majorCode: string | null;
  majorName: string;
  minorCode: string | null;
  name: string;
  filingCondition: string;
  closingCondition: string;
  limitValue: number;
  limitUnit: 'workingHours' | 'workingDays' | 'clockHours';
  limitAssumed: boolean;
  firstContactDays: number | null;
  defaultUnitCode: string | null;
  defaultUnitName: string | null;
  responsibleText: string;
  source: string;
  active: boolean;
};
type Rule = {
  id: string;
  categoryCode: string;
  categoryName: string;
  placeUnitId: string | null;
  placeName: string | null;
  unitId: string;
  unitName: string;
};

const T = {
  zh: {
    title: '工单类别与派遣规则',
    categories: '类别与时限',
    routing: '派遣规则',
    code: '编码',
    kind: '类型',
    name: '类别',
    filing: '立案条件',
    closing: '结案条件',
    limit: '处置时限',
    assumed: '假定值',
    unit: '默认责任单位',
    byStreet: '所在街道',
    active: '启用',
    edit: '编辑',
    save: '保存',
    place: '地点（街道/居委会）',
    anywhere: '全区',
    target: '责任单位',
    add: '添加规则',
    remove: '删除',
    saved: '已保存',
    component: '部件',
    event: '事件',
    hotline: '12345',
    workingHours: '工作时',
    workingDays: '工作日',
    clockHours: '小时',
    settings: '疑似重复设置',
    offline: '离线告警设置',
  },
  en: {
    title: 'Work-order categories and routing',
    categories: 'Categories and limits',
    routing: 'Routing table',
    code: 'Code',
    kind: 'Kind',
    name: 'Category',
    filing: 'Filing condition',
    closing: 'Closing condition',
    limit: 'Limit',
    assumed: 'assumed',
    unit: 'Default unit',
    byStreet: 'street of the place',
    active: 'Active',
    edit: 'Edit',
    save: 'Save',
    place: 'Place (street or committee)',
    anywhere: 'Anywhere',
    target: 'Responsible unit',
    add: 'Add rule',
    remove: 'Remove',
    saved: 'Saved',
    component: 'Component',
    event: 'Event',
    hotline: '12345',
    workingHours: 'working hours',
    workingDays: 'working days',
    clockHours: 'hours',
    settings: 'Duplicate settings',
    offline: 'Offline alarms',
  },
} as const;

const categoryColumns = (lang: Lang): ExportColumn<Category>[] => {
  const t = T[lang];
  return [
    { header: t.code, value: (c) => c.code },
    { header: t.kind, value: (c) => t[c.kind] },
    { header: t.name, value: (c) => `${c.majorName} / ${c.name}`, width: 28 },
    { header: t.filing, value: (c) => c.filingCondition, width: 40 },
    {
      header: t.limit,
      value: (c) => `${c.limitValue} ${t[c.limitUnit]}${c.limitAssumed ? ` (${t.assumed})` : ''}`,
    },
    { header: t.closing, value: (c) => c.closingCondition, width: 40 },
    { header: t.unit, value: (c) => c.defaultUnitName ?? t.byStreet, width: 20 },
  ];
};

/** /admin/cityops — categories with their limits (district administrators) and the routing table. */
export default function CityopsAdminPage() {
  const { lang } = useLocale();
  const t = T[lang];
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Category | null>(null);
  const [catForm] = Form.useForm();
  const [ruleForm] = Form.useForm();
  const cats = useQuery({
    queryKey: ['cityops', 'categories'],
    queryFn: () => api.get<{ items: Category[] }>('/api/cityops/categories'),
  });
  const rules = useQuery({
    queryKey: ['cityops', 'rules'],
    queryFn: () => api.get<{ items: Rule[] }>('/api/cityops/routing-rules'),
  });
  const places = useQuery({
    queryKey: ['cityops', 'places'],
    queryFn: () => api.get<{ items: Place[] }>('/api/cityops/places'),
  });
  const onError = (e: unknown) => message.error(errorText(e, lang));
  const saveCat = useMutation({
    // the server reads the input fields and ignores the names joined for display
    mutationFn: (c: Category) => api.put(`/api/cityops/categories/${c.code}`, c),
    onSuccess: () => {
      setEditing(null);
      message.success(t.saved);
      void qc.invalidateQueries({ queryKey: ['cityops', 'categories'] });
    },
    onError,
  });
  const addRule = useMutation({
    mutationFn: (v: { categoryCode: string; placeUnitId?: string; unitId: string }) =>
      api.post('/api/cityops/routing-rules', { ...v, placeUnitId: v.placeUnitId ?? null }),
    onSuccess: () => {
      ruleForm.resetFields();
      message.success(t.saved);
      void qc.invalidateQueries({ queryKey: ['cityops', 'rules'] });
    },
    onError,
  });
  const removeRule = useMutation({
    mutationFn: (id: string) => api.delete(`/api/cityops/routing-rules/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['cityops', 'rules'] }),
    onError,
  });
  const items = cats.data?.items ?? [];
  const placeItems = places.data?.items ?? [];
  const units = placeItems.filter((p) => p.kind !== 'committee').map((p) => ({ value: p.id, label: p.name }));
  const departments = placeItems
    .filter((p) => p.kind === 'department')
    .map((p) => ({ value: p.code, label: p.name }));
  if (cats.isError) return <QueryError error={cats.error} onRetry={() => void cats.refetch()} />;
  return (
    <Card title={t.title} data-testid="cityops-admin">
      <Tabs
        items={[
          {
            key: 'categories',
            label: t.categories,
            children: (
              <>
                <ExportButtons
                  filename="cityops-categories"
                  sheetName={t.categories}
                  columns={categoryColumns(lang)}
                  rows={items}
                  disabled={!items.length}
                />
                <Table
                  className="yw-section"
                  rowKey="code"
                  size="small"
                  loading={cats.isPending}
                  dataSource={items}
                  data-testid="cityops-categories"
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: t.code, dataIndex: 'code', width: 90 },
                    { title: t.kind, width: 80, render: (_, c) => t[c.kind] },
                    { title: t.name, render: (_, c) => `${c.majorName} / ${c.name}` },
                    {
                      title: t.limit,
                      width: 140,
                      render: (_, c) => (
                        <span>
                          {c.limitValue} {t[c.limitUnit]} {c.limitAssumed && <Tag>{t.assumed}</Tag>}
                        </span>
                      ),
                    },
                    { title: t.unit, width: 160, render: (_, c) => c.defaultUnitName ?? t.byStreet },
                    { title: t.active, width: 70, render: (_, c) => (c.active ? '✓' : '—') },
                    {
                      title: '',
                      width: 70,
                      render: (_, c) => (
                        <Button
                          size="small"
                          data-testid={`cat-edit-${c.code}`}
                          // the dialog's form mounts when it opens, with the category as its
                          // initial values (setting it before that makes antd warn it is unhooked)
                          onClick={() => setEditing(c)}
                        >
                          {t.edit}
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'routing',
            label: t.routing,
            children: (
              <>
                <Form
                  form={ruleForm}
                  layout="inline"
                  onFinish={(v: { categoryCode: string; placeUnitId?: string; unitId: string }) =>
                    addRule.mutate(v)
                  }
                >
                  <Form.Item name="categoryCode" rules={[{ required: true }]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder={t.name}
                      style={{ width: 220 }}
                      data-testid="rule-category"
                      options={items.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
                    />
                  </Form.Item>
                  <Form.Item name="placeUnitId">
                    <Select
                      showSearch
                      allowClear
                      optionFilterProp="label"
                      placeholder={`${t.place}: ${t.anywhere}`}
                      style={{ width: 220 }}
                      data-testid="rule-place"
                      options={placeItems
                        .filter((p) => p.kind === 'street' || p.kind === 'committee')
                        .map((p) => ({ value: p.id, label: p.name }))}
                    />
                  </Form.Item>
                  <Form.Item name="unitId" rules={[{ required: true }]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder={t.target}
                      style={{ width: 200 }}
                      data-testid="rule-unit"
                      options={units}
                    />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={addRule.isPending} data-testid="rule-add">
                    {t.add}
                  </Button>
                </Form>
                <Table
                  className="yw-section"
                  rowKey="id"
                  size="small"
                  loading={rules.isPending}
                  dataSource={rules.data?.items ?? []}
                  data-testid="cityops-rules"
                  columns={[
                    { title: t.name, render: (_, r) => `${r.categoryCode} ${r.categoryName}` },
                    { title: t.place, render: (_, r) => r.placeName ?? t.anywhere },
                    { title: t.target, dataIndex: 'unitName' },
                    {
                      title: '',
                      width: 80,
                      render: (_, r) => (
                        <Popconfirm title={t.remove} onConfirm={() => removeRule.mutate(r.id)}>
                          <Button size="small" danger>
                            {t.remove}
                          </Button>
                        </Popconfirm>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'settings',
            label: t.settings,
            children: <DuplicateSettings />,
          },
          {
            key: 'offline',
            label: t.offline,
            children: <OfflineAlarmSettings />,
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing ? `${editing.code} ${editing.name}` : ''}
        okText={t.save}
        confirmLoading={saveCat.isPending}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        onOk={() =>
          void catForm
            .validateFields()
            .then((v: Partial<Category>) => saveCat.mutate({ ...editing!, ...v, limitAssumed: false }))
        }
      >
        <Form form={catForm} layout="vertical" preserve={false} initialValues={editing ?? undefined}>
          <Space>
            <Form.Item name="limitValue" label={t.limit} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={10000} data-testid="cat-limit" />
            </Form.Item>
            <Form.Item name="limitUnit" label=" ">
              <Select
                style={{ width: 120 }}
                options={(['workingHours', 'workingDays', 'clockHours'] as const).map((u) => ({
                  value: u,
                  label: t[u],
                }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="defaultUnitCode" label={t.unit}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t.byStreet}
              options={departments}
            />
          </Form.Item>
          <Form.Item name="active" label={t.active} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
