import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/problem';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import type { ExportColumn } from '../../lib/export';
import { PhotoGallery } from './PhotoGallery';
import { PhotoPicker } from './PhotoPicker';
import { uploadPhotos, type WorkOrderPhoto } from './photos';
import { insTranslate, useInsT } from './i18n';
import type { Lang } from '../../i18n/messages';

export type AwaitingOrder = {
  caseId: string;
  orderNo: string;
  categoryName: string;
  streetName: string | null;
  committeeName: string | null;
  address: string | null;
  description: string;
  responsibleUnitName: string | null;
  state: 'fedBack' | 'verifying';
  version: number;
  createdAt: string;
  feedback: { seq: number; comment: string | null; at: string; actorName: string | null } | null;
  photos: WorkOrderPhoto[];
};

const OUTCOMES = ['resolved', 'not-our-responsibility', 'duplicate', 'no-further-action'] as const;
const OUTCOME_NAMES: Record<(typeof OUTCOMES)[number], { zh: string; en: string }> = {
  resolved: { zh: '已解决', en: 'Resolved' },
  'not-our-responsibility': { zh: '非本区职责', en: 'Not our responsibility' },
  duplicate: { zh: '重复工单', en: 'Duplicate' },
  'no-further-action': { zh: '无需处置', en: 'No further action' },
};

export function awaitingColumns(lang: Lang): ExportColumn<AwaitingOrder>[] {
  const zh = lang === 'zh';
  return [
    { header: zh ? '工单编号' : 'Order no.', value: (r) => r.orderNo, width: 20 },
    { header: zh ? '类别' : 'Category', value: (r) => r.categoryName, width: 18 },
    {
      header: zh ? '地点' : 'Place',
      value: (r) => [r.streetName, r.committeeName, r.address].filter(Boolean).join(' '),
      width: 28,
    },
    { header: insTranslate(lang, 'ins.unit'), value: (r) => r.responsibleUnitName ?? '', width: 18 },
    { header: zh ? '处置反馈' : 'Feedback', value: (r) => r.feedback?.comment ?? '', width: 30 },
    {
      header: zh ? '反馈时间' : 'Fed back at',
      value: (r) => (r.feedback ? formatShanghai(r.feedback.at) : ''),
      width: 18,
    },
    { header: zh ? '照片数' : 'Photos', value: (r) => String(r.photos.length) },
  ];
}

type Decision = { order: AwaitingOrder; pass: boolean };

