import { App, Button, Card, Col, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/problem';
import { useSession } from '../../api/session';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { useWoT } from '../work-orders/i18n';
import type { OrderDuplicates, WorkOrder, WorkOrderView } from '../work-orders/types';
import { RevealPhone } from './RevealPhone';
import { SimpleList } from './SimpleList';

/**
 * On an order's page: the order it was merged into, the duplicates merged into it, its
 * followers (called back with it), and — while open — possible duplicates the dispatcher can
 * merge this order into.
 */
export function OrderDuplicatesCard({ order }: { order: WorkOrder }) {
  const { wt, wl, lang } = useWoT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const session = useSession();
  const mayMerge = !!session.data?.user?.roles.some((r) => r === 'dispatcher' || r === 'admin');
  const q = useQuery({
    queryKey: ['work-order', order.caseId, 'duplicates'],
    queryFn: () => api.get<OrderDuplicates>(`/api/work-orders/${order.caseId}/duplicates`),
  });
  const merge = useMutation({
    mutationFn: (intoId: string) =>
      api.post<WorkOrderView>(`/api/work-orders/${order.caseId}/merge`, {
        intoId,
        expectedVersion: order.version,
      }),
    onSuccess: (view) => {
      qc.setQueryData(['work-order', order.caseId], view);
      void qc.invalidateQueries({ queryKey: ['work-order', order.caseId, 'duplicates'] });
      void qc.invalidateQueries({ queryKey: ['work-orders'] });
      message.success(wt('wo.merged'));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) message.warning(errorText(e, lang));
      else message.error(errorText(e, lang));
      void qc.invalidateQueries({ queryKey: ['work-order', order.caseId] });
    },
  });
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <Card title={wt('wo.duplicates')} loading={q.isPending} data-testid="wo-duplicates">
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {d.duplicateOf && (
            <div data-testid="wo-duplicate-of">
              <Tag color="purple">{wl('out.duplicate')}</Tag>
              {wt('wo.duplicateOf')}{' '}
              <Link to={`/workbench/work-orders/${d.duplicateOf.caseId}`} className="yw-mono">
                {d.duplicateOf.orderNo}
              </Link>
            </div>
          )}
          {d.merged.length > 0 && (
            <div data-testid="wo-merged-here">
              {wt('wo.mergedHere')}:{' '}
              {d.merged.map((m) => (
                <Link key={m.caseId} to={`/workbench/work-orders/${m.caseId}`} className="yw-mono yw-tag-gap">
                  {m.orderNo}
                </Link>
              ))}
            </div>
          )}
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Typography.Text strong>{wt('wo.followers')}</Typography.Text>
              <SimpleList
                items={d.followers}
                rowKey={(f) => f.id}
                empty={wt('wo.noFollowers')}
                testId="wo-followers"
                title={(f) => (
                  <Space size={4} wrap>
                    <span>{f.name ?? '—'}</span>
                    <RevealPhone kind="follower" id={f.id} masked={f.phone} />
                    <Tag>{wl(`wo.via.${f.via}`)}</Tag>
                    {f.callNo && <span className="yw-hint yw-mono">{f.callNo}</span>}
                    {f.mergedFromNo && <span className="yw-hint yw-mono">{f.mergedFromNo}</span>}
                  </Space>
                )}
              />
            </Col>
            {!d.duplicateOf && !['closed', 'evaluated'].includes(order.state) && (
              <Col xs={24} lg={12}>
                <Typography.Text strong>
                  {wt('wo.possibleDuplicates', { n: d.candidates.length })}
                </Typography.Text>
                <div className="yw-hint">
                  {wt('wo.duplicatesHint', { m: d.radiusMetres, d: d.windowDays })}
                </div>
                <SimpleList
                  items={d.candidates}
                  rowKey={(c) => c.caseId}
                  empty={wt('wo.noDuplicates')}
                  testId="wo-candidates"
                  title={(c) => (
                    <Space size={4} wrap>
                      <Link to={`/workbench/work-orders/${c.caseId}`} className="yw-mono">
                        {c.orderNo}
                      </Link>
                      <Tag color={c.reason === 'distance' ? 'cyan' : 'purple'}>
                        {wl(`wo.reason.${c.reason}`)}
                        {c.distanceMetres !== null ? ` · ${wt('wo.distance', { m: c.distanceMetres })}` : ''}
                      </Tag>
                    </Space>
                  )}
                  description={(c) =>
                    `${[c.committeeName ?? c.streetName, c.address].filter(Boolean).join(' · ')} · ${formatShanghai(c.createdAt)} · ${c.description}`
                  }
                  actions={(c) =>
                    mayMerge && (
                      <Popconfirm
                        title={wt('wo.mergeConfirm', { no: c.orderNo })}
                        onConfirm={() => merge.mutate(c.caseId)}
                      >
                        <Button size="small" loading={merge.isPending} data-testid={`wo-merge-${c.orderNo}`}>
                          {wt('wo.mergeInto')}
                        </Button>
                      </Popconfirm>
                    )
                  }
                />
              </Col>
            )}
          </Row>
        </Space>
      )}
    </Card>
  );
}
