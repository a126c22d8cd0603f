import { Alert, Badge, Button, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { formatShanghai } from '../../lib/calendar';
import { useWoT } from '../work-orders/i18n';

type Notice = {
  id: string;
  kind: string;
  zh: string;
  en: string;
  createdAt: string;
  /** null: unread */
  readAt: string | null;
  workOrderId: string;
  orderNo: string;
};

const SHOWN = 5;
const KEY = ['work-orders', 'notifications'];

/**
 * The desk's unread work-order notifications (督办, its reminders until acknowledged, missed first
 * contacts) with the unread count; each can be marked read, or all at once. Opening the order
 * marks it read too. Hidden when nothing is unread.
 */
export function OrderNotices() {
  const { wt, lang } = useWoT();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: KEY,
    queryFn: () => api.get<{ items: Notice[]; unread: number }>('/api/work-orders/notifications'),
    refetchInterval: 60_000,
  });
  const done = () => void qc.invalidateQueries({ queryKey: KEY });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`),
    onSuccess: done,
  });
  const markAll = useMutation({ mutationFn: () => api.post('/api/notifications/read-all'), onSuccess: done });
  const unread = (q.data?.items ?? []).filter((n) => !n.readAt);
  if (!unread.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="yw-section"
      data-testid="wo-notices"
      title={
        <Space>
          {wt('wo.notices')}
          <Badge count={q.data?.unread ?? unread.length} overflowCount={99} data-testid="wo-notices-unread" />
        </Space>
      }
      action={
        <Button
          size="small"
          onClick={() => markAll.mutate()}
          loading={markAll.isPending}
          data-testid="wo-notices-read-all"
        >
          {wt('wo.markAllRead')}
        </Button>
      }
      description={
        <div>
          {unread.slice(0, SHOWN).map((n) => (
            <div key={n.id} style={{ padding: '2px 0' }} data-testid={`wo-notice-${n.id}`}>
              <Tag color={n.kind === 'work-order.reminder' ? 'magenta' : 'volcano'}>
                {formatShanghai(n.createdAt)}
              </Tag>
              <Link to={`/workbench/work-orders/${n.workOrderId}`} onClick={() => markRead.mutate(n.id)}>
                <Typography.Text strong>{n[lang]}</Typography.Text>
              </Link>{' '}
              <Typography.Link onClick={() => markRead.mutate(n.id)} data-testid={`wo-notice-read-${n.id}`}>
                {wt('wo.markRead')}
              </Typography.Link>
            </div>
          ))}
          {unread.length > SHOWN ? (
            <Typography.Text type="secondary">
              {wt('wo.unread', { n: unread.length - SHOWN })}
            </Typography.Text>
          ) : null}
        </div>
      }
    />
  );
}
