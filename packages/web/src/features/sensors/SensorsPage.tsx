import { useState } from 'react';
import { Badge, Button, Card, Grid, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { useSnT, type SensorMessageKey } from './i18n';
import { ImportDialog } from './ImportDialog';
import { SensorDrawer } from './SensorDrawer';
import { STATUS_COLOR, sensorStatus } from './sensor-view';
import { registryExportUrl, usePlaces, useSensorPermissions, useSensorTypes } from './sensors-api';
import type { Sensor } from './types';

/** The server's limit on an Excel export of the registry (CSV has none). */
const MAX_XLSX_ROWS = 20_000;
import './sensors.css';

type Filter = {
  q?: string;
  type?: string;
  streetId?: string;
  committeeId?: string;
  online?: 'true' | 'false';
  page: number;
  pageSize: number;
};

/** /workbench/sensors — 传感器台账: the sensors in the user's scope, filters, status, export, add, edit, import. */
export default function SensorsPage() {
  const { st, t, lang } = useSnT();
  const may = useSensorPermissions();
  const [filter, setFilter] = useState<Filter>({ page: 1, pageSize: 20 });
  const [drawer, setDrawer] = useState<{ open: boolean; sensor: Sensor | null }>({
    open: false,
    sensor: null,
  });
  const [importing, setImporting] = useState(false);
  const pinActions = Grid.useBreakpoint().md === true;
  const types = useSensorTypes();
  const places = usePlaces();
  const list = useQuery({
    queryKey: ['sensors', filter],
    queryFn: () => api.get<Page<Sensor>>('/api/sensors', { ...filter }),
    placeholderData: keepPreviousData,
  });

  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch, page: 1 }));
  const streets = (places.data?.items ?? []).filter((p) => p.kind === 'street');
  const committees = (places.data?.items ?? []).filter(
    (p) => p.kind === 'committee' && (!filter.streetId || p.parentId === filter.streetId),
  );
  const { page: _p, pageSize: _s, ...exportFilter } = filter;
  const tooBigForXlsx = (list.data?.total ?? 0) > MAX_XLSX_ROWS;

  const columns: TableColumnsType<Sensor> = [
    {
      title: st('sn.id'),
      key: 'id',
      fixed: 'left',
      render: (_, s) => (
        <Link
          to={`/workbench/sensors/${encodeURIComponent(s.id)}`}
          className="yw-sensor-id"
          data-testid={`sensor-link-${s.id}`}
        >
          {s.id}
        </Link>
      ),
    },
    { title: st('sn.type'), key: 'type', render: (_, s) => (lang === 'zh' ? s.typeName : s.typeNameEn) },
    {
      title: st('sn.status'),
      key: 'status',
      render: (_, s) => {
        const status = sensorStatus(s);
        return (
          <Tag color={STATUS_COLOR[status]} data-testid={`sensor-status-${s.id}`}>
            {st(`sn.${status}` as SensorMessageKey)}
          </Tag>
        );
      },
    },
    {
      title: st('sn.lastSeen'),
      key: 'lastSeen',
      render: (_, s) => (s.lastSeenAt ? formatShanghai(s.lastSeenAt) : '—'),
      responsive: ['md'],
    },
    {
      title: st('sn.place'),
      key: 'place',
      render: (_, s) => (
        <span>
          {[s.streetName, s.committeeName].filter(Boolean).join(' · ')}
          {s.address ? (
            <Typography.Text type="secondary" className="yw-wrap">
              <br />
              {s.address}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: st('sn.interval'), dataIndex: 'intervalS', key: 'interval', responsive: ['lg'], align: 'right' },
    {
      title: st('sn.openAlarms'),
      key: 'alarms',
      align: 'center',
      render: (_, s) =>
        s.openAlarms ? <Badge count={s.openAlarms} /> : <Typography.Text type="secondary">0</Typography.Text>,
    },
    { title: st('sn.model'), key: 'model', render: (_, s) => s.model ?? '', responsive: ['xl'] },
    ...(may.editRegistry
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: pinActions ? ('right' as const) : undefined,
            render: (_: unknown, s: Sensor) => (
              <Typography.Link
                data-testid={`sensor-edit-${s.id}`}
                onClick={() => setDrawer({ open: true, sensor: s })}
              >
                {t('common.edit')}
              </Typography.Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={st('sn.registry')} data-testid="sensors-page">
      <div className="yw-toolbar">
        <Input.Search
          className="yw-grow"
          allowClear
          placeholder={st('sn.search')}
          aria-label={st('sn.search')}
          data-testid="sensors-search"
          onSearch={(q) => set({ q: q.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder={st('sn.allTypes')}
          aria-label={st('sn.type')}
          data-testid="sensors-type-filter"
          style={{ minWidth: 150 }}
          value={filter.type}
          onChange={(type?: string) => set({ type })}
          options={(types.data?.items ?? []).map((x) => ({
            value: x.code,
            label: lang === 'zh' ? x.name : x.nameEn,
          }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={st('sn.allStreets')}
          aria-label={st('sn.street')}
          data-testid="sensors-street-filter"
          style={{ minWidth: 140 }}
          value={filter.streetId}
          onChange={(streetId?: string) => set({ streetId, committeeId: undefined })}
          options={streets.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={st('sn.allCommittees')}
          aria-label={st('sn.committee')}
          style={{ minWidth: 140 }}
          value={filter.committeeId}
          onChange={(committeeId?: string) => set({ committeeId })}
          options={committees.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          allowClear
          placeholder={st('sn.anyStatus')}
          aria-label={st('sn.status')}
          data-testid="sensors-online-filter"
          style={{ minWidth: 110 }}
          value={filter.online}
          onChange={(online?: 'true' | 'false') => set({ online })}
          options={[
            { value: 'true', label: st('sn.online') },
            { value: 'false', label: st('sn.offline') },
          ]}
        />
        <div className="yw-end">
          <Tooltip title={t('common.total', { total: list.data?.total ?? 0 })}>
            <Button
              icon={<DownloadOutlined />}
              data-testid="export-csv"
              href={registryExportUrl(exportFilter, 'csv', lang)}
            >
              {t('common.exportCsv')}
            </Button>
          </Tooltip>
          <Tooltip title={tooBigForXlsx ? st('sn.xlsxLimit', { n: MAX_XLSX_ROWS }) : undefined}>
            <Button
              icon={<FileExcelOutlined />}
              data-testid="export-xlsx"
              disabled={tooBigForXlsx}
              href={tooBigForXlsx ? undefined : registryExportUrl(exportFilter, 'xlsx', lang)}
            >
              {t('common.exportXlsx')}
            </Button>
          </Tooltip>
          {may.editRegistry ? (
            <>
              <Button
                icon={<UploadOutlined />}
                data-testid="sensors-import"
                onClick={() => setImporting(true)}
              >
                {st('sn.import')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="sensor-create"
                onClick={() => setDrawer({ open: true, sensor: null })}
              >
                {st('sn.add')}
              </Button>
            </>
          ) : null}
        </div>
      </div>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Sensor>
          data-testid="sensors-table"
          rowKey="id"
          size="middle"
          scroll={{ x: 'max-content' }}
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
          }}
          onChange={(p) =>
            setFilter((f) => ({ ...f, page: p.current ?? 1, pageSize: p.pageSize ?? f.pageSize }))
          }
        />
      )}
      <SensorDrawer
        open={drawer.open}
        sensor={drawer.sensor}
        onClose={() => setDrawer({ open: false, sensor: null })}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