/** 待核查: the handler's feedback and photos, and two big buttons — 核查通过 (verify, then close) or 不通过. */
export function VerifyList() {
  const { it, lang } = useInsT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [form] = Form.useForm<{ outcome?: string; comment?: string; photo?: File[] }>();
  const q = useQuery({
    queryKey: ['work-orders', 'awaiting-verification'],
    queryFn: () =>
      api.get<{ items: AwaitingOrder[]; total: number }>('/api/work-orders/awaiting-verification', {
        pageSize: 100,
      }),
  });
  const act = useMutation({
    mutationFn: async ({
      order,
      pass,
      values,
    }: Decision & { values: { outcome?: string; comment?: string; photo?: File[] } }) => {
      const added = await uploadPhotos(`/api/work-orders/${order.caseId}/photos`, values.photo ?? []);
      const photoIds = added.map((p) => p.id);
      const post = (action: string, expectedVersion: number, extra: Record<string, unknown>) =>
        api.post<{ order: { version: number } }>(`/api/work-orders/${order.caseId}/actions`, {
          action,
          expectedVersion,
          ...extra,
        });
      if (!pass)
        return post('rejectVerification', order.version, {
          comment: values.comment,
          data: photoIds.length ? { photoIds } : {},
        });
      let version = order.version;
      if (order.state === 'fedBack') {
        const v = await post('verify', version, { data: photoIds.length ? { photoIds } : {} });
        version = v.order.version;
      }
      return post('close', version, {
        comment: values.comment || (lang === 'zh' ? '核查通过' : 'verified'),
        data: { outcome: values.outcome },
      });
    },
    onSuccess: (_r, vars) => {
      message.success(vars.pass ? it('ins.passDone') : it('ins.failDone'));
      setDecision(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['work-orders'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) void q.refetch();
      message.error(errorText(e, lang));
    },
  });

  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Spin className="yw-page-spin" />;
  const items = q.data.items;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="verify-list">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{it('ins.count', { n: q.data.total })}</Typography.Text>
        <Space size={8} wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>
            {it('ins.refresh')}
          </Button>
          <ExportButtons
            filename="awaiting-verification"
            columns={awaitingColumns(lang)}
            rows={items}
            disabled={!items.length}
          />
        </Space>
      </Space>
      {!items.length && <Empty description={it('ins.emptyVerify')} />}
      {items.map((o) => (
        <Card
          key={o.caseId}
          size="small"
          data-testid="verify-card"
          title={
            <Link to={`/workbench/work-orders/${o.caseId}`} style={{ whiteSpace: 'normal' }}>
              {o.categoryName}
            </Link>
          }
          extra={o.state === 'verifying' ? <Tag color="processing">{it('ins.verifying')}</Tag> : null}
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 6, fontSize: 12 }}>
            {o.orderNo} · {[o.streetName, o.committeeName, o.address].filter(Boolean).join(' · ')}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{o.description}</Typography.Paragraph>
          {o.feedback && (
            <div style={{ background: '#f6ffed', borderRadius: 6, padding: '8px 10px', marginBottom: 8 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {it('ins.feedbackBy', {
                  name: [o.responsibleUnitName, o.feedback.actorName].filter(Boolean).join(' '),
                  at: formatShanghai(o.feedback.at),
                })}
              </Typography.Text>
              {o.feedback.comment && <div>{o.feedback.comment}</div>}
            </div>
          )}
          <PhotoGallery photos={o.photos} />
          <div className="yw-verify-actions">
            <Button
              type="primary"
              size="large"
              icon={<CheckOutlined />}
              // The dialog's form mounts when it opens (destroyOnHidden) with outcome 'resolved' as
              // its initial value; touching the form before that makes antd warn it is unhooked.
              onClick={() => setDecision({ order: o, pass: true })}
              data-testid="verify-pass"
            >
              {it('ins.pass')}
            </Button>
            <Button
              danger
              size="large"
              icon={<CloseOutlined />}
              onClick={() => setDecision({ order: o, pass: false })}
              data-testid="verify-fail"
            >
              {it('ins.fail')}
            </Button>
          </div>
        </Card>
      ))}
      <Modal
        open={!!decision}
        title={
          decision ? `${decision.pass ? it('ins.pass') : it('ins.fail')} · ${decision.order.orderNo}` : ''
        }
        onCancel={() => (setDecision(null), form.resetFields())}
        okText={decision?.pass ? it('ins.pass') : it('ins.fail')}
        okButtonProps={{ danger: decision ? !decision.pass : false, loading: act.isPending, size: 'large' }}
        cancelButtonProps={{ size: 'large' }}
        onOk={() => form.submit()}
        destroyOnHidden
        data-testid="verify-modal"
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ outcome: 'resolved', photo: [] }}
          onFinish={(values) => decision && act.mutate({ ...decision, values })}
        >
          {decision?.pass && (
            <Form.Item
              name="outcome"
              label={it('ins.outcome')}
              rules={[{ required: true, message: it('ins.required') }]}
            >
              <Select
                size="large"
                options={OUTCOMES.map((x) => ({ value: x, label: OUTCOME_NAMES[x][lang] }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="comment"
            label={decision?.pass ? it('ins.comment') : it('ins.reason')}
            rules={decision?.pass ? [] : [{ required: true, message: it('ins.required') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              placeholder={decision?.pass ? '' : it('ins.reasonHint')}
              data-testid="verify-comment"
            />
          </Form.Item>
          <Form.Item name="photo" label={it('ph.attach')}>
            <PhotoPicker testId="verify-photos" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
