import { App, Alert, Select, Switch, Table, Tooltip } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { useSensorTypes } from '../sensors/sensors-api';
import type { SensorType } from '../sensors/types';
import { OutageSettings } from './OutageSettings';

const T = {
  zh: {
    hint: '传感器超过上报间隔 3 倍仍无数据即为离线，产生一条“离线”告警；设备恢复上报后告警自动清除。在此设定各类型离线告警的级别，以及是否据此立案派单（须该类型已关联事件类别）。',
    type: '传感器类型',
    sensors: '设备数',
    category: '关联类别',
    severity: '离线告警级别',
    opens: '离线时立案',
    noCategory: '该类型未关联事件类别，不能立案',
    saved: '已保存',
    levels: { 1: '一般', 2: '较重', 3: '严重' } as Record<number, string>,
  },
  en: {
    hint: 'A sensor silent for three times its reporting interval is offline and raises an “offline” alarm, cleared when it reports again. Set, per type, the severity of that alarm and whether it opens a work order (only for a type with a category).',
    type: 'Sensor type',
    sensors: 'Sensors',
    category: 'Category',
    severity: 'Offline severity',
    opens: 'Opens an order',
    noCategory: 'This type has no category: it cannot open orders',
    saved: 'Saved',
    levels: { 1: 'minor', 2: 'major', 3: 'critical' } as Record<number, string>,
  },
} as const;

/**
 * 离线告警设置: per sensor type, the severity of the alarm a silent sensor raises and whether it
 * opens a work order (PUT /api/sensor-types/:code/offline, administrators; audited); below,
 * the committee-wide outage (区域集中离线) thresholds.
 */
export function OfflineAlarmSettings() {
  const { lang } = useLocale();
  const t = T[lang];
  const { message } = App.useApp();
  const qc = useQueryClient();
  const types = useSensorTypes();
  const save = useMutation({
    mutationFn: (v: { code: string; severity: number; opensWorkOrder: boolean }) =>
      api.put(`/api/sensor-types/${encodeURIComponent(v.code)}/offline`, {
        severity: v.severity,
        opensWorkOrder: v.opensWorkOrder,
      }),
    onSuccess: () => {
      message.success(t.saved);
      void qc.invalidateQueries({ queryKey: ['sensor-types'] });
    },
    onError: (e) => message.error(errorText(e, lang)),
  });
  if (types.isError) return <QueryError error={types.error} onRetry={() => void types.refetch()} />;
  const change = (type: SensorType, patch: Partial<{ severity: number; opensWorkOrder: boolean }>) =>
    save.mutate({
      code: type.code,
      severity: patch.severity ?? type.offlineSeverity,
      opensWorkOrder: patch.opensWorkOrder ?? type.offlineOpensWorkOrder,
    });
  return (
    <div className="yw-section" data-testid="offline-settings">
      <Alert type="info" showIcon title={t.hint} style={{ marginBottom: 16 }} />
      <Table<SensorType>
        rowKey="code"
        size="small"
        loading={types.isLoading || save.isPending}
        dataSource={types.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t.type,
            key: 'type',
            render: (_, r) => `${lang === 'zh' ? r.name : r.nameEn} (${r.code})`,
          },
          { title: t.sensors, dataIndex: 'sensors', align: 'right' },
          { title: t.category, dataIndex: 'categoryName', render: (v: string | null) => v ?? '—' },
          {
            title: t.severity,
            key: 'severity',
            render: (_, r) => (
              <Select
                size="small"
                style={{ width: 120 }}
                value={r.offlineSeverity}
                data-testid={`offline-severity-${r.code}`}
                options={[1, 2, 3].map((n) => ({ value: n, label: `${n} · ${t.levels[n]}` }))}
                onChange={(severity) => change(r, { severity })}
              />
            ),
          },
          {
            title: t.opens,
            key: 'opens',
            render: (_, r) => (
              <Tooltip title={r.categoryCode ? undefined : t.noCategory}>
                <Switch
                  size="small"
                  checked={r.offlineOpensWorkOrder}
                  disabled={!r.categoryCode && !r.offlineOpensWorkOrder}
                  data-testid={`offline-opens-${r.code}`}
                  onChange={(opensWorkOrder) => change(r, { opensWorkOrder })}
                />
              </Tooltip>
            ),
          },
        ]}
      />
      <OutageSettings />
    </div>
  );
}
