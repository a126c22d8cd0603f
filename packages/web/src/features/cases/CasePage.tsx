import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/problem';
import type { CaseView, WorkflowDefinition } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { NotFound, QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import {
  actionName,
  caseLogColumns,
  definitionOf,
  isStaleVersion,
  requiresComment,
  slaUrgency,
  stateName,
} from './case-view';

const caseKey = (id: string) => ['case', id] as const;

/** The current time, re-read every minute so the SLA tag turns amber or red without a reload. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A case of the workflow engine: its state, SLA, action log and one button per action the user may take.
 * Every action carries the version on screen; when someone else acted first the server answers 409
 * `stale-version` and the page reloads the case.
 */
export default function CasePage() {
  const { id = '' } = useParams();
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const now = useNow();
  const [commentFor, setCommentFor] = useState<string | null>(null);
  const [commentError, setCommentError] = useState<unknown>(null);
  const [form] = Form.useForm<{ comment: string }>();

  const theCase = useQuery({
    queryKey: caseKey(id),
    queryFn: () => api.get<CaseView>(`/api/cases/${encodeURIComponent(id)}`),
  });
  const workflows = useQuery({
    queryKey: ['workflows'],
    queryFn: () => api.get<{ items: WorkflowDefinition[] }>('/api/workflows'),
    staleTime: 10 * 60_000,
  });

  const def = theCase.data ? definitionOf(workflows.data?.items, theCase.data) : undefined;

  const act = useMutation({
    mutationFn: (v: { action: string; expectedVersion: number; comment?: string }) =>
      api.post<CaseView>(`/api/cases/${encodeURIComponent(id)}/actions`, v),
    onSuccess: (updated, v) => {
      qc.setQueryData(caseKey(id), updated);
      message.success(t('case.done', { action: actionName(def, v.action, lang) }));
      setCommentFor(null);
    },
    onError: (e) => {
      if (isStaleVersion(e)) {
        message.warning(t('case.stale'));
        setCommentFor(null);
        void theCase.refetch();
        return;
      }
      if (commentFor) {
        setCommentError(e);
        showProblem(form, e, lang);
      } else {
        message.error(errorText(e, lang));
      }
    },
  });

  if (theCase.isPending) return <Card loading title={t('case.title')} />;
  if (theCase.isError) {
    const e = theCase.error;
    // A malformed id (400) is as absent as an unknown one (404); the server answers 404 outside the scope.
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return <NotFound />;
    return <QueryError error={e} onRetry={() => void theCase.refetch()} />;
  }
  const c = theCase.data;

  const run = (action: string) => {
    if (requiresComment(def, action)) {
      setCommentError(null);
      form.resetFields();
      setCommentFor(action);
      return;
    }
    act.mutate({ action, expectedVersion: c.version });
  };

  const urgency = slaUrgency(c.sla, now);
  const sla = (() => {
    switch (c.sla.kind) {
      case 'none':
        return <span data-testid="case-sla">{t('case.slaNone')}</span>;
      case 'paused':
        return (
          <Tag data-testid="case-sla" color="default">
            {t('case.slaPaused')}
          </Tag>
        );
      case 'unknown':
        return (
          <Tag data-testid="case-sla" color="orange">
            {t('case.slaUnknown', { year: c.sla.unknownYear })}
          </Tag>
        );
      case 'running':
        return (
          <Space wrap size={4} data-testid="case-sla" data-urgency={urgency}>
            <span>{t('case.slaDeadline', { deadline: formatShanghai(c.sla.deadline) })}</span>
            {urgency === 'overdue' && (
              <Tag color="red" data-testid="case-sla-overdue">
                {t('case.slaOverdue')}
              </Tag>
            )}
            {urgency === 'warning' && (
              <Tag color="orange" data-testid="case-sla-warning">
                {t('case.slaWarning')}
              </Tag>
            )}
          </Space>
        );
    }
  })();

  const log = [...c.actions].sort((a, b) => a.seq - b.seq);

  return (
    <Space orientation="vertical" size={16} className="yw-full">
      <Card
        title={
          <span data-testid="case-title" className="yw-wrap">
            {c.title}
          </span>
        }
        extra={
          <Button
            type="text"
            icon={<ReloadOutlined />}
            aria-label={t('case.reload')}
            title={t('case.reload')}
            data-testid="case-reload"
            loading={theCase.isFetching}
            onClick={() => void theCase.refetch()}
          />
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('case.workflow')}>
            <span data-testid="case-workflow">{c.definition.name[lang]}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.state')}>
            <Tag color="blue" data-testid="case-state" data-state={c.state}>
              {stateName(def, c.state, lang)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.sla')}>{sla}</Descriptions.Item>
          <Descriptions.Item label={t('case.createdAt')}>{formatShanghai(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('case.version')}>
            <span data-testid="case-version">{c.version}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('case.actions')}>
        {c.available.length === 0 ? (
          <Typography.Text type="secondary" data-testid="case-no-actions">
            {t('case.noActions')}
          </Typography.Text>
        ) : (
          <Space wrap data-testid="case-actions">
            {c.available.map((action, i) => (
              <Button
                key={action}
                type={i === 0 ? 'primary' : 'default'}
                data-testid={`case-action-${action}`}
                loading={act.isPending && act.variables?.action === action}
                disabled={act.isPending}
                onClick={() => run(action)}
              >
                {actionName(def, action, lang)}
              </Button>
            ))}
          </Space>
        )}
      </Card>

      <Card
        title={t('case.log')}
        extra={
          <ExportButtons
            filename={`case-${c.id.slice(0, 8)}`}
            disabled={log.length === 0}
            columns={caseLogColumns(def, lang)}
            rows={log}
          />
        }
      >
        {log.length === 0 ? (
          <Empty description={t('case.logEmpty')} />
        ) : (
          <Timeline
            data-testid="case-log"
            items={log.map((a) => ({
              key: a.seq,
              content: (
                <div data-testid={`case-log-${a.seq}`} className="yw-log-item">
                  <Typography.Text strong>{actionName(def, a.action, lang)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {' '}
                    · {stateName(def, a.fromState, lang)} → {stateName(def, a.toState, lang)}
                  </Typography.Text>
                  <div className="yw-log-meta">
                    {formatShanghai(a.at)} · {t('case.actor')} <span className="yw-mono">{a.actorId}</span>
                  </div>
                  {a.comment && <div className="yw-log-comment">{a.comment}</div>}
                </div>
              ),
            }))}
          />
        )}
      </Card>

      <Modal
        open={commentFor !== null}
        title={t('case.reasonTitle', { action: commentFor ? actionName(def, commentFor, lang) : '' })}
        onCancel={() => setCommentFor(null)}
        okText={t('common.submit')}
        okButtonProps={{ 'data-testid': 'case-comment-submit', loading: act.isPending }}
        onOk={() => form.submit()}
        forceRender
        data-testid="case-comment-modal"
      >
        <FormError error={commentError} />
        <Form<{ comment: string }>
          form={form}
          name="case-comment-form"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => {
            setCommentError(null);
            act.mutate({ action: commentFor!, expectedVersion: c.version, comment: v.comment.trim() });
          }}
        >
          <Form.Item
            name="comment"
            label={t('case.reason')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('case.reason') }),
              },
              { max: 2000 },
            ]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="case-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
