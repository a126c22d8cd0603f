import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Rate,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { FormError, showProblem } from '../../app/components/FormError';
import { NotFound, QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { useRatingT } from './i18n';
import { rectActionName, rectStateName } from './rectification-states';
import { INDICATORS, type RectificationView } from './types';
import './ratings.css';

type ActValues = { comment: string; channel?: string; contactedAt?: { toISOString(): string } };
const CHANNELS = ['phone', 'sms', 'visit', 'online'] as const;

/** /workbench/rectifications/:id — the rating, the rater to contact, the log and the next actions. */
export default function RectificationPage() {
  const { id = '' } = useParams();
  const { rt, lang } = useRatingT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [acting, setActing] = useState<string | null>(null);
  const [form] = Form.useForm<ActValues>();
  const q = useQuery({
    queryKey: ['rectification', id],
    queryFn: () => api.get<RectificationView>(`/api/rectifications/${id}`),
  });
  const act = useMutation({
    mutationFn: (v: ActValues) =>
      api.post<RectificationView>(`/api/rectifications/${id}/actions`, {
        action: acting,
        expectedVersion: q.data!.case.version,
        comment: v.comment,
        ...(acting === 'recordContact'
          ? { data: { channel: v.channel, contactedAt: (v.contactedAt ?? new Date()).toISOString() } }
          : {}),
      }),
    onSuccess: (data) => {
      qc.setQueryData(['rectification', id], data);
      void qc.invalidateQueries({ queryKey: ['rectifications'] });
      setActing(null);
      form.resetFields();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && /stale/.test(e.type)) {
        void message.warning(rt('rect.stale'));
        void q.refetch();
        setActing(null);
      } else showProblem(form, e, lang);
    },
  });
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 404) return <NotFound />;
    return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  }
  if (!q.data) return <Card loading />;
  const { case: c, rating, rater, application } = q.data;
  return (
    <Space orientation="vertical" size={12} className="yw-full">
      <Link to="/workbench/rectifications" className="yw-back">
        ← {rt('rect.title')}
      </Link>
      <Card
        title={c.title}
        extra={
          <Tag color={c.state === 'closed' ? 'green' : 'blue'} data-testid="rect-state">
            {rectStateName(c.state, lang)}
          </Tag>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={rt('rect.rating')}>
            <Rate disabled value={rating.score} /> {rt(`level.${rating.score}` as 'level.1')}
          </Descriptions.Item>
          <Descriptions.Item label={rt('rect.deadline')}>
            <span data-testid="rect-deadline">
              {c.sla.kind === 'running' ? formatShanghai(c.sla.deadline) : '—'}
            </span>{' '}
            ({rt('rect.tier')} {rt('rect.tierDays', { n: c.tierDays })})
          </Descriptions.Item>
          <Descriptions.Item label={rt('rect.comment')} span="filled">
            <span className="yw-rect-comment" data-testid="rect-comment">
              {rating.comment}
            </span>
          </Descriptions.Item>
          {INDICATORS.filter((k) => rating.indicators[k]).map((k) => (
            <Descriptions.Item key={k} label={rt(`ind.${k}`)}>
              {rating.indicators[k]} / 5
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={rt('rect.rater')}>{rater.name}</Descriptions.Item>
          <Descriptions.Item label={rt('rect.phone')}>
            {rater.phone ? <a href={`tel:${rater.phone}`}>{rater.phone}</a> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={rt('rect.via')}>{rt(`rect.via.${rating.via}`)}</Descriptions.Item>
          <Descriptions.Item label={rt('rect.application')}>
            <Link to={`/workbench/applications/${application.id}`} data-testid="rect-application">
              {application.applicationNo}
            </Link>{' '}
            {application.items.map((i) => i.itemName).join('、')}
          </Descriptions.Item>
        </Descriptions>
        {c.available.length > 0 && (
          <Space wrap className="yw-section">
            {c.available.map((a) => (
              <Button
                key={a}
                type={a === 'appeal' || a === 'rejectAppeal' ? 'default' : 'primary'}
                onClick={() => setActing(a)}
                data-testid={`rect-act-${a}`}
              >
                {rectActionName(a, lang)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Card title={rt('rect.log')} size="small">
        <Timeline
          items={c.actions.map((a) => ({
            content: (
              <div data-testid={`rect-log-${a.seq}`}>
                <Typography.Text strong>{rectActionName(a.action, lang)}</Typography.Text>{' '}
                <Typography.Text type="secondary">{formatShanghai(a.at)}</Typography.Text>
                {typeof a.data.channel === 'string' && (
                  <div>
                    {rt('rect.channel')}：{rt(`rect.channel.${a.data.channel}` as 'rect.channel.phone')}
                    {typeof a.data.contactedAt === 'string' && ` · ${formatShanghai(a.data.contactedAt)}`}
                  </div>
                )}
                {a.comment && <div className="yw-rect-comment">{a.comment}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        open={acting !== null}
        title={acting ? rectActionName(acting, lang) : ''}
        onCancel={() => setActing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, ...{ 'data-testid': 'rect-act-ok' } }}
        destroyOnHidden
      >
        <FormError error={act.error} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => act.mutate(v)}
          initialValues={{ channel: 'phone' }}
        >
          {acting === 'recordContact' && (
            <>
              <Form.Item name="channel" label={rt('rect.channel')} rules={[{ required: true }]}>
                <Select
                  data-testid="rect-channel"
                  options={CHANNELS.map((ch) => ({ value: ch, label: rt(`rect.channel.${ch}`) }))}
                />
              </Form.Item>
              <Form.Item name="contactedAt" label={rt('rect.contactedAt')}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="comment"
            label={rt('rect.note')}
            rules={[{ required: true, whitespace: true, message: rt('rect.notePlaceholder') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={2000}
              placeholder={rt('rect.notePlaceholder')}
              data-testid="rect-note"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
