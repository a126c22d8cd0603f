import { App, Alert, Button, Form, InputNumber, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { useLocale } from '../../i18n/useT';

/** A city-operations setting as GET /api/work-orders/settings lists it, with its allowed range. */
type Setting = {
  key: string;
  value: number;
  description: string;
  updatedAt: string;
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: { zh: string; en: string };
};

const KEYS = ['duplicate.radiusMetres', 'duplicate.windowDays'] as const;
type Key = (typeof KEYS)[number];

const T = {
  zh: {
    hint: '新上报的问题与同类未结工单在同一居委会，或在以下距离和天数之内时，提示为疑似重复（可合并或关注）。',
    'duplicate.radiusMetres': '距离半径',
    'duplicate.windowDays': '时间窗口',
    range: (min: number, max: number, unit: string, integer: boolean) =>
      `${min}–${max} ${unit}${integer ? '，整数' : ''}`,
    required: '请填写',
    outOfRange: (min: number, max: number, unit: string) => `须为 ${min}–${max} ${unit}的整数`,
    updatedAt: '最近修改',
    save: '保存',
    saved: '已保存',
    reset: '还原',
  },
  en: {
    hint: 'A new report is offered as a possible duplicate of an open order of the same category at the same committee, or within this distance and number of days; it can then be merged or followed.',
    'duplicate.radiusMetres': 'Radius',
    'duplicate.windowDays': 'Window',
    range: (min: number, max: number, unit: string, integer: boolean) =>
      `${min}–${max} ${unit}${integer ? ', whole numbers' : ''}`,
    required: 'Required',
    outOfRange: (min: number, max: number, unit: string) => `A whole number of ${unit} from ${min} to ${max}`,
    updatedAt: 'Last changed',
    save: 'Save',
    saved: 'Saved',
    reset: 'Reset',
  },
} as const;

/**
 * The duplicate radius and window (cityops_setting), on the city-operations admin page. The
 * ranges come from the server (the same limits it checks); a refused value shows the server's
 * message under its field.
 */
export function DuplicateSettings() {
  const { lang } = useLocale();
  const t = T[lang];
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Record<Key, number>>();
  const q = useQuery({
    queryKey: ['work-orders', 'settings'],
    queryFn: () => api.get<{ items: Setting[] }>('/api/work-orders/settings'),
  });
  const settings = new Map((q.data?.items ?? []).map((s) => [s.key, s]));
  const save = useMutation({
    mutationFn: async (values: Record<Key, number>) => {
      for (const key of KEYS)
        if (values[key] !== settings.get(key)?.value)
          await api
            .put(`/api/work-orders/settings/${key}`, { value: values[key] })
            .catch((error: unknown) => Promise.reject({ key, error }));
    },
    onSuccess: () => {
      message.success(t.saved);
      void qc.invalidateQueries({ queryKey: ['work-orders', 'settings'] });
    },
    onError: (e: { key?: Key; error?: unknown }) => {
      if (e.key) form.setFields([{ name: e.key, errors: [errorText(e.error, lang)] }]);
      else message.error(errorText(e, lang));
    },
  });
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  const initial = Object.fromEntries(KEYS.map((k) => [k, settings.get(k)?.value])) as Record<Key, number>;
  const last = KEYS.map((k) => settings.get(k)?.updatedAt ?? '')
    .sort()
    .at(-1);
  return (
    <div className="yw-section" style={{ maxWidth: 560 }} data-testid="duplicate-settings">
      <Alert type="info" showIcon title={t.hint} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        initialValues={initial}
        // a fresh form when the saved values change (no setFieldsValue before it mounts)
        key={q.dataUpdatedAt}
        onFinish={(v) => save.mutate(v)}
      >
        {KEYS.map((key) => {
          const s = settings.get(key);
          const unit = s?.unit?.[lang] ?? '';
          const min = s?.min ?? 1;
          const max = s?.max ?? 100_000;
          return (
            <Form.Item
              key={key}
              name={key}
              label={t[key]}
              extra={t.range(min, max, unit, !!s?.integer)}
              rules={[
                { required: true, message: t.required },
                {
                  validator: (_, v: number | null) =>
                    v === null ||
                    v === undefined ||
                    (v >= min && v <= max && (!s?.integer || Number.isInteger(v)))
                      ? Promise.resolve()
                      : Promise.reject(new Error(t.outOfRange(min, max, unit))),
                },
              ]}
            >
              <InputNumber suffix={unit} style={{ width: 200 }} data-testid={`setting-${key}`} />
            </Form.Item>
          );
        })}
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
            {t.save}
          </Button>{' '}
          <Button htmlType="reset">{t.reset}</Button>
        </Form.Item>
        {last ? (
          <Typography.Text type="secondary">
            {t.updatedAt} {formatShanghai(last)}
          </Typography.Text>
        ) : null}
      </Form>
    </div>
  );
}
