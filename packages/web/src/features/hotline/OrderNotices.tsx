import { Alert, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
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
  workOrderId: string;
  orderNo: string;
};

const SHOWN = 5;

/** The desk's latest work-order notifications: 督办, its reminders until acknowledged, missed first contacts. */
export function OrderNotices() {
  const { wt, lang } = useWoT();
  const q = useQuery({
    queryKey: ['work-orders', 'notifications'],
    queryFn: () => api.get<{ items: Notice[] }>('/api/work-orders/notifications'),
    refetchInterval: 60_000,
  });
  const items = (q.data?.items ?? []).slice(0, SHOWN);
  if (!items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="yw-section"
      data-testid="wo-notices"
      title={wt('wo.notices')}
      description={
        <div>
          {items.map((n) => (
            <div key={n.id} style={{ padding: '2px 0' }}>
              <Tag color={n.kind === 'work-order.reminder' ? 'magenta' : 'volcano'}>
                {formatShanghai(n.createdAt)}
              </Tag>
              <Link to={`/workbench/work-orders/${n.workOrderId}`}>{n[lang]}</Link>
            </div>
          ))}
        </div>
      }
    />
  );
}
