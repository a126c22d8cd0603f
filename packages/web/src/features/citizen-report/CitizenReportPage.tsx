import { useState, type ReactNode } from 'react';
import { Alert, Card, Empty, Segmented, Space, Spin, Tag, Typography } from 'antd';
import {
  BranchesOutlined,
  BulbOutlined,
  CameraOutlined,
  CarOutlined,
  CloudOutlined,
  DashboardOutlined,
  DeleteOutlined,
  ExclamationCircleOutlined,
  FileTextOutlined,
  FilterOutlined,
  FireOutlined,
  ShopOutlined,
  SoundOutlined,
  ToolOutlined,
  UnorderedListOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { ExportButtons } from '../../lib/ExportButtons';
import type { ExportColumn } from '../../lib/export';
import type { Lang } from '../../i18n/messages';
import { PhotoGallery } from '../inspector/PhotoGallery';
import { ReportForm } from '../inspector/ReportForm';
import type { WorkOrderPhoto } from '../inspector/photos';
import { categoryOptions, type CategoryItem } from '../inspector/places';
import { COMMON_PROBLEMS, availableProblems, citizenStatus } from './common-problems';
import { crTranslate, useCrT } from './i18n';
import '../inspector/inspector.css';

type MyReport = {
  caseId: string;
  orderNo: string;
  categoryName: string;
  streetName: string | null;
  committeeName: string | null;
  address: string | null;
  description: string;
  state: string;
  outcome: string | null;
  createdAt: string;
};

const ICONS: Record<string, ReactNode> = {
  rubbish: <DeleteOutlined />,
  road: <WarningOutlined />,
  manhole: <ExclamationCircleOutlined />,
  light: <BulbOutlined />,
  water: <CloudOutlined />,
  drain: <FilterOutlined />,
  car: <CarOutlined />,
  bike: <DashboardOutlined />,
  shop: <ShopOutlined />,
  site: <ToolOutlined />,
  noise: <SoundOutlined />,
  poster: <FileTextOutlined />,
  tree: <BranchesOutlined />,
  fire: <FireOutlined />,
};

const STATUS_COLOR = { received: 'blue', handling: 'orange', done: 'green' } as const;
const OUTCOMES: Record<string, { zh: string; en: string }> = {
  resolved: { zh: '已解决', en: 'Resolved' },
  'not-our-responsibility': { zh: '非本区职责，已转告', en: 'Not ours: passed on' },
  duplicate: { zh: '与已有工单合并', en: 'Merged with an earlier report' },
  'no-further-action': { zh: '经核查无需处置', en: 'No action needed' },
};

function reportColumns(lang: Lang): ExportColumn<MyReport>[] {
  const zh = lang === 'zh';
  return [
    { header: zh ? '工单编号' : 'Order no.', value: (r) => r.orderNo, width: 20 },
    { header: zh ? '类别' : 'Category', value: (r) => r.categoryName, width: 18 },
    {
      header: zh ? '地点' : 'Place',
      value: (r) => [r.streetName, r.committeeName, r.address].filter(Boolean).join(' '),
      width: 28,
    },
    { header: zh ? '描述' : 'Description', value: (r) => r.description, width: 30 },
    {
      header: zh ? '状态' : 'Status',
      value: (r) => crTranslate(lang, `cr.status.${citizenStatus(r.state)}`),
    },
    {
      header: zh ? '结果' : 'Result',
      value: (r) => (r.outcome ? (OUTCOMES[r.outcome]?.[lang] ?? r.outcome) : ''),
    },
    { header: zh ? '上报时间' : 'Reported at', value: (r) => formatShanghai(r.createdAt), width: 18 },
  ];
}

function ReportPhotos({ caseId }: { caseId: string }) {
  const q = useQuery({
    queryKey: ['work-orders', caseId, 'photos'],
    queryFn: () => api.get<{ items: WorkOrderPhoto[] }>(`/api/work-orders/${caseId}/photos`),
  });
  return <PhotoGallery photos={q.data?.items ?? []} />;
}

function MyReports() {
  const { ct, lang } = useCrT();
  const q = useQuery({
    queryKey: ['work-orders', 'my-reports'],
    queryFn: () =>
      api.get<{ items: MyReport[]; total: number }>('/api/work-orders', { view: 'all', pageSize: 100 }),
  });
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Spin className="yw-page-spin" />;
  const items = [...q.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="my-reports">
      {items.length > 0 && (
        <ExportButtons filename="my-reports" columns={reportColumns(lang)} rows={items} size="small" />
      )}
      {!items.length && <Empty description={ct('cr.empty')} />}
      {items.map((r) => {
        const status = citizenStatus(r.state);
        return (
          <Card
            key={r.caseId}
            size="small"
            data-testid="my-report"
            title={r.categoryName}
            extra={<Tag color={STATUS_COLOR[status]}>{ct(`cr.status.${status}`)}</Tag>}
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: 12 }}>
              {r.orderNo} · {ct('cr.reportedAt', { at: formatShanghai(r.createdAt) })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: 12 }}>
              {[r.streetName, r.committeeName, r.address].filter(Boolean).join(' · ')}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{r.description}</Typography.Paragraph>
            {r.outcome && (
              <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                {ct('cr.outcome', { outcome: OUTCOMES[r.outcome]?.[lang] ?? r.outcome })}
              </Typography.Paragraph>
            )}
            <ReportPhotos caseId={r.caseId} />
          </Card>
        );
      })}
    </Space>
  );
}

