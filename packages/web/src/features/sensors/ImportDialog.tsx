import { useState } from 'react';
import { Alert, Button, Modal, Progress, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { postMultipart } from '../applications/upload';
import { useSnT } from './i18n';
import { importPercent, stillRunning } from './sensor-view';
import type { ImportError, ImportJob } from './types';

/**
 * 批量导入 — upload a CSV or XLSX, follow the server's job with a progress bar (upload first,
 * then rows checked and written), and see the rejected rows with their fields; the full report
 * downloads as CSV or Excel.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { st, t, lang } = useSnT();
  const qc = useQueryClient();
  const [upload, setUpload] = useState<{
    percent: number;
    error: unknown;
    jobId: string | null;
    busy: boolean;
  }>({
    percent: 0,
    error: null,
    jobId: null,
    busy: false,
  });
  const job = useQuery({
    queryKey: ['sensor-import', upload.jobId],
    queryFn: () => api.get<ImportJob>(`/api/sensors/import/${upload.jobId}`),
    enabled: !!upload.jobId,
    refetchInterval: (q) => (stillRunning(q.state.data) || !q.state.data ? 500 : false),
  });
  const data = job.data;
  const finished = !!data && !stillRunning(data);

  const start = async (file: File) => {
    setUpload({ percent: 0, error: null, jobId: null, busy: true });
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const started = await postMultipart<ImportJob>('/api/sensors/import', form, (percent) =>
        setUpload((u) => ({ ...u, percent })),
      );
      qc.setQueryData(['sensor-import', started.id], started);
      setUpload({ percent: 100, error: null, jobId: started.id, busy: false });
    } catch (e) {
      setUpload({ percent: 0, error: e, jobId: null, busy: false });
    }
  };

  const close = () => {
    if (finished) void qc.invalidateQueries({ queryKey: ['sensors'] });
    setUpload({ percent: 0, error: null, jobId: null, busy: false });
    onClose();
  };

  const percent = importPercent(upload.percent, data ?? null);
  const showProgress = upload.busy || !!upload.jobId;
  const report = (format: 'csv' | 'xlsx') => `/api/sensors/import/${upload.jobId}/errors?format=${format}`;

  return (
    <Modal
      open={open}
      onCancel={close}
      title={st('sn.importTitle')}
      width={760}
      footer={<Button onClick={close}>{t('common.close')}</Button>}
      destroyOnHidden
      data-testid="sensor-import-dialog"
    >
      <div className="yw-import-body">
        <Typography.Paragraph type="secondary" className="yw-wrap">
          {st('sn.importHint')}
        </Typography.Paragraph>
        <div className="yw-import-actions">
          <Button
            icon={<DownloadOutlined />}
            href="/api/sensors/import/template"
            data-testid="sensor-import-template"
          >
            {st('sn.template')}
          </Button>
          <Upload
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            maxCount={1}
            disabled={upload.busy || (!!upload.jobId && !finished)}
            beforeUpload={(file) => {
              void start(file);
              return false;
            }}
          >
            <Button
              type="primary"
              icon={<UploadOutlined />}
              loading={upload.busy}
              disabled={!!upload.jobId && !finished}
              data-testid="sensor-import-file"
            >
              {finished ? st('sn.importAgain') : st('sn.chooseFile')}
            </Button>
          </Upload>
        </div>
        {upload.error ? (
          <Alert
            type="error"
            showIcon
            title={errorText(upload.error, lang)}
            data-testid="sensor-import-error"
          />
        ) : null}
        {showProgress ? (
          <div data-testid="sensor-import-progress">
            <Progress
              percent={percent}
              status={data?.state === 'failed' ? 'exception' : finished ? 'success' : 'active'}
            />
            <Typography.Text type="secondary">
              {!data
                ? st('sn.uploading')
                : `${finished ? '' : `${st('sn.checking')} · `}${st('sn.progress', { processed: data.processed, total: data.total })}`}
            </Typography.Text>
          </div>
        ) : null}
        {data?.state === 'failed' ? (
          <Alert type="error" showIcon title={st('sn.failed')} description={data.failure?.[lang]} />
        ) : null}
        {data && finished && data.state === 'done' ? (
          <Alert
            type={data.rejectedRows ? 'warning' : 'success'}
            showIcon
            data-testid="sensor-import-result"
            title={st('sn.result', {
              inserted: data.inserted,
              updated: data.updated,
              unchanged: data.unchanged,
              rejected: data.rejectedRows,
            })}
          />
        ) : null}
        {data && finished && data.errorCount > 0 ? (
          <>
            <div className="yw-import-actions">
              <Typography.Text strong>{st('sn.errors')}</Typography.Text>
              <Button
                size="small"
                icon={<DownloadOutlined />}
                href={report('csv')}
                data-testid="sensor-import-report-csv"
              >
                {st('sn.errorReport')} CSV
              </Button>
              <Button
                size="small"
                icon={<FileExcelOutlined />}
                href={report('xlsx')}
                data-testid="sensor-import-report-xlsx"
              >
                {st('sn.errorReport')} Excel
              </Button>
            </div>
            {data.errorCount > data.errors.length ? (
              <Typography.Text type="secondary">
                {st('sn.errorsMore', { shown: data.errors.length, count: data.errorCount })}
              </Typography.Text>
            ) : null}
            <Table<ImportError & { key: number }>
              size="small"
              data-testid="sensor-import-errors"
              dataSource={data.errors.map((e, i) => ({ ...e, key: i }))}
              pagination={{ pageSize: 8, showSizeChanger: false }}
              columns={[
                { title: st('sn.row'), dataIndex: 'row', width: 70 },
                {
                  title: st('sn.field'),
                  dataIndex: 'field',
                  width: 110,
                  render: (f: string) => <code>{f}</code>,
                },
                { title: st('sn.problem'), key: 'problem', render: (_, e) => e[lang] },
              ]}
            />
          </>
        ) : null}
      </div>
    </Modal>
  );
}
