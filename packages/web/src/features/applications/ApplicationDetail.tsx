import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { FilePdfOutlined, PaperClipOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/problem';
import { FormError, showProblem } from '../../app/components/FormError';
import { NotFound, QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import { isStaleVersion } from '../cases/case-view';
import { catalogueItemKey, fetchItem } from './ApplyPage';
import { useAppT, type AppT } from './i18n';
import {
  CASE_STEPS,
  DANGER_ACTIONS,
  actionNeedsComment,
  orderActions,
  caseActionName,
  caseStateName,
  caseStep,
  receiptKinds,
  receiptUrl,
} from './licence-case';
import { applicationFormData, fileProblem, latestComment, shanghaiDate, urgencyAt } from './model';
import { postMultipart } from './upload';
import type { AppCase, AppMaterial, AppSla, ApplicationView, CatalogueItem } from './types';
import type { Lang } from '../../i18n/messages';

export const applicationKey = (id: string) => ['application', id] as const;

export function StatusTag({ status, at }: { status: string; at: AppT }) {
  const color = status === 'completed' ? 'green' : status === 'awaiting-correction' ? 'orange' : 'blue';
  return (
    <Tag color={color} data-testid="application-status" data-status={status}>
      {at(`status.${status}` as 'status.completed')}
    </Tag>
  );
}

export function SlaView({ sla, at, testId }: { sla: AppSla; at: AppT; testId: string }) {
  switch (sla.kind) {
    case 'none':
      return <span data-testid={testId}>{at('sla.none')}</span>;
    case 'paused':
      return (
        <Tag data-testid={testId} data-kind="paused">
          {at('sla.paused')}
        </Tag>
      );
    case 'unknown':
      return (
        <Tag color="orange" data-testid={testId} data-kind="unknown">
          {at('sla.unknown', { year: sla.unknownYear })}
        </Tag>
      );
    case 'running': {
      const u = urgencyAt(sla, new Date());
      return (
        <Space size={4} wrap data-testid={testId} data-kind="running" data-urgency={u}>
          <span>{at('sla.by', { date: formatShanghai(sla.deadline) })}</span>
          {u === 'warning' && <Tag color="orange">{at('sla.warning')}</Tag>}
          {u === 'overdue' && <Tag color="red">{at('sla.overdue')}</Tag>}
        </Space>
      );
    }
  }
}

function MaterialLine({ m, at, applicationId }: { m: AppMaterial; at: AppT; applicationId: string }) {
  let source: React.ReactNode;
  switch (m.source) {
    case 'elicense':
      source = (
        <Tag color="green">
          {m.licenseNo ? at('material.fromLicenseNo', { no: m.licenseNo }) : at('material.fromLicense')}
        </Tag>
      );
      break;
    case 'district':
      source = <Tag color="cyan">{at('material.fromDistrict')}</Tag>;
      break;
    case 'tolerated':
      source = (
        <Tag color="gold">
          {at('material.tolerated')}
          {m.dueBy ? ` · ${at('material.dueBy', { date: shanghaiDate(m.dueBy) })}` : ''}
        </Tag>
      );
      break;
    default:
      source = <Tag>{at('material.upload')}</Tag>;
  }
  return (
    <div data-testid={`app-material-${m.key}`} data-source={m.source} className="yw-list-item">
      <div className="yw-material-head">
        <span className="yw-wrap">{m.name}</span>
        {source}
      </div>
      {m.fileName && (
        <Typography.Text type="secondary" className="yw-hint">
          <PaperClipOutlined />{' '}
          {m.fileId ? (
            <a
              href={`/api/applications/${encodeURIComponent(applicationId)}/files/${encodeURIComponent(m.fileId)}`}
              data-testid={`app-material-file-${m.key}`}
            >
              {m.fileName}
            </a>
          ) : (
            m.fileName
          )}
          {m.suppliedAt ? ` · ${at('material.suppliedAt', { date: formatShanghai(m.suppliedAt) })}` : ''}
        </Typography.Text>
      )}
    </div>
  );
}

type LogRow = { c: AppCase; a: AppCase['actions'][number] };

/** Every sub-case's log, one row per action. */
export const applicationLogRows = (view: ApplicationView): LogRow[] =>
  view.cases.flatMap((c) => [...c.actions].sort((a, b) => a.seq - b.seq).map((a) => ({ c, a })));

/** The columns of the log export (CSV and XLSX). */
export function applicationLogColumns(view: ApplicationView, lang: Lang): ExportColumn<LogRow>[] {
  return [
    { header: lang === 'zh' ? '受理编号' : 'Application no.', value: () => view.applicationNo },
    { header: lang === 'zh' ? '事项' : 'Item', value: (r) => r.c.itemName },
    { header: '#', value: (r) => r.a.seq },
    { header: lang === 'zh' ? '时间' : 'Time', value: (r) => r.a.at },
    { header: lang === 'zh' ? '操作' : 'Action', value: (r) => caseActionName(r.a.action, lang) },
    { header: lang === 'zh' ? '原环节' : 'From', value: (r) => caseStateName(r.a.fromState, lang) },
    { header: lang === 'zh' ? '新环节' : 'To', value: (r) => caseStateName(r.a.toState, lang) },
    { header: lang === 'zh' ? '说明' : 'Comment', value: (r) => r.a.comment ?? '' },
  ];
}

type Pending =
  | { kind: 'comment'; c: AppCase; action: string }
  | { kind: 'extend'; c: AppCase }
  | { kind: 'supply'; c: AppCase };

/**
 * An application with its sub-cases, shared by the applicant's page and the staff page: status, each
 * sub-case's stage, deadline, steps, log, documents and the actions the caller may take.
 */
export function ApplicationDetail({ id, audience }: { id: string; audience: 'applicant' | 'staff' }) {
  const { at, lang } = useAppT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const [modalError, setModalError] = useState<unknown>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [supplyFiles, setSupplyFiles] = useState<Record<string, File | undefined>>({});
  const [supplyKeys, setSupplyKeys] = useState<string[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [form] = Form.useForm<{ comment?: string; extendBy?: number }>();

  const view = useQuery({
    queryKey: applicationKey(id),
    queryFn: () => api.get<ApplicationView>(`/api/applications/${encodeURIComponent(id)}`),
  });

  const itemCodes = [...new Set(view.data?.cases.map((c) => c.itemCode) ?? [])];
  const catalogue = useQueries({
    queries: itemCodes.map((code) => ({
      queryKey: catalogueItemKey(code),
      queryFn: () => fetchItem(code),
      staleTime: 10 * 60_000,
      retry: false,
    })),
  });
  const labels = new Map<string, string>();
  for (const q of catalogue) {
    const it = q.data as CatalogueItem | undefined;
    for (const f of it?.definition.form.fields ?? [])
      if (!labels.has(f.key)) labels.set(f.key, f.label[lang]);
  }
  // Form values in the schema's order; keys the schema does not know at the end.
  const order = [...labels.keys()];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);

  const act = useMutation({
    mutationFn: async (v: {
      c: AppCase;
      action: string;
      comment?: string;
      data?: Record<string, unknown>;
      files?: Record<string, File | undefined>;
    }) => {
      const path = `/api/applications/${encodeURIComponent(id)}/cases/${encodeURIComponent(v.c.caseId)}/actions`;
      const body = {
        action: v.action,
        expectedVersion: v.c.version,
        ...(v.comment ? { comment: v.comment } : {}),
        ...(v.data ? { data: v.data } : {}),
      };
      if (v.files) {
        setProgress(0);
        try {
          return await postMultipart<ApplicationView>(path, applicationFormData(body, v.files), setProgress);
        } finally {
          setProgress(null);
        }
      }
      return api.post<ApplicationView>(path, body);
    },
    onSuccess: (updated, v) => {
      if (updated && typeof updated === 'object' && 'cases' in updated)
        qc.setQueryData(applicationKey(id), updated);
      else void view.refetch();
      void qc.invalidateQueries({ queryKey: ['applications'] });
      message.success(at('act.done', { action: caseActionName(v.action, lang) }));
      setPending(null);
    },
    onError: (e) => {
      if (isStaleVersion(e)) {
        message.warning(at('act.stale'));
        setPending(null);
        void view.refetch();
        return;
      }
      if (pending) {
        setModalError(e);
        showProblem(form, e, lang);
      } else {
        message.error(errorText(e, lang));
      }
    },
  });

  if (view.isPending) return <Card loading title={at('detail.title')} />;
  if (view.isError) {
    const e = view.error;
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return <NotFound />;
    return <QueryError error={e} onRetry={() => void view.refetch()} />;
  }
  const a = view.data;

  const open = (c: AppCase, action: string) => {
    setModalError(null);
    form.resetFields();
    if (action === 'supplyCorrection') {
      setSupplyFiles({});
      setFileError(null);
      setSupplyKeys([]);
      setPending({ kind: 'supply', c });
      return;
    }
    if (action === 'extend') {
      form.setFieldsValue({ extendBy: 5 });
      setPending({ kind: 'extend', c });
      return;
    }
    if (actionNeedsComment(action)) {
      setPending({ kind: 'comment', c, action });
      return;
    }
    act.mutate({ c, action });
  };

  const actionButtons = (c: AppCase) => {
    if (c.available.length === 0) {
      return (
        <Typography.Text type="secondary" data-testid={`case-no-actions-${c.caseId}`}>
          {at('detail.noActions')}
        </Typography.Text>
      );
    }
    return (
      <Space wrap data-testid={`case-actions-${c.caseId}`}>
        {orderActions(c.available).map((action, i) => {
          const busy =
            act.isPending && act.variables?.action === action && act.variables.c.caseId === c.caseId;
          const danger = DANGER_ACTIONS.has(action);
          const button = (
            <Button
              key={action}
              type={i === 0 && !danger ? 'primary' : 'default'}
              danger={danger}
              data-testid={`case-action-${action}`}
              data-case={c.caseId}
              loading={busy}
              disabled={act.isPending}
              onClick={action === 'withdraw' ? undefined : () => open(c, action)}
              icon={action === 'supplyCorrection' ? <UploadOutlined /> : undefined}
            >
              {caseActionName(action, lang)}
            </Button>
          );
          if (action !== 'withdraw') return button;
          return (
            <Popconfirm
              key={action}
              title={at('act.withdrawConfirm')}
              okText={at('act.confirm')}
              okButtonProps={{ 'data-testid': 'confirm-ok' }}
              onConfirm={() => act.mutate({ c, action })}
            >
              {button}
            </Popconfirm>
          );
        })}
      </Space>
    );
  };

  const materialsByKey = new Map(a.materials.map((m) => [m.key, m]));

  return (
    <Space
      orientation="vertical"
      size={16}
      className="yw-full"
      data-testid="application-detail"
      data-id={a.id}
    >
      <Card
        title={
          <span data-testid="application-no" className="yw-wrap">
            {at('detail.no')} {a.applicationNo}
          </span>
        }
        extra={
          <Button
            type="text"
            icon={<ReloadOutlined />}
            aria-label={at('detail.reload')}
            title={at('detail.reload')}
            data-testid="application-reload"
            loading={view.isFetching}
            onClick={() => void view.refetch()}
          />
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={at('detail.status')}>
            <StatusTag status={a.status} at={at} />
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.submittedAt')}>
            {formatShanghai(a.submittedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.applicant')}>
            <span data-testid="application-applicant">{a.applicantName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.applicantId')}>
            <span className="yw-mono" data-testid="application-applicant-id">
              {a.applicantId}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={at('detail.channel')}>
            <span data-testid="application-channel">{at(`channel.${a.channel}` as 'channel.online')}</span>
          </Descriptions.Item>
          {a.pledge && (
            <Descriptions.Item label={at('detail.pledge')}>
              <Tag color="purple" data-testid="application-pledge">
                {at('detail.pledge')}
              </Tag>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {a.cases.map((c) => (
        <CaseCard
          key={c.caseId}
          c={c}
          applicationId={a.id}
          submittedAt={a.submittedAt}
          at={at}
          lang={lang}
          actions={actionButtons(c)}
          showNext={audience === 'applicant'}
        />
      ))}

      <Card title={at('detail.materials')} size="small">
        <div data-testid="application-materials" className="yw-list">
          {a.materials.map((m) => (
            <MaterialLine key={m.key} m={m} at={at} applicationId={a.id} />
          ))}
        </div>
      </Card>

      <Card
        title={at('detail.formValues')}
        size="small"
        extra={
          <ExportButtons
            size="small"
            filename={`application-${a.applicationNo}`}
            columns={applicationLogColumns(a, lang)}
            rows={applicationLogRows(a)}
          />
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered data-testid="application-form-values">
          {Object.entries(a.form)
            .sort(([x], [y]) => rank(x) - rank(y))
            .map(([k, v]) => (
              <Descriptions.Item key={k} label={labels.get(k) ?? k}>
                <span className="yw-wrap" data-testid={`form-value-${k}`}>
                  {Array.isArray(v) ? v.join('、') : String(v ?? '')}
                </span>
              </Descriptions.Item>
            ))}
        </Descriptions>
      </Card>

      <Modal
        open={pending?.kind === 'comment' || pending?.kind === 'extend'}
        title={
          pending && pending.kind !== 'supply'
            ? at('act.reasonTitle', {
                action: caseActionName(pending.kind === 'extend' ? 'extend' : pending.action, lang),
              })
            : ''
        }
        onCancel={() => setPending(null)}
        okText={at('act.confirm')}
        cancelText={lang === 'zh' ? '取消' : 'Cancel'}
        okButtonProps={{ 'data-testid': 'action-comment-submit', loading: act.isPending }}
        onOk={() => form.submit()}
        forceRender
        data-testid="action-comment-modal"
      >
        <FormError error={modalError} />
        <Form
          form={form}
          name="action-comment-form"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            if (!pending || pending.kind === 'supply') return;
            setModalError(null);
            act.mutate({
              c: pending.c,
              action: pending.kind === 'extend' ? 'extend' : pending.action,
              comment: (v.comment ?? '').trim(),
              ...(pending.kind === 'extend' ? { data: { extendBy: v.extendBy } } : {}),
            });
          }}
        >
          {pending?.kind === 'extend' && (
            <Form.Item
              name="extendBy"
              label={at('act.extendBy')}
              extra={at('act.extendByHint')}
              rules={[{ required: true, type: 'number', min: 1, max: 10, message: at('act.extendByHint') }]}
            >
              <Select
                data-testid="action-extend-by"
                className="yw-extend-by"
                options={Array.from({ length: 10 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="comment"
            label={at('act.reason')}
            rules={[{ required: true, whitespace: true, message: at('act.reason') }, { max: 2000 }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="action-comment" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={pending?.kind === 'supply'}
        title={at('act.supplyTitle')}
        onCancel={() => setPending(null)}
        okText={at('act.confirm')}
        cancelText={lang === 'zh' ? '取消' : 'Cancel'}
        okButtonProps={{
          'data-testid': 'supply-submit',
          loading: act.isPending,
          disabled: supplyKeys.filter((k) => supplyFiles[k]).length === 0,
        }}
        onOk={() => {
          if (pending?.kind !== 'supply') return;
          const files: Record<string, File | undefined> = {};
          for (const k of supplyKeys) if (supplyFiles[k]) files[k] = supplyFiles[k];
          setModalError(null);
          act.mutate({ c: pending.c, action: 'supplyCorrection', files });
        }}
        data-testid="supply-modal"
      >
        <FormError error={modalError} />
        {pending?.kind === 'supply' && latestComment(pending.c.actions, 'askCorrection') && (
          <Typography.Paragraph type="warning" data-testid="supply-request">
            {at('detail.correctionAsked', { comment: latestComment(pending.c.actions, 'askCorrection')! })}
          </Typography.Paragraph>
        )}
        <Select
          mode="multiple"
          className="yw-full"
          placeholder={at('act.supplyPick')}
          value={supplyKeys}
          onChange={setSupplyKeys}
          data-testid="supply-materials"
          options={a.materials.map((m) => ({ value: m.key, label: m.name }))}
        />
        <div className="yw-list">
          {supplyKeys.map((key) => (
            <div key={key} data-testid={`supply-row-${key}`} className="yw-list-item">
              <div className="yw-full">
                <div className="yw-wrap">{materialsByKey.get(key)?.name ?? key}</div>
                <input
                  type="file"
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  data-testid={`supply-input-${key}`}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    if (!f) return;
                    const problem = fileProblem(f);
                    if (problem) {
                      e.target.value = '';
                      setFileError(at(`material.${problem}`));
                      return;
                    }
                    setFileError(null);
                    setSupplyFiles((prev) => ({ ...prev, [key]: f }));
                  }}
                />
              </div>
            </div>
          ))}
        </div>
        {fileError && (
          <Typography.Text type="danger" data-testid="supply-file-error">
            {fileError}
          </Typography.Text>
        )}
        {progress !== null && (
          <Typography.Text type="secondary" data-testid="supply-progress">
            {at('apply.uploadProgress', { percent: progress })}
          </Typography.Text>
        )}
      </Modal>
    </Space>
  );
}

function CaseCard({
  c,
  applicationId,
  at,
  lang,
  actions,
  showNext,
  submittedAt,
}: {
  c: AppCase;
  applicationId: string;
  submittedAt: string;
  at: AppT;
  lang: Lang;
  actions: React.ReactNode;
  showNext: boolean;
}) {
  const step = caseStep(c.state);
  const log = [...c.actions].sort((x, y) => x.seq - y.seq);
  const receipts = receiptKinds(log);
  const correction = c.state === 'correcting' ? latestComment(log, 'askCorrection') : undefined;
  return (
    <Card
      size="small"
      data-testid={`case-${c.caseId}`}
      data-item={c.itemCode}
      title={<span className="yw-wrap">{c.itemName}</span>}
      extra={
        <Tag
          color={step.status === 'error' ? 'red' : step.status === 'finish' ? 'green' : 'blue'}
          data-testid="case-state"
          data-state={c.state}
        >
          {caseStateName(c.state, lang)}
        </Tag>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={at('detail.department')}>{c.departmentName}</Descriptions.Item>
        <Descriptions.Item label={at('detail.deadline')}>
          <SlaView sla={c.sla} at={at} testId="case-sla" />
        </Descriptions.Item>
        {showNext && (
          <Descriptions.Item label={at('detail.next')} span="filled">
            <span data-testid="case-next">{at(`next.${c.state}` as 'next.submitted')}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {correction && (
        <Typography.Paragraph type="warning" data-testid="case-correction" className="yw-wrap">
          {at('detail.correctionAsked', { comment: correction })}
        </Typography.Paragraph>
      )}
      <Steps
        size="small"
        className="yw-case-steps"
        current={step.current}
        status={step.status}
        responsive={false}
        titlePlacement="vertical"
        items={CASE_STEPS.map((s) => ({ title: at(`step.${s}`) }))}
      />
      <div className="yw-case-section">{actions}</div>
      <Typography.Text strong>{at('detail.receipts')}</Typography.Text>
      <div className="yw-case-section" data-testid={`case-receipts-${c.caseId}`}>
        {receipts.length === 0 ? (
          <Typography.Text type="secondary">{at('detail.noReceipts')}</Typography.Text>
        ) : (
          <Space wrap>
            {receipts.map((kind) => (
              <a
                key={kind}
                href={receiptUrl(applicationId, kind, c.caseId)}
                target="_blank"
                rel="noreferrer"
                data-testid={`receipt-${kind}`}
              >
                <FilePdfOutlined /> {at(`receipt.${kind}` as 'receipt.acceptance')}
              </a>
            ))}
          </Space>
        )}
      </div>
      <Typography.Text strong>{at('detail.timeline')}</Typography.Text>
      {
        <Timeline
          className="yw-case-section"
          data-testid={`case-log-${c.caseId}`}
          items={[
            {
              key: 0,
              content: (
                <div data-testid={`case-log-${c.caseId}-submitted`} className="yw-log-item">
                  <Typography.Text strong>{at('step.submitted')}</Typography.Text>
                  <div className="yw-log-meta">{formatShanghai(submittedAt)}</div>
                </div>
              ),
            },
            ...log.map((x) => ({
              key: x.seq,
              content: (
                <div data-testid={`case-log-${c.caseId}-${x.seq}`} className="yw-log-item">
                  <Typography.Text strong>{caseActionName(x.action, lang)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {' '}
                    · {caseStateName(x.fromState, lang)} → {caseStateName(x.toState, lang)}
                  </Typography.Text>
                  <div className="yw-log-meta">{formatShanghai(x.at)}</div>
                  {x.comment && <div className="yw-log-comment">{x.comment}</div>}
                </div>
              ),
            })),
          ]}
        />
      }
    </Card>
  );
}
