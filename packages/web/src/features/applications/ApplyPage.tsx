import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate, useLocation, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { NotFound, QueryError } from '../../app/components/results';
import { ApplicationForm, type SubmitResult } from './ApplicationForm';
import { useAppT } from './i18n';
import { bundleInfo, draftKey, mergeFields, mergeMaterials } from './model';
import type { CatalogueBundle, CatalogueItem, WalletLicense } from './types';
import './applications.css';

export const catalogueItemKey = (code: string) => ['catalogue', 'item', code] as const;
export const catalogueBundleKey = (code: string) => ['catalogue', 'bundle', code] as const;

export const fetchItem = (code: string) =>
  api.get<CatalogueItem>(`/api/catalogue/items/${encodeURIComponent(code)}`);
export const fetchBundle = (code: string) =>
  api.get<CatalogueBundle>(`/api/catalogue/bundles/${encodeURIComponent(code)}`);

/** The item's (or bundle's) essentials: department, limits, visits, fee. */
export function ItemSummary({
  items,
  bundle,
}: {
  items: readonly CatalogueItem[];
  bundle?: CatalogueBundle;
}) {
  const { at, lang } = useAppT();
  if (bundle) {
    const info = bundleInfo(bundle, lang);
    return (
      <Card size="small" className="yw-section" data-testid="apply-summary">
        {info.description && <Typography.Paragraph type="secondary">{info.description}</Typography.Paragraph>}
        <Typography.Text strong>{at('apply.items')}</Typography.Text>
        <div className="yw-list">
          {items.map((it) => (
            <div key={it.code} className="yw-list-item" data-testid={`apply-bundle-item-${it.code}`}>
              <div>
                <div className="yw-wrap">
                  {lang === 'en' && it.definition.nameEn ? it.definition.nameEn : it.definition.name}
                </div>
                <Typography.Text type="secondary" className="yw-hint">
                  {(lang === 'en' && it.departmentNameEn) || it.departmentName} ·{' '}
                  {at('apply.limitDays', {
                    promised: it.definition.promisedLimitDays,
                    legal: it.definition.legalLimitDays,
                  })}
                </Typography.Text>
              </div>
            </div>
          ))}
        </div>
      </Card>
    );
  }
  const it = items[0];
  if (!it) return null;
  const d = it.definition;
  return (
    <Card size="small" className="yw-section" data-testid="apply-summary">
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={at('apply.department')}>
          {(lang === 'en' && it.departmentNameEn) || it.departmentName}
        </Descriptions.Item>
        <Descriptions.Item label={at('apply.limit')}>
          {at('apply.limitDays', { promised: d.promisedLimitDays, legal: d.legalLimitDays })}
          {d.instant && (
            <Tag color="green" className="yw-tag-gap">
              {at('apply.instant')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={at('apply.visits')}>
          {d.visits === 0 ? at('apply.visitsZero') : at('apply.visitsN', { n: d.visits })}
        </Descriptions.Item>
        <Descriptions.Item label={at('apply.fee')}>{d.fee}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The result page after a successful submission: the 受理编号 and where to follow it. */
export function SubmittedResult({ result, detailPath }: { result: SubmitResult; detailPath: string }) {
  const { at } = useAppT();
  return (
    <Result
      status="success"
      title={at('apply.successTitle')}
      data-testid="apply-success"
      subTitle={
        <>
          <div data-testid="apply-success-no" className="yw-app-no">
            {at('apply.successNo', { no: result.applicationNo })}
          </div>
          <div>{at('apply.successBody')}</div>
        </>
      }
      extra={[
        <Link key="detail" to={detailPath} data-testid="apply-success-detail">
          <Button type="primary">{at('apply.viewDetail')}</Button>
        </Link>,
        <Link key="mine" to="/me/applications" data-testid="apply-success-mine">
          <Button>{at('apply.myApplications')}</Button>
        </Link>,
      ]}
    />
  );
}

/**
 * /apply/:code and /apply/bundle/:code — a citizen or an enterprise applies online (phone first).
 * Signed-out visitors go to /public/login and come back here.
 */
export default function ApplyPage({ kind }: { kind: 'item' | 'bundle' }) {
  const { code = '' } = useParams();
  const location = useLocation();
  const { at, lang } = useAppT();
  const session = useSession();
  const user = session.data?.user ?? null;
  const applicant = user && user.kind !== 'staff';
  const [result, setResult] = useState<SubmitResult | null>(null);

  const item = useQuery({
    queryKey: catalogueItemKey(code),
    queryFn: () => fetchItem(code),
    enabled: kind === 'item' && !!applicant,
  });
  const bundle = useQuery({
    queryKey: catalogueBundleKey(code),
    queryFn: () => fetchBundle(code),
    enabled: kind === 'bundle' && !!applicant,
  });
  const wallet = useQuery({
    queryKey: ['wallet'],
    queryFn: () => api.get<{ items: WalletLicense[] }>('/api/wallet'),
    enabled: !!applicant,
    retry: false,
  });

  const items = useMemo<CatalogueItem[]>(
    () => (kind === 'item' ? (item.data ? [item.data] : []) : (bundle.data?.items ?? [])),
    [kind, item.data, bundle.data],
  );
  const fields = useMemo(() => mergeFields(items), [items]);
  const materials = useMemo(() => mergeMaterials(items), [items]);

  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/public/login?next=${next}`} replace />;
  }
  if (user.kind === 'staff') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="apply-staff-notice"
        title={at('apply.staffNotice')}
        action={
          <Link to="/workbench/window">
            <Button size="small">{at('window.title')}</Button>
          </Link>
        }
      />
    );
  }

  const q = kind === 'item' ? item : bundle;
  if (q.isPending) return <Card loading className="yw-apply" />;
  if (q.isError) {
    const e = q.error;
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return <NotFound />;
    return <QueryError error={e} onRetry={() => void q.refetch()} />;
  }
  if (result) {
    return (
      <div className="yw-apply">
        <SubmittedResult result={result} detailPath={`/me/applications/${encodeURIComponent(result.id)}`} />
      </div>
    );
  }

  const title =
    kind === 'item'
      ? lang === 'en' && item.data?.definition.nameEn
        ? item.data.definition.nameEn
        : (item.data?.definition.name ?? code)
      : bundle.data
        ? bundleInfo(bundle.data, lang).name
        : code;

  return (
    <div className="yw-apply" data-testid="apply-page" data-code={code}>
      <Typography.Title level={4} className="yw-apply-title" data-testid="apply-title">
        {title}
      </Typography.Title>
      <Typography.Text type="secondary" className="yw-hint">
        {kind === 'bundle' ? at('apply.bundleTitle') : at('apply.title')} · {code}
      </Typography.Text>
      <ItemSummary items={items} {...(bundle.data ? { bundle: bundle.data } : {})} />
      {wallet.isPending ? (
        <Card loading size="small" />
      ) : (
        <ApplicationForm
          target={{ kind, code }}
          items={items}
          fields={fields}
          materials={materials}
          channel="online"
          wallet={wallet.data?.items ?? []}
          draftKey={draftKey(kind, code, user.id)}
          onSubmitted={(r) => {
            setResult(r);
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </div>
  );
}
