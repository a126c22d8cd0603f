import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { downloadCsv } from '../../lib/export';
import { OnTimeChart, TrendChart } from './charts';
import { departmentColumns, pct, round1 } from './exports';
import { useKpiT } from './i18n';
import type { DepartmentFigures, ServiceKpis } from '@yiwang/domain';
import './service-dashboard.css';

type Preset = '7' | '30' | '90' | 'year';
const DAY = 86_400_000;
/** Today's Shanghai date, and the date `days` before it. */
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
function periodOf(preset: Preset): { from: string; to: string } {
  const now = Date.now();
  const to = shanghaiDate(now);
  if (preset === 'year') return { from: `${to.slice(0, 4)}-01-01`, to };
  return { from: shanghaiDate(now - (Number(preset) - 1) * DAY), to };
}

type KpiCard = {
  key: string;
  title: string;
  value: string | number;
  suffix?: string | undefined;
  note: string;
  target?: boolean;
};

const percent = (v: number | null) => (v === null ? '—' : `${pct(v)}%`);

/**
 * /workbench/service-dashboard — leaders (and administrators, auditors): 全程网办率, 平均办理时长,
 * 按期办结率, 零跑动, 开办企业用时 against the 24-hour promise; a 30-day trend, on-time rate by
 * department, and the by-department table with CSV and XLSX exports.
 */
