import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Rate,
  Select,
  Space,
  Tag,
  Timeline,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/problem';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { useWoT } from './i18n';
import { OrderTags } from './OrderTable';
import { OrderDuplicatesCard } from '../hotline/OrderDuplicatesCard';
import type { Place, WorkOrderView } from './types';
import { PhotoGallery } from '../inspector/PhotoGallery';
import { PhotoPicker } from '../inspector/PhotoPicker';
import { photosOfAction, uploadPhotos, type WorkOrderPhoto } from '../inspector/photos';
import { useInsT } from '../inspector/i18n';
import { RevealPhone } from '../hotline/RevealPhone';

/** Actions that may carry photos (the handler's feedback; the inspector's verification). */
const PHOTO_ACTIONS = ['feedback', 'verify', 'rejectVerification', 'close'];
type View = WorkOrderView & { photos?: WorkOrderPhoto[] };

const OUTCOMES = ['resolved', 'not-our-responsibility', 'duplicate', 'no-further-action'];

/** /workbench/work-orders/:id — one order: its facts, its timeline and what the user may do next. */
export default function WorkOrderPage() {
  const { id = '' } = useParams();
  const { wt, wl, lang } = useWoT();
  const { it } = useInsT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [action, setAction] = useState<string | undefined>();
  const q = useQuery({
    queryKey: ['work-order', id],
    queryFn: () => api.get<View>(`/api/work-orders/${id}`),
  });
  const places = useQuery({
    queryKey: ['cityops', 'places'],
    queryFn: () => api.get<{ items: Place[] }>('/api/cityops/places'),
    enabled: action === 'dispatch',
  });
  const act = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      const { comment, photo, ...data } = values;
      const photos = await uploadPhotos(`/api/work-orders/${id}/photos`, (photo as File[] | undefined) ?? []);
      if (photos.length) data.photoIds = photos.map((p) => p.id);
      return api.post<View>(`/api/work-orders/${id}/actions`, {
        action,
        expectedVersion: q.data!.order.version,
        ...(comment ? { comment } : {}),
        data,
      });
    },
    onSuccess: (view) => {
      qc.setQueryData(['work-order', id], view);
      void qc.invalidateQueries({ queryKey: ['work-orders'] });
      form.resetFields();
      setAction(undefined);
      message.success(wt('wo.done'));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(wt('wo.stale'));
        void q.refetch();
      } else message.error(errorText(e, lang));
    },
  });
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const view = q.data;
  const o = view?.order;
  const actionName = (key: string) =>
    view?.actions.find((a) => a.action === key)?.actionName?.[lang] ?? ACTION_NAMES[key]?.[lang] ?? key;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="work-order">
      <Card loading={q.isPending} title={o ? `${o.orderNo} · ${o.categoryName}` : ''}>
        {o && (
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={wt('wo.state')}>
              <Tag color="blue" data-testid="wo-state">
                {o.stateName?.[lang] ?? o.state}
              </Tag>
              {o.overdue && <Tag color="red">{wt('wo.overdue')}</Tag>}
              {o.escalationLevel > 0 && (
                <Tag color="volcano">{wt('wo.escalated', { n: o.escalationLevel })}</Tag>
              )}
              <OrderTags order={o} />
              {!!o.remindersSent && o.escalationUnacknowledged && (
                <span className="yw-hint">{wt('wo.reminders', { n: o.remindersSent })}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={wt('wo.deadline')}>
              {view.sla.deadline ? formatShanghai(view.sla.deadline) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={wt('wo.limit')}>
              {o.limitValue} {wl(`unit.${o.limitUnit}`)}
            </Descriptions.Item>
            <Descriptions.Item label={wt('wo.unit')}>
              {o.responsibleUnitName ?? wt('wo.unrouted')}
            </Descriptions.Item>
            <Descriptions.Item label={wt('wo.place')}>
              {[o.streetName, o.committeeName, o.address].filter(Boolean).join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label={wt('wo.source')}>{wl(`src.${o.source}`)}</Descriptions.Item>
            <Descriptions.Item label={wt('wo.reporter')}>
              {o.reporterName || o.reporterPhone ? (
                <>
                  {o.reporterName}{' '}
                  {o.reporterPhone && <RevealPhone kind="order" id={o.caseId} masked={o.reporterPhone} />}
                </>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={wt('wo.createdAt')}>{formatShanghai(o.createdAt)}</Descriptions.Item>
            {o.subjectCategoryName && (
              <Descriptions.Item label={wt('wo.subject')}>{o.subjectCategoryName}</Descriptions.Item>
            )}
            {o.firstContactDue && (
              <Descriptions.Item label={wt('wo.firstContact')}>
                <span data-testid="wo-first-contact">
                  {o.firstContactAt
                    ? wt('wo.firstContactAt', { at: formatShanghai(o.firstContactAt) })
                    : wt('wo.firstContactBy', { at: formatShanghai(o.firstContactDue) })}
                </span>
              </Descriptions.Item>
            )}
            {o.outcome && (
              <Descriptions.Item label={wt('wo.outcome')}>{wl(`out.${o.outcome}`)}</Descriptions.Item>
            )}
            {o.satisfaction && (
              <Descriptions.Item label={wt('wo.satisfaction')}>
                <Rate disabled value={o.satisfaction} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={wt('wo.description')} span="filled">
              {o.description}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {!!view?.photos?.length && (
        <Card title={it('ph.photos')} data-testid="wo-photos-card">
          <PhotoGallery photos={view.photos} />
        </Card>
      )}
      {view && view.available.length > 0 && (
        <Card title={wt('wo.act')}>
          <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => act.mutate(v)}>
            <Form.Item label={wt('wo.action')}>
              <Select
                data-testid="wo-action"
                value={action}
                onChange={(v: string) => (form.resetFields(), setAction(v))}
                options={view.available
                  .filter((a) => a !== 'merge') // merged from the duplicates card, which names the order kept
                  .map((a) => ({ value: a, label: actionName(a) }))}
              />
            </Form.Item>
            {action === 'dispatch' && (
              <Form.Item name="unitId" label={wt('wo.unit')} rules={[{ required: true }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  data-testid="wo-unit"
                  loading={places.isPending}
                  options={(places.data?.items ?? [])
                    .filter((p) => p.kind !== 'committee')
                    .map((p) => ({ value: p.id, label: p.name }))}
                />
              </Form.Item>
            )}
            {action === 'requestExtension' && (
              <Form.Item
                name="extendBy"
                label={wt('wo.extendBy', { unit: wl(`unit.${o!.limitUnit}`) })}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={1000} />
              </Form.Item>
            )}
            {action === 'close' && (
              <Form.Item name="outcome" label={wt('wo.outcome')} rules={[{ required: true }]}>
                <Select
                  data-testid="wo-outcome"
                  options={OUTCOMES.map((x) => ({ value: x, label: wl(`out.${x}`) }))}
                />
              </Form.Item>
            )}
            {action === 'callback' && (
              <Form.Item name="satisfaction" label={wt('wo.satisfaction')} rules={[{ required: true }]}>
                <Rate data-testid="wo-satisfaction" />
              </Form.Item>
            )}
            {action && PHOTO_ACTIONS.includes(action) && (
              <Form.Item name="photo" label={it('ph.attach')} initialValue={[]}>
                <PhotoPicker testId="wo-photos" />
              </Form.Item>
            )}
            {action && (
              <Form.Item name="comment" label={wt('wo.comment')}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="wo-comment" />
              </Form.Item>
            )}
            <Button
              type="primary"
              htmlType="submit"
              disabled={!action}
              loading={act.isPending}
              data-testid="wo-submit"
            >
              {wt('wo.submit')}
            </Button>
          </Form>
        </Card>
      )}
      {o && <OrderDuplicatesCard order={o} />}
      {view && (
        <Card title={wt('wo.timeline')}>
          <Timeline
            data-testid="wo-timeline"
            items={view.actions.map((a) => ({
              color: a.action === 'escalate' ? 'red' : a.actorId === 'system' ? 'gray' : 'blue',
              content: (
                <div>
                  <strong>{a.actionName?.[lang] ?? a.action}</strong> · {a.actorName ?? wt('wo.system')} ·{' '}
                  {formatShanghai(a.at)}
                  {a.comment && <div className="yw-hint">{a.comment}</div>}
                  <PhotoGallery
                    photos={photosOfAction(view.photos ?? [], a.seq)}
                    flat
                    testId={`wo-action-photos-${a.seq}`}
                  />
                </div>
              ),
            }))}
          />
        </Card>
      )}
    </Space>
  );
}

/** Names of actions not yet in the log (the definition's names, for the action picker). */
const ACTION_NAMES: Record<string, { zh: string; en: string }> = {
  file: { zh: '立案', en: 'File' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  accept: { zh: '签收', en: 'Accept' },
  requestReturn: { zh: '申请退单', en: 'Ask to return' },
  approveReturn: { zh: '同意退单', en: 'Approve the return' },
  rejectReturn: { zh: '驳回退单', en: 'Reject the return' },
  requestExtension: { zh: '申请延期', en: 'Ask for an extension' },
  approveExtension: { zh: '同意延期', en: 'Approve the extension' },
  rejectExtension: { zh: '驳回延期', en: 'Reject the extension' },
  escalate: { zh: '督办', en: 'Escalate' },
  feedback: { zh: '处理反馈', en: 'Report the handling' },
  verify: { zh: '核查', en: 'Verify' },
  rejectVerification: { zh: '核查不通过·重办', en: 'Verification failed: redo' },
  close: { zh: '结案', en: 'Close' },
  callback: { zh: '回访', en: 'Call back' },
  reopen: { zh: '重办', en: 'Reopen' },
  contact: { zh: '首次联系', en: 'First contact' },
  acknowledge: { zh: '督办签收', en: 'Acknowledge the escalation' },
};
