import { useMemo, useState } from 'react';
import { Alert, Card, Empty, Form, Input, Radio, Select, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useSession } from '../../api/session';
import { QueryError } from '../../app/components/results';
import { creditCodeRule, idNumberRule, normaliseId, phoneRule } from '../auth/validators';
import { ApplicationForm } from '../applications/ApplicationForm';
import {
  ItemSummary,
  catalogueBundleKey,
  catalogueItemKey,
  fetchBundle,
  fetchItem,
} from '../applications/ApplyPage';
import { useAppT } from '../applications/i18n';
import { bundleInfo, mergeFields, mergeMaterials } from '../applications/model';
import type {
  ApplicationPayload,
  BundleDefinition,
  CatalogueItem,
  CatalogueItemSummary,
} from '../applications/types';
import '../applications/applications.css';

/** The server's answer when the applicant is not registered yet: a field problem on applicant.name. */
export const asksForApplicantName = (e: unknown): boolean =>
  e instanceof ApiError &&
  e.errors.some((f) => f.field === 'applicant.name' || f.field === 'applicant.phone');

/**
 * /workbench/window — 窗口受理: a clerk applies on an applicant's behalf (channel window), or station
 * staff at a 市民驿站 (channel station, with a remote-consultation note).
 */
export default function WindowPage() {
  const { at, t, lang } = useAppT();
  const navigate = useNavigate();
  const session = useSession();
  const station = session.data?.user?.unit?.kind === 'station';
  const [kind, setKind] = useState<'item' | 'bundle'>('item');
  const [code, setCode] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [register, setRegister] = useState(false);

  const search = useQuery({
    queryKey: ['catalogue', 'search', q],
    queryFn: () =>
      api.get<{ items: CatalogueItemSummary[]; total: number }>('/api/catalogue/items', { q, pageSize: 30 }),
    enabled: kind === 'item',
    staleTime: 60_000,
  });
  const bundles = useQuery({
    queryKey: ['catalogue', 'bundles'],
    queryFn: () =>
      api.get<{ items: { code: string; definition?: BundleDefinition; name?: string }[] }>(
        '/api/catalogue/bundles',
      ),
    enabled: kind === 'bundle',
    staleTime: 10 * 60_000,
  });
  const item = useQuery({
    queryKey: catalogueItemKey(code ?? ''),
    queryFn: () => fetchItem(code!),
    enabled: kind === 'item' && !!code,
  });
  const bundle = useQuery({
    queryKey: catalogueBundleKey(code ?? ''),
    queryFn: () => fetchBundle(code!),
    enabled: kind === 'bundle' && !!code,
  });

  const items = useMemo<CatalogueItem[]>(
    () => (kind === 'item' ? (item.data ? [item.data] : []) : (bundle.data?.items ?? [])),
    [kind, item.data, bundle.data],
  );
  const fields = useMemo(() => mergeFields(items), [items]);
  const materials = useMemo(() => mergeMaterials(items), [items]);
  const loaded = kind === 'item' ? item : bundle;

  const header = (
    <Card size="small" title={at('window.applicant')} className="yw-section" data-testid="window-applicant">
      <Form.Item name={['applicant', 'kind']} label={at('window.applicantKind')} initialValue="person">
        <Radio.Group
          optionType="button"
          data-testid="window-applicant-kind"
          options={[
            { value: 'person', label: at('window.person') },
            { value: 'enterprise', label: at('window.enterprise') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldValue }) =>
          getFieldValue(['applicant', 'kind']) === 'enterprise' ? (
            <Form.Item
              name={['applicant', 'creditCode']}
              label={at('window.creditCode')}
              normalize={normaliseId}
              rules={[
                { required: true, message: t('common.required', { field: at('window.creditCode') }) },
                creditCodeRule(t),
              ]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="window-credit-code" />
            </Form.Item>
          ) : (
            <Form.Item
              name={['applicant', 'idNumber']}
              label={at('window.idNumber')}
              normalize={normaliseId}
              rules={[
                { required: true, message: t('common.required', { field: at('window.idNumber') }) },
                idNumberRule(t),
              ]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="window-id-number" />
            </Form.Item>
          )
        }
      </Form.Item>
      {register && (
        <>
          <Alert
            type="warning"
            showIcon
            className="yw-form-error"
            title={at('window.newApplicant')}
            data-testid="window-new-applicant"
          />
          <Form.Item
            name={['applicant', 'name']}
            label={at('window.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: at('window.name') }),
              },
              { max: 100 },
            ]}
          >
            <Input maxLength={100} data-testid="window-name" />
          </Form.Item>
          <Form.Item
            name={['applicant', 'phone']}
            label={at('window.phone')}
            rules={[
              { required: true, message: t('common.required', { field: at('window.phone') }) },
              phoneRule(t),
            ]}
          >
            <Input maxLength={11} inputMode="tel" data-testid="window-phone" />
          </Form.Item>
        </>
      )}
      <Typography.Text type="secondary" className="yw-hint">
        {at('window.materialsFromLibrary')}
      </Typography.Text>
    </Card>
  );

  const applicant = (v: Record<string, string | undefined>): ApplicationPayload['applicant'] => {
    const out: NonNullable<ApplicationPayload['applicant']> = {};
    if (v.kind === 'enterprise') {
      if (v.creditCode) out.creditCode = v.creditCode;
    } else if (v.idNumber) out.idNumber = v.idNumber;
    if (register && v.name?.trim()) out.name = v.name.trim();
    if (register && v.phone?.trim()) out.phone = v.phone.trim();
    return out;
  };

  return (
    <div className="yw-window" data-testid="window-page" data-channel={station ? 'station' : 'window'}>
      <Card title={station ? at('window.stationTitle') : at('window.title')} size="small">
        <Radio.Group
          value={kind}
          optionType="button"
          buttonStyle="solid"
          data-testid="window-kind"
          onChange={(e) => {
            setKind(e.target.value as 'item' | 'bundle');
            setCode(undefined);
          }}
          options={[
            { value: 'item', label: at('window.item') },
            { value: 'bundle', label: at('window.bundle') },
          ]}
        />
        <div className="yw-section">
          {kind === 'item' ? (
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              className="yw-full"
              placeholder={at('window.searchItems')}
              value={code}
              onChange={(v: string) => setCode(v)}
              loading={search.isFetching}
              notFoundContent={
                search.isFetching ? <Spin size="small" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              }
              data-testid="window-item-search"
              options={(search.data?.items ?? []).map((i) => ({
                value: i.code,
                label: `${(lang === 'en' && i.nameEn) || i.name} · ${i.departmentName} · ${i.code}`,
              }))}
            />
          ) : (
            <Select
              className="yw-full"
              placeholder={at('window.bundle')}
              value={code}
              onChange={(v: string) => setCode(v)}
              loading={bundles.isFetching}
              data-testid="window-bundle-select"
              options={(bundles.data?.items ?? []).map((b) => ({
                value: b.code,
                label: `${bundleInfo({ ...b, items: [] }, lang).name} · ${b.code}`,
              }))}
            />
          )}
        </div>
      </Card>

      {!code ? (
        <Card size="small" className="yw-section">
          <Empty description={at('window.choose')} data-testid="window-choose" />
        </Card>
      ) : loaded.isPending ? (
        <Card loading size="small" className="yw-section" />
      ) : loaded.isError ? (
        <QueryError error={loaded.error} onRetry={() => void loaded.refetch()} />
      ) : (
        <>
          <ItemSummary items={items} {...(bundle.data && kind === 'bundle' ? { bundle: bundle.data } : {})} />
          <ApplicationForm
            key={`${kind}:${code}`}
            target={{ kind, code }}
            items={items}
            fields={fields}
            materials={materials}
            channel={station ? 'station' : 'window'}
            header={header}
            applicant={applicant}
            submitLabel={at('window.submit')}
            onProblem={(e) => {
              if (asksForApplicantName(e)) setRegister(true);
            }}
            onSubmitted={(r) => navigate(`/workbench/applications/${encodeURIComponent(r.id)}`)}
          />
        </>
      )}
    </div>
  );
}
