import { useMemo, useState } from 'react';
import { Button, Card, Descriptions, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { AlarmTable } from './AlarmTable';
import { useSnT, type SensorMessageKey } from './i18n';
import { SensorDrawer } from './SensorDrawer';
import { SeriesChart } from './SeriesChart';
import { STATUS_COLOR, sensorStatus, seriesQuery, type SeriesRange } from './sensor-view';
import { useSensorPermissions } from './sensors-api';
import type { Alarm, Sensor, Series } from './types';
import './sensors.css';

/** /workbench/sensors/:id — one sensor: its facts and status, its readings as a chart, its alarms. */
export default function SensorPage() {
  const { id = '' } = useParams();
  const { st, lang } = useSnT();
  const may = useSensorPermissions();
  const [range, setRange] = useState<SeriesRange>('raw24h');
  const [editing, setEditing] = useState(false);
  const sensor = useQuery({
    queryKey: ['sensor', id],
    queryFn: () => api.get<Sensor>(`/api/sensors/${encodeURIComponent(id)}`),
  });
  const series = useQuery({
    queryKey: ['sensor-series', id, range],
    queryFn: () => api.get<Series>(`/api/sensors/${encodeURIComponent(id)}/series`, seriesQuery(range)),
    enabled: sensor.isSuccess,
    placeholderData: keepPreviousData,
    refetchInterval: range === 'raw24h' ? 60_000 : false,
  });
  const alarms = useQuery({
    queryKey: ['sensor-alarms', 'sensor', id],
    queryFn: () =>
      api.get<{ items: Alarm[]; total: number }>('/api/sensor-alarms', { sensorId: id, pageSize: 100 }),
    enabled: sensor.isSuccess,
  });
  const labels = useMemo(
    () => ({
      value: st('sn.value'),
      avg: st('sn.avg'),
      min: st('sn.min'),
      max: st('sn.max'),
      flagged: st('sn.flagged'),
    }),
    [st],
  );

  if (sensor.isError) return <QueryError error={sensor.error} onRetry={() => void sensor.refetch()} />;
  if (!sensor.data) return <Spin className="yw-page-spin" />;
  const s = sensor.data;
  const status = sensorStatus(s);

  return (
    <div className="yw-import-body" data-testid="sensor-page">
      <Card
        title={
          <span>
            <Link to="/workbench/sensors" aria-label={st('sn.back')}>
              <ArrowLeftOutlined />
            </Link>{' '}
            {st('sn.detail')} <span className="yw-sensor-id">{s.id}</span>{' '}
            <Tag color={STATUS_COLOR[status]} data-testid="sensor-status">
              {st(`sn.${status}` as SensorMessageKey)}
            </Tag>
          </span>
        }
        extra={
          may.editRegistry ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="sensor-edit">
              {st('sn.edit')}
            </Button>
          ) : null
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={st('sn.type')}>
            {lang === 'zh' ? s.typeName : s.typeNameEn}
            {s.unit ? ` (${s.unit})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={st('sn.model')}>{s.model ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={st('sn.lastSeen')}>
            {s.lastSeenAt ? formatShanghai(s.lastSeenAt) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={st('sn.street')}>{s.streetName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={st('sn.committee')}>{s.committeeName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={st('sn.address')}>{s.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={`${st('sn.latitude')} / ${st('sn.longitude')}`}>
            {s.latitude ?? '—'}, {s.longitude ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={st('sn.interval')}>{s.intervalS}</Descriptions.Item>
          <Descriptions.Item label={st('sn.installedAt')}>{s.installedAt ?? '—'}</Descriptions.Item>
          {s.thresholds ? (
            <Descriptions.Item label={st('sn.thresholds')}>
              <span className="yw-mono">
                {Object.entries(s.thresholds)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </span>
            </Descriptions.Item>
          ) : null}
          {s.note ? <Descriptions.Item label={st('sn.note')}>{s.note}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card
        title={st('sn.series')}
        extra={
          <Segmented<SeriesRange>
            value={range}
            onChange={setRange}
            data-testid="sensor-series-range"
            options={(['raw24h', 'hour7d', 'hour30d'] as const).map((r) => ({
              value: r,
              label: st(`sn.${r}`),
            }))}
          />
        }
      >
        {series.isError ? (
          <QueryError error={series.error} onRetry={() => void series.refetch()} />
        ) : !series.data ? (
          <Spin />
        ) : series.data.points.length === 0 ? (
          <Empty description={st('sn.noReadings')} data-testid="sensor-series-empty" />
        ) : (
          <SeriesChart series={series.data} labels={labels} />
        )}
        <Typography.Text type="secondary">
          {series.data ? `${series.data.metric}${series.data.unit ? ` · ${series.data.unit}` : ''}` : ''}
        </Typography.Text>
      </Card>
      <Card title={st('sn.sensorAlarms')}>
        {alarms.isError ? (
          <QueryError error={alarms.error} onRetry={() => void alarms.refetch()} />
        ) : (
          <AlarmTable
            items={alarms.data?.items ?? []}
            loading={alarms.isFetching}
            showSensor={false}
            testId="sensor-alarms-table"
          />
        )}
      </Card>
      <SensorDrawer open={editing} sensor={s} onClose={() => setEditing(false)} />
    </div>
  );
}
