import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Space, Spin, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/problem';
import type { CalendarYear } from '../../api/types';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { detectCalendarFormat, formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import { importCalendar, yearsQuery } from './calendar-api';
import { DeadlineCalculator } from './DeadlineCalculator';
import { YearGrid } from './YearGrid';

class FormatError extends Error {}

/** 工作日历: the loaded years, a year's holidays and make-up days, loading a year from a file, the deadline calculator. */
export default function CalendarPage() {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const years = useQuery(yearsQuery);
  const [selected, setSelected] = useState<number | null>(null);

  const upload = useMutation({
    mutationFn: async (file: File) => {
      const content = await file.text();
      const format = detectCalendarFormat(file.name, content);
      if (!format) throw new FormatError();
      return importCalendar(format, content);
    },
    onSuccess: async (year) => {
      message.success(t('calendar.imported', { year: year.year }));
      setSelected(year.year);
      await qc.invalidateQueries({ queryKey: ['calendar'] });
    },
  });

  const items = [...(years.data?.items ?? [])].sort((a, b) => b.year - a.year);
  const shown = items.find((y) => y.year === selected) ?? items[0];

  const columns: TableColumnsType<CalendarYear> = [
    { title: t('calendar.year'), dataIndex: 'year', key: 'year' },
    { title: t('calendar.holidays'), key: 'holidays', render: (_, y) => y.holidays.length },
    { title: t('calendar.workdays'), key: 'workdays', render: (_, y) => y.workdays.length },
    { title: t('calendar.source'), dataIndex: 'source', key: 'source', responsive: ['md'] },
    {
      title: t('calendar.loadedAt'),
      key: 'loadedAt',
      render: (_, y) => formatShanghai(y.loadedAt),
      responsive: ['lg'],
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, y) => (
        <Typography.Link data-testid={`calendar-view-${y.year}`} onClick={() => setSelected(y.year)}>
          {t('calendar.view')}
        </Typography.Link>
      ),
    },
  ];

  const exportColumns: ExportColumn<CalendarYear>[] = [
    { header: t('calendar.year'), value: (y) => y.year },
    { header: t('calendar.holidays'), value: (y) => y.holidays.length },
    { header: t('calendar.workdays'), value: (y) => y.workdays.length },
    { header: t('calendar.source'), value: (y) => y.source, width: 30 },
    { header: t('calendar.loadedAt'), value: (y) => formatShanghai(y.loadedAt), width: 18 },
  ];

  const uploadError =
    upload.error instanceof FormatError
      ? t('calendar.badFormat')
      : upload.error
        ? errorText(upload.error, lang)
        : null;

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('calendar.title')}
        extra={
          <Space wrap>
            <ExportButtons
              filename="calendar-years"
              sheetName={t('calendar.title')}
              disabled={items.length === 0}
              columns={exportColumns}
              rows={items}
            />
            <span data-testid="calendar-upload">
              <Upload
                accept=".ics,.json,text/calendar,application/json"
                showUploadList={false}
                maxCount={1}
                beforeUpload={(file) => {
                  upload.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending}>
                  {t('calendar.import')}
                </Button>
              </Upload>
            </span>
          </Space>
        }
      >
        <Spin spinning={upload.isPending} description={t('calendar.importing')}>
          {uploadError && (
            <Alert
              type="error"
              showIcon
              title={uploadError}
              data-testid="calendar-upload-error"
              className="yw-form-error"
            />
          )}
          {years.isError ? (
            <QueryError error={years.error} onRetry={() => void years.refetch()} />
          ) : (
            <Table<CalendarYear>
              data-testid="calendar-years"
              rowKey="year"
              size="small"
              loading={years.isPending}
              columns={columns}
              dataSource={items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty description={t('calendar.none')} /> }}
            />
          )}
        </Spin>
      </Card>
      <DeadlineCalculator />
      {shown && (
        <Card
          title={t('calendar.yearTitle', { year: shown.year })}
          extra={<Typography.Text type="secondary">{t('calendar.legend')}</Typography.Text>}
        >
          <YearGrid year={shown} />
        </Card>
      )}
    </Flex>
  );
}
