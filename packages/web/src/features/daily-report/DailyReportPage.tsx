import { useState } from 'react';
import { Card, DatePicker, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { QueryError } from '../../app/components/results';
import { ExportButtons } from '../../lib/ExportButtons';
import { shanghaiToday, useDailyReport } from '../ops-screen/api';
import { useOpsT } from '../ops-screen/i18n';
import { placeName } from '../ops-screen/types';
import { dailyReportColumns, type DailyReportLine } from './exports';

/**
 * /workbench/daily-report — 日日清: each street's orders on a day (carried in, opened,
 * reopened, closed, carried over; due that day and overdue of those), with the total; CSV/XLSX.
 */
export default function DailyReportPage() {
  const { ot, lang } = useOpsT();
  const [date, setDate] = useState(shanghaiToday());
  const report = useDailyReport(date);
  const lines: DailyReportLine[] = report.data
    ? [...report.data.rows, { street: null, ...report.data.total }]
    : [];
  const num = (
    key: keyof Omit<DailyReportLine, 'street'>,
    title: string,
    danger = false,
  ): ColumnsType<DailyReportLine>[number] => ({
    title,
    dataIndex: key,
    align: 'right',
    render: (v: number) => (danger && v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
  });
  const columns: ColumnsType<DailyReportLine> = [
    {
      title: ot('dr.street'),
      key: 'street',
      render: (_, r) => (r.street ? placeName(r.street, lang) : <b>{ot('dr.total')}</b>),
    },
    num('carriedIn', ot('dr.carriedIn')),
    num('opened', ot('dr.opened')),
    num('reopened', ot('dr.reopened')),
    num('closed', ot('dr.closed')),
    num('carriedOver', ot('dr.carriedOver')),
    num('due', ot('dr.due')),
    num('overdue', ot('dr.overdue'), true),
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="daily-report-page">
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {ot('dr.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {ot('dr.intro')}
        </Typography.Paragraph>
      </div>
      <Card
        title={
          <Space>
            <span>{ot('dr.date')}</span>
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday()}
              onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
              data-testid="daily-report-date"
            />
          </Space>
        }
        extra={
          <ExportButtons
            filename={`daily-report-${date}`}
            sheetName={date}
            columns={dailyReportColumns(lang)}
            rows={lines}
            disabled={!report.data}
          />
        }
      >
        {report.isError ? (
          <QueryError error={report.error} onRetry={() => void report.refetch()} />
        ) : (
          <Table
            rowKey={(r) => r.street?.id ?? 'total'}
            columns={columns}
            dataSource={lines}
            loading={report.isPending}
            pagination={false}
            size="middle"
            scroll={{ x: 720 }}
            data-testid="daily-report-table"
          />
        )}
      </Card>
    </Space>
  );
}
