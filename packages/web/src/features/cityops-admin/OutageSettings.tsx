import { useEffect } from 'react';
import { App, Alert, Button, Card, Form, InputNumber, Select, Switch } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { FormError, showProblem } from '../../app/components/FormError';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';

/** GET/PUT /api/sensor-outage-setting */
type OutageSetting = {
  minSensors: number;
  minSharePercent: number;
  severity: number;
  opensWorkOrder: boolean;
  categoryCode: string | null;
};
type CategoryItem = { code: string; name: string; kind: 'component' | 'event' | 'hotline'; active: boolean };

const T = {
  zh: {
    title: '区域集中离线',
    hint: '同一居委会内离线传感器同时达到“最少台数”和“占比”两个阈值时，视为停电或通信中断：只产生一条“区域集中离线”告警，其下各传感器的离线告警仍记录但不再各自立案；是否立案由本设置决定（一张工单，地点为该居委会）。占比降到阈值以下时告警自动解除，并在工单中留下处理动态（工单不会因此结案）。',
    minSensors: '最少离线台数',
    minShare: '最少离线占比',
    minShareHint: '占该居委会在用（已上报过）传感器的百分比',
    severity: '告警级别',
    opens: '立案派单',
    category: '工单类别',
    categoryHint: '供电、通信类问题的类别；按派遣规则派至责任单位，无规则时进入调度台',
    save: '保存',
    saved: '已保存',
    levels: { 1: '一般', 2: '较重', 3: '严重' } as Record<number, string>,
  },
  en: {
    title: 'Area outage',
    hint: 'When the silent sensors of one residents’ committee reach both thresholds — a minimum number and a share — it is treated as a power or network failure: one “area outage” alarm is raised; its sensors’ offline alarms are still recorded but open no order each; this setting decides whether the outage opens one order (at the committee). When the share falls below the threshold the alarm clears itself and posts an update to its order (never closing it).',
    minSensors: 'Min. silent sensors',
    minShare: 'Min. silent share',
    minShareHint: 'Per cent of the committee’s active sensors that have reported before',
    severity: 'Severity',
    opens: 'Opens an order',
    category: 'Order category',
    categoryHint:
      'A power or network category; routed to its responsible unit by the routing table, or to the dispatcher',
    save: 'Save',
    saved: 'Saved',
    levels: { 1: 'minor', 2: 'major', 3: 'critical' } as Record<number, string>,
  },
} as const;

/**
 * 区域集中离线设置: the thresholds (min silent sensors AND min share of a committee's active
 * sensors), the outage alarm's severity and whether it opens one order in which category
 * (PUT /api/sensor-outage-setting, administrators; audited).
 */
export function OutageSettings() {
  const { lang } = useLocale();
  const t = T[lang];
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<OutageSetting>();
  const setting = useQuery({
    queryKey: ['sensor-outage-setting'],
    queryFn: () => api.get<OutageSetting>('/api/sensor-outage-setting'),
  });
  const categories = useQuery({
    queryKey: ['cityops', 'categories'],
    queryFn: () => api.get<{ items: CategoryItem[] }>('/api/cityops/categories'),
  });
  useEffect(() => {
    if (setting.data) form.setFieldsValue(setting.data);
  }, [setting.data, form]);
  const save = useMutation({
    mutationFn: (v: OutageSetting) =>
      api.put<OutageSetting>('/api/sensor-outage-setting', { ...v, categoryCode: v.categoryCode ?? null }),
    onSuccess: (v) => {
      message.success(t.saved);
      qc.setQueryData(['sensor-outage-setting'], v);
    },
    onError: (e) => showProblem(form, e, lang),
  });
  const opens = Form.useWatch('opensWorkOrder', form);
  if (setting.isError) return <QueryError error={setting.error} onRetry={() => void setting.refetch()} />;
  return (
    <Card size="small" title={t.title} style={{ marginTop: 16 }} data-testid="outage-settings">
      <Alert type="info" showIcon title={t.hint} style={{ marginBottom: 16 }} />
      <FormError error={save.error} />
      <Form<OutageSetting>
        form={form}
        layout="vertical"
        disabled={setting.isLoading}
        onFinish={(v) => save.mutate(v)}
        style={{ maxWidth: 520 }}
      >
        <div className="yw-toolbar">
          <Form.Item name="minSensors" label={t.minSensors} rules={[{ required: true }]}>
            <InputNumber min={2} max={10000} precision={0} data-testid="outage-min-sensors" />
          </Form.Item>
          <Form.Item
            name="minSharePercent"
            label={t.minShare}
            tooltip={t.minShareHint}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={100} precision={0} suffix="%" data-testid="outage-min-share" />
          </Form.Item>
          <Form.Item name="severity" label={t.severity} rules={[{ required: true }]}>
            <Select
              style={{ width: 120 }}
              options={[1, 2, 3].map((n) => ({ value: n, label: `${n} · ${t.levels[n]}` }))}
            />
          </Form.Item>
        </div>
        <Form.Item name="opensWorkOrder" label={t.opens} valuePropName="checked">
          <Switch data-testid="outage-opens" />
        </Form.Item>
        <Form.Item
          name="categoryCode"
          label={t.category}
          extra={t.categoryHint}
          rules={[{ required: !!opens }]}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={categories.isLoading}
            data-testid="outage-category"
            options={(categories.data?.items ?? [])
              .filter((c) => c.kind !== 'hotline' && c.active)
              .map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="outage-save">
          {t.save}
        </Button>
      </Form>
    </Card>
  );
}
