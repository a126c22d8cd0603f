import { Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { useSnT } from './i18n';
import type { Alarm } from './types';

/**
 * Under an area outage (区域集中离线) on the alarms desk: the offline alarms of the committee's
 * sensors it covers — each sensor with its type and when it was last heard; those back online
 * are shown cleared.
 */
export function OutageMembers({ outage }: { outage: Alarm }) {
  const { st, lang } = useSnT();
  const members = useQuery({
    queryKey: ['sensor-alarms', 'outage', outage.id],
    queryFn: () =>
      api.get<{ items: Alarm[]; total: number }>('/api/sensor-alarms', {
        outageId: outage.id,
        pageSize: 500,
      }),
  });
  if (members.isError) return <QueryError error={members.error} onRetry={() => void members.refetch()} />;
  const items = members.data?.items ?? [];
  return (
    <div className="yw-outage-members" data-testid={`outage-members-${outage.id}`}>
      <Typography.Text type="secondary">
        {members.isLoading ? '…' : st('al.coveredList', { n: members.data?.total ?? 0 })}
      </Typography.Text>
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            <Link to={`/workbench/sensors/${encodeURIComponent(a.sensorId ?? '')}`} className="yw-sensor-id">
              {a.sensorId}
            </Link>{' '}
            <Typography.Text type="secondary">
              {lang === 'zh' ? a.sensorTypeName : a.sensorTypeNameEn} · {st('al.lastHeard')}{' '}
              {a.lastReadingAt ? formatShanghai(a.lastReadingAt).slice(5, 16) : '—'}
            </Typography.Text>
            {a.state === 'cleared' ? <Tag color="green">{st('al.backOnline')}</Tag> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