/** /public/report — a signed-in citizen reports a problem from a phone (随手拍) and follows 我的上报. */
export default function CitizenReportPage() {
  const { ct, lang } = useCrT();
  const session = useSession();
  const [tab, setTab] = useState<'new' | 'mine'>('new');
  const categories = useQuery({
    queryKey: ['cityops', 'categories'],
    queryFn: () => api.get<{ items: CategoryItem[] }>('/api/cityops/categories'),
    staleTime: 10 * 60_000,
    enabled: session.data?.user?.kind === 'citizen',
  });
  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data.user;
  if (!user) return <Navigate to={`/public/login?next=${encodeURIComponent('/public/report')}`} replace />;
  if (user.kind === 'staff') return <Navigate to="/workbench/inspector" replace />;
  if (user.kind !== 'citizen') return <Alert type="warning" showIcon title={ct('cr.signIn')} />;
  const active = new Set((categories.data?.items ?? []).filter((c) => c.active).map((c) => c.code));
  const quick = availableProblems(COMMON_PROBLEMS, active).map((p) => ({
    value: p.code,
    label: p[lang],
    icon: ICONS[p.icon],
  }));
  return (
    <div className="yw-phone" data-testid="citizen-report-page">
      <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
        {ct('cr.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {ct('cr.intro')}
      </Typography.Paragraph>
      <Segmented
        className="yw-phone-tabs"
        block
        value={tab}
        onChange={(v) => setTab(v as 'new' | 'mine')}
        options={[
          {
            value: 'new',
            label: (
              <span data-testid="tab-new">
                <CameraOutlined /> {ct('cr.new')}
              </span>
            ),
          },
          {
            value: 'mine',
            label: (
              <span data-testid="tab-mine">
                <UnorderedListOutlined /> {ct('cr.mine')}
              </span>
            ),
          },
        ]}
      />
      {tab === 'new' ? (
        <Card size="small">
          <ReportForm
            endpoint="/api/work-orders/citizen-reports"
            quickCategories={quick}
            quickTitle={ct('cr.common')}
            categories={categoryOptions(categories.data?.items ?? [], lang)}
            categoriesLoading={categories.isPending}
            testId="citizen-report"
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
            {ct('cr.privacy')}
          </Typography.Paragraph>
        </Card>
      ) : (
        <MyReports />
      )}
    </div>
  );
}