export default function ServiceDashboardPage() {
  const { kt } = useKpiT();
  const [preset, setPreset] = useState<Preset>('30');
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const period = useMemo(() => periodOf(preset), [preset]);
  const query = { ...period, department };

  const kpis = useQuery({
    queryKey: ['service-kpis', period.from, period.to, department ?? ''],
    queryFn: () => api.get<ServiceKpis>('/api/service-kpis', query),
    placeholderData: keepPreviousData,
  });
  const units = useQuery({
    queryKey: ['units', 'department'],
    queryFn: () =>
      api.get<{ items: { id: string; code: string; name: string }[] }>('/api/units', { kind: 'department' }),
    staleTime: 10 * 60_000,
  });

  const k = kpis.data;
  const none = kt('kpi.none');
  const setup = k?.companySetup;
  const setupRatio =
    setup?.medianHours == null ? 0 : Math.min(setup.medianHours / (2 * setup.promiseHours), 1);

  const columns: ColumnsType<DepartmentFigures> = [
    { title: kt('kpi.col.name'), dataIndex: 'name', key: 'name', fixed: 'left', width: 180 },
    num('items', kt('kpi.col.items'), (d) => d.publishedItems),
    rateCol('fullyOnline', kt('kpi.col.fullyOnline'), (d) => d.fullyOnlineRate),
    num('submitted', kt('kpi.col.submitted'), (d) => d.submitted),
    num('online', kt('kpi.col.online'), (d) => d.submittedOnline),
    num('decided', kt('kpi.col.decided'), (d) => d.decided),
    {
      ...num('avgDays', kt('kpi.col.avgDays'), (d) => d.averageWorkingDays ?? -1),
      render: (_, d) => round1(d.averageWorkingDays) ?? none,
    },
    rateCol('onTime', kt('kpi.col.onTime'), (d) => d.onTimeRate),
    rateCol('zeroVisit', kt('kpi.col.zeroVisit'), (d) => d.zeroVisitRate),
  ];

  const cards: KpiCard[] = k
    ? [
        {
          key: 'fully-online',
          title: kt('kpi.fullyOnline'),
          value: percent(k.overall.fullyOnlineRate),
          note: kt('kpi.fullyOnlineNote', { n: k.overall.fullyOnlineItems, total: k.overall.publishedItems }),
        },
        {
          key: 'avg-days',
          title: kt('kpi.avgDays'),
          value: round1(k.overall.averageWorkingDays) ?? none,
          suffix: k.overall.averageWorkingDays === null ? undefined : kt('kpi.workingDays'),
          note: kt('kpi.avgDaysNote', { n: k.overall.decided }),
        },
        {
          key: 'on-time',
          title: kt('kpi.onTime'),
          value: percent(k.overall.onTimeRate),
          note: kt('kpi.onTimeNote', { n: k.overall.onTime, total: k.overall.withDeadline }),
        },
        {
          key: 'zero-visit',
          title: kt('kpi.zeroVisit'),
          value: percent(k.overall.onlineApplicationRate),
          note: kt('kpi.zeroVisitNote', {
            online: k.overall.onlineApplications,
            total: k.overall.applications,
            zero: percent(k.overall.zeroVisitRate),
          }),
        },
        {
          key: 'setup',
          title: kt('kpi.setup'),
          value: setup!.medianHours === null ? none : round1(setup!.medianHours)!,
          suffix: setup!.medianHours === null ? undefined : kt('kpi.hours'),
          note: kt('kpi.setupNote', { n: setup!.completed, target: setup!.promiseHours }),
          target: true,
        },
        {
          key: 'within',
          title: kt('kpi.within'),
          value: percent(setup!.withinPromiseRate),
          note: kt('kpi.withinNote', {
            n: setup!.withinPromise,
            total: setup!.completed,
            target: setup!.promiseHours,
          }),
        },
      ]
    : [];

  return (
    <div className="yw-kpi-page" data-testid="service-dashboard">
      <div className="yw-kpi-toolbar">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {kt('kpi.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{kt('kpi.subtitle', period)}</Typography.Text>
        </div>
        <div className="yw-kpi-filters">
          <Segmented<Preset>
            aria-label={kt('kpi.period')}
            value={preset}
            onChange={setPreset}
            options={[
              { value: '7', label: kt('kpi.days7') },
              { value: '30', label: kt('kpi.days30') },
              { value: '90', label: kt('kpi.days90') },
              { value: 'year', label: kt('kpi.year') },
            ]}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 200 }}
            aria-label={kt('kpi.department')}
            placeholder={kt('kpi.allDepartments')}
            value={department}
            onChange={setDepartment}
            loading={units.isLoading}
            options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            data-testid="kpi-department"
          />
        </div>
      </div>

      {kpis.isError && !k ? (
        <QueryError error={kpis.error} onRetry={() => void kpis.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {(k
              ? cards
              : Array.from({ length: 6 }, (_, i): KpiCard | { key: string } => ({ key: String(i) }))
            ).map((c) => (
              <Col key={c.key} xs={24} sm={12} xl={8} xxl={4}>
                <Card className="yw-kpi-card" data-testid={`kpi-card-${c.key}`} loading={!k}>
                  {'title' in c && (
                    <>
                      <Statistic title={c.title} value={c.value} suffix={c.suffix} />
                      {c.target && (
                        <div
                          className="yw-kpi-target"
                          title={`${kt('kpi.target')} ≤ ${setup!.promiseHours} ${kt('kpi.hours')}`}
                        >
                          <div
                            className="yw-kpi-target-fill"
                            style={{
                              width: `${setupRatio * 100}%`,
                              background: setupRatio <= 0.5 ? '#52c41a' : '#ff4d4f',
                            }}
                          />
                          <div className="yw-kpi-target-line" data-testid="kpi-target-line" />
                        </div>
                      )}
                      <Typography.Text className="yw-kpi-note">{c.note}</Typography.Text>
                    </>
                  )}
                </Card>
              </Col>
            ))}
          </Row>

          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card
                title={kt('kpi.trend')}
                extra={
                  k && (
                    <Typography.Text type="secondary">
                      {kt('kpi.channels', k.overall.byChannel)}
                    </Typography.Text>
                  )
                }
              >
                {k ? (
                  <TrendChart
                    daily={k.daily}
                    labels={{ submitted: kt('kpi.submitted'), decided: kt('kpi.decided') }}
                  />
                ) : (
                  <Skeleton active paragraph={{ rows: 6 }} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={kt('kpi.onTimeByDept')}>
                {k && !k.departments.some((d) => d.onTimeRate !== null) ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} data-testid="kpi-ontime-empty" />
                ) : k ? (
                  <OnTimeChart rows={k.departments} label={kt('kpi.onTime')} />
                ) : (
                  <Skeleton active paragraph={{ rows: 6 }} />
                )}
              </Card>
            </Col>
          </Row>

          <Card
            title={kt('kpi.byDept')}
            extra={
              <Space size={8} wrap>
                <Button
                  icon={<DownloadOutlined />}
                  data-testid="kpi-export-csv"
                  disabled={!k}
                  onClick={() => k && downloadCsv('service-kpis', departmentColumns(), k.departments)}
                >
                  {kt('kpi.exportCsv')}
                </Button>
                <Button
                  icon={<FileExcelOutlined />}
                  data-testid="kpi-export-xlsx"
                  disabled={!k}
                  href={withQuery('/api/service-kpis/export.xlsx', query)}
                  download
                >
                  {kt('kpi.exportXlsx')}
                </Button>
              </Space>
            }
          >
            <Table<DepartmentFigures>
              rowKey="departmentId"
              size="middle"
              loading={kpis.isFetching}
              columns={columns}
              dataSource={k?.departments ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 1000 }}
              data-testid="kpi-departments"
            />
          </Card>
        </>
      )}
    </div>
  );

  function num(key: string, title: string, value: (d: DepartmentFigures) => number) {
    return {
      key,
      title,
      align: 'right' as const,
      sorter: (a: DepartmentFigures, b: DepartmentFigures) => value(a) - value(b),
      render: (_: unknown, d: DepartmentFigures) => value(d),
    };
  }
  function rateCol(key: string, title: string, value: (d: DepartmentFigures) => number | null) {
    return {
      key,
      title,
      align: 'right' as const,
      sorter: (a: DepartmentFigures, b: DepartmentFigures) => (value(a) ?? -1) - (value(b) ?? -1),
      render: (_: unknown, d: DepartmentFigures) => percent(value(d)),
    };
  }
}
