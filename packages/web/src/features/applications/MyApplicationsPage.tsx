import { Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { ApplicationDetail, StatusTag } from './ApplicationDetail';
import { ExportButtons } from '../../lib/ExportButtons';
import { myApplicationColumns, myApplicationRows } from './exports';
import { useAppT } from './i18n';
import { caseStateName } from './licence-case';
import type { MyApplication } from './types';
import './applications.css';
import { RatingEntry } from '../ratings/RatingEntry';

export const MY_APPLICATIONS_KEY = ['applications', 'mine'] as const;

/** Citizens and enterprises only; everyone else is sent where they belong. */
function useApplicantGate(path: string) {
  const session = useSession();
  const user = session.data?.user ?? null;
  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  if (!user) return <Navigate to={`/public/login?next=${encodeURIComponent(path)}`} replace />;
  if (user.kind === 'staff') return <Navigate to="/workbench/queue" replace />;
  return null;
}

/** /me/applications — the applicant's applications, newest first, with status and deadline. */
export function MyApplicationsPage() {
  const gate = useApplicantGate('/me/applications');
  const { at, lang } = useAppT();
  const list = useQuery({
    queryKey: MY_APPLICATIONS_KEY,
    queryFn: () => api.get<{ items: MyApplication[] }>('/api/applications/mine'),
    enabled: gate === null,
  });
  if (gate) return gate;
  const items = list.data?.items ?? [];
  return (
    <Card
      className="yw-apply"
      title={at('mine.title')}
      data-testid="my-applications"
      extra={
        <ExportButtons
          filename="my-applications"
          sheetName={at('mine.title')}
          disabled={items.length === 0}
          columns={myApplicationColumns(lang)}
          rows={myApplicationRows(items)}
        />
      }
    >
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Spin spinning={list.isPending}>
          {!list.isPending && items.length === 0 && (
            <Empty description={at('mine.empty')} data-testid="my-applications-empty">
              <Link to="/services">
                <Button type="primary">{at('mine.goApply')}</Button>
              </Link>
            </Empty>
          )}
          <div className="yw-list">
            {items.map((a) => (
              <div
                key={a.id}
                data-testid={`my-application-${a.applicationNo}`}
                data-id={a.id}
                className="yw-list-item yw-my-app"
              >
                <Link
                  to={`/me/applications/${encodeURIComponent(a.id)}`}
                  className="yw-my-app-link"
                  data-testid="my-application-open"
                >
                  <div className="yw-material-head">
                    <Typography.Text strong className="yw-mono">
                      {a.applicationNo}
                    </Typography.Text>
                    <StatusTag status={a.status} at={at} />
                  </div>
                  {a.items.map((i) => (
                    <div
                      key={i.caseId}
                      className="yw-my-app-item"
                      data-testid={`my-application-item-${i.caseId}`}
                    >
                      <span className="yw-wrap">{i.itemName}</span>
                      <Space size={4} wrap>
                        <Tag>{caseStateName(i.state, lang)}</Tag>
                        {i.deadline ? (
                          <Typography.Text
                            type="secondary"
                            className="yw-hint"
                            data-testid="my-application-deadline"
                          >
                            {at('sla.by', { date: formatShanghai(i.deadline) })}
                          </Typography.Text>
                        ) : i.unknownYear ? (
                          <Tag color="orange" data-testid="my-application-deadline">
                            {at('sla.unknown', { year: i.unknownYear })}
                          </Tag>
                        ) : null}
                      </Space>
                    </div>
                  ))}
                  <Typography.Text type="secondary" className="yw-hint">
                    {formatShanghai(a.submittedAt)} · {at(`channel.${a.channel}` as 'channel.online')}{' '}
                    <RightOutlined />
                  </Typography.Text>
                </Link>
              </div>
            ))}
          </div>
        </Spin>
      )}
    </Card>
  );
}

/** /me/applications/:id — status, next step, deadline, progress, materials and the applicant's actions. */
export function MyApplicationPage() {
  const { id = '' } = useParams();
  const gate = useApplicantGate(`/me/applications/${id}`);
  const { at } = useAppT();
  if (gate) return gate;
  return (
    <div className="yw-apply">
      <Link to="/me/applications" className="yw-back" data-testid="back-to-list">
        ← {at('mine.title')}
      </Link>
      <ApplicationDetail id={id} audience="applicant" />
      <RatingEntry applicationId={id} />
    </div>
  );
}
