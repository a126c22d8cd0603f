import { useState } from 'react';
import { Card, Segmented, Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { ExportButtons } from '../../lib/ExportButtons';
import { AlarmTable } from './AlarmTable';
import { useSnT } from './i18n';
import { alarmColumns } from './sensor-view';
import { usePlaces } from './sensors-api';
import type { Alarm } from './types';
import './sensors.css';

type StateFilter = 'active' | 'open' | 'acknowledged' | 'cleared' | 'all';
type Filter = {
  state: StateFilter;
  severity?: number;
  streetId?: string;
  /** 'outage' (区域集中离线), 'offline' or a rule's type */
  alarmType?: string;
  page: number;
  pageSize: number;
};
type AlarmPage = { items: Alarm[]; total: number };

const query = (f: Omit<Filter, 'page' | 'pageSize'>) => ({
  state: f.state === 'all' ? undefined : f.state,
  severity: f.severity,
  streetId: f.streetId,
  alarmType: f.alarmType,
  // an open area outage stands for its sensors' offline alarms (listed under it), unless asked for those
  grouped: f.alarmType === 'offline' ? undefined : 'true',
});

const ALARM_TYPES = [
  'outage',
  'offline',
  'threshold-high',
  'threshold-low',
  'sustained-high',
  'sustained-low',
  'rate-rise',
  'rate-fall',
] as const;

/** /workbench/alarms — 传感器告警: newest first, by state, severity and street; acknowledge, clear, follow to the order. */
export default function AlarmsPage() {
  const { st, sl, lang } = useSnT();
  const [filter, setFilter] = useState<Filter>({ state: 'active', page: 1, pageSize: 20 });
  const places = usePlaces();
  const list = useQuery({
    queryKey: ['sensor-alarms', filter],
    queryFn: () =>
      api.get<AlarmPage>('/api/sensor-alarms', {
        ...query(filter),
        page: filter.page,
        pageSize: filter.pageSize,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch, page: 1 }));

  /** Every alarm of the filter for the export (pages of 500, at most 20,000). */
  const everything = async () => {
    const all: Alarm[] = [];
    for (let page = 1; page <= 40; page++) {
      const r = await api.get<AlarmPage>('/api/sensor-alarms', { ...query(filter), page, pageSize: 500 });
      all.push(...r.items);
      if (all.length >= r.total || r.items.length === 0) break;
    }
    return all;
  };

  return (
    <Card title={st('sn.alarms')} data-testid="alarms-page">
      <div className="yw-toolbar">
        <Segmented<StateFilter>
          value={filter.state}
          onChange={(state) => set({ state })}
          data-testid="alarms-state-filter"
          options={(['active', 'open', 'acknowledged', 'cleared', 'all'] as const).map((s) => ({
            value: s,
            label: st(`al.${s}`),
          }))}
        />
        <Select
          allowClear
          placeholder={st('al.severity')}
          aria-label={st('al.severity')}
          data-testid="alarms-severity-filter"
          style={{ minWidth: 110 }}
          value={filter.severity}
          onChange={(severity?: number) => set({ severity })}
          options={[3, 2, 1].map((n) => ({ value: n, label: st(`al.sev${n}` as 'al.sev1') }))}
        />
        <Select
          allowClear
          placeholder={st('al.anyType')}
          aria-label={st('al.type')}
          data-testid="alarms-type-filter"
          style={{ minWidth: 140 }}
          value={filter.alarmType}
          onChange={(alarmType?: string) => set({ alarmType })}
          options={ALARM_TYPES.map((k) => ({ value: k, label: sl(`kind.${k}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={st('sn.allStreets')}
          aria-label={st('sn.street')}
          style={{ minWidth: 140 }}
          value={filter.streetId}
          onChange={(streetId?: string) => set({ streetId })}
          options={(places.data?.items ?? [])
            .filter((p) => p.kind === 'street')
            .map((p) => ({ value: p.id, label: p.name }))}
        />
        <div className="yw-end">
          <ExportButtons
            filename="sensor-alarms"
            sheetName={st('sn.alarms')}
            disabled={!list.data?.total}
            columns={alarmColumns(lang)}
            rows={everything}
          />
        </div>
      </div>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <AlarmTable
          items={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: list.data?.total ?? 0,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
        />
      )}
    </Card>
  );
}
