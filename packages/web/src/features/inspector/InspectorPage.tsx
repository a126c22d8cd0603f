import { useState } from 'react';
import { Badge, Segmented } from 'antd';
import { CameraOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { ReportForm } from './ReportForm';
import { VerifyList } from './VerifyList';
import { categoryOptions, type CategoryItem } from './places';
import { useInsT } from './i18n';
import './inspector.css';

/**
 * /workbench/inspector — the grid inspector's phone page (designed at 375 px): 上报问题 (category,
 * place, position, photos, description) and 待核查 (the street's fed-back orders with the
 * handler's photos: 核查通过 or 不通过).
 */
export default function InspectorPage() {
  const { it, lang } = useInsT();
  const session = useSession();
  const [tab, setTab] = useState<'report' | 'verify'>('report');
  const categories = useQuery({
    queryKey: ['cityops', 'categories'],
    queryFn: () => api.get<{ items: CategoryItem[] }>('/api/cityops/categories'),
    staleTime: 10 * 60_000,
  });
  const waiting = useQuery({
    queryKey: ['work-orders', 'awaiting-verification'],
    queryFn: () => api.get<{ total: number }>('/api/work-orders/awaiting-verification', { pageSize: 100 }),
  });
  return (
    <div className="yw-phone" data-testid="inspector-page">
      <Segmented
        className="yw-phone-tabs"
        block
        value={tab}
        onChange={(v) => setTab(v as 'report' | 'verify')}
        options={[
          {
            value: 'report',
            label: (
              <span data-testid="tab-report">
                <CameraOutlined /> {it('ins.report')}
              </span>
            ),
          },
          {
            value: 'verify',
            label: (
              <span data-testid="tab-verify">
                <SafetyCertificateOutlined /> {it('ins.verify')}{' '}
                <Badge count={waiting.data?.total ?? 0} size="small" offset={[2, -2]} />
              </span>
            ),
          },
        ]}
      />
      {tab === 'report' ? (
        <ReportForm
          endpoint="/api/work-orders"
          categories={categoryOptions(categories.data?.items ?? [], lang)}
          categoriesLoading={categories.isPending}
          unitId={session.data?.user?.unit?.id}
          orderLink={(id) => `/workbench/work-orders/${id}`}
          testId="inspector-report"
        />
      ) : (
        <VerifyList />
      )}
    </div>
  );
}
