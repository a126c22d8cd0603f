import { useState } from 'react';
import { Card, Drawer, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { QueryError } from '../../app/components/results';
import { ExportButtons } from '../../lib/ExportButtons';
import { formatShanghai } from '../../lib/calendar';
import { useHotspots, useScreenOrders } from '../ops-screen/api';
import { Sparkline } from '../ops-screen/charts';
import { useOpsT } from '../ops-screen/i18n';
import { placeName, type Hotspot } from '../ops-screen/types';
import { hotspotColumns } from './exports';

/**
 * /workbench/hotspots — 削峰: recurring problems (category × committee) ranked over 7/30/90
 * days against the previous window, with a daily sparkline; a row opens its orders. CSV/XLSX.
 */
export default function HotspotsPage() {
  const { ot, lang } = useOpsT();
  const [days, setDays] = useState<7 | 30 | 90>(30);
  const [open, setOpen] = useState<Hotspot | null>(null);
  const hot = useHotspots(days, undefined, 100);
  const orders = useScreenOrders(
    { placeId: open?.place?.id, categoryCode: open?.categoryCode },
    !!open?.place,
  );

  const columns: ColumnsType<Hotspot> = [
    { title: ot('ops.rank'), dataIndex: 'rank', width: 70 },
    {
      title: ot('ops.category'),
      key: 'category',
      render: (_, h) => (
        <Space size={4}>
          <Tag>{h.categoryCode}</Tag>
          {h.categoryName}
        </Space>
      ),
    },
    { title: ot('ops.place'), key: 'place', render: (_, h) => placeName(h.place, lang) },
    { title: ot('ops.street'), key: 'street', render: (_, h) => placeName(h.street, lang) },
    { title: ot('ops.count'), dataIndex: 'orders', align: 'right', width: 90 },
    { title: ot('ops.previous'), dataIndex: 'previous', align: 'right', width: 90 },
    {
      title: ot('ops.change'),
      key: 'change',
      align: 'right',
      width: 100,
      render: (_, h) =>
        h.change === null ? (
          <Tag color="red">{ot('ops.new')}</Tag>
        ) : (
          <Typography.Text type={h.change > 0 ? 'danger' : h.change < 0 ? 'success' : 'secondary'}>
            {h.change > 0 ? '▲' : h.change < 0 ? '▼' : ''} {Math.abs(h.change)}%
          </Typography.Text>
        ),
    },
    {
      title: ot('ops.series'),
      key: 'series',
      width: 110,
      render: (_, h) => <Sparkline values={h.series} color="#1677ff" />,
    },
    {
      title: '',
      key: 'open',
      width: 100,
      render: (_, h) => (
        <Typography.Link onClick={() => setOpen(h)} data-testid="hotspot-orders">
          {ot('hs.orders')}
        </Typography.Link>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="hotspots-page">
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {ot('hs.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {ot('hs.intro')}
        </Typography.Paragraph>
      </div>
      <Card
        title={
          <Space wrap>
            <span>{ot('hs.window')}</span>
            <Segmented
              value={days}
              onChange={(v) => setDays(v as 7 | 30 | 90)}
              options={[
                { value: 7, label: ot('ops.days7') },
                { value: 30, label: ot('ops.days30') },
                { value: 90, label: ot('ops.days90') },
              ]}
              data-testid="hotspots-window"
            />
            {hot.data && (
              <Typography.Text type="secondary">
                {hot.data.from} ~ {hot.data.to}
              </Typography.Text>
            )}
          </Space>
        }
        extra={
          <ExportButtons
            filename={`hotspots-${days}d`}
            columns={hotspotColumns(lang)}
            rows={hot.data?.items ?? []}
            disabled={!hot.data}
          />
        }
      >
        {hot.isError ? (
          <QueryError error={hot.error} onRetry={() => void hot.refetch()} />
        ) : (
          <Table
            rowKey={(h) => `${h.place?.id}-${h.categoryCode}`}
            columns={columns}
            dataSource={hot.data?.items}
            loading={hot.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            size="middle"
            scroll={{ x: 900 }}
            data-testid="hotspots-table"
          />
        )}
      </Card>
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        width={560}
        title={
          open ? ot('hs.ordersOf', { place: placeName(open.place, lang), category: open.categoryName }) : ''
        }
      >
        <Table
          rowKey="id"
          size="small"
          loading={orders.isPending && !!open}
          dataSource={orders.data?.items}
          pagination={false}
          columns={[
            {
              title: ot('ops.name'),
              key: 'no',
              render: (_, o) => <Link to={`/workbench/work-orders/${o.id}`}>{o.orderNo}</Link>,
            },
            { title: '', key: 'state', render: (_, o) => o.stateName?.[lang] ?? o.state },
            { title: '', key: 'at', render: (_, o) => formatShanghai(o.createdAt) },
          ]}
        />
      </Drawer>
    </Space>
  );
}
