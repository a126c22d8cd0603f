import './catalogue.css';
import { Card, Col, Empty, Input, Pagination, Row, Select, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { ExportButtons } from '../../lib/ExportButtons';
import { unitsQuery } from '../admin-units/units-api';
import { bundlesQuery, itemName, itemsQuery, lifeEventsQuery, type ItemSummary } from './catalogue-api';
import { itemColumns } from './catalogue-csv';
import { useCatalogueT } from './catalogue-text';
import { ItemTags } from './ItemTags';

const PAGE_SIZE = 20;

/** 办事服务: the public catalogue — search, filter by department and life event, cards, bundles. */
export default function ServicesPage() {
  const { lang } = useLocale();
  const c = useCatalogueT();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const department = params.get('department') ?? undefined;
  const lifeEvent = params.get('lifeEvent') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const items = useQuery(itemsQuery({ q: q || undefined, department, lifeEvent, page, pageSize: PAGE_SIZE }));
  const events = useQuery(lifeEventsQuery());
  const departments = useQuery(unitsQuery({ kind: 'department' }));
  const bundles = useQuery(bundlesQuery());

  /** Every matching item, not just this page. */
  const fetchAll = async () =>
    (
      await api.get<{ items: ItemSummary[] }>('/api/catalogue/items', {
        q: q || undefined,
        department,
        lifeEvent,
        pageSize: 500,
      })
    ).items;

  return (
    <div className="yw-services" data-testid="services-page">
      <Typography.Title level={3} className="yw-services-title">
        {c('title')} <Typography.Text type="secondary">{c('subtitle')}</Typography.Text>
      </Typography.Title>
      <Input.Search
        size="large"
        allowClear
        defaultValue={q}
        key={q}
        placeholder={c('searchPlaceholder')}
        aria-label={c('searchPlaceholder')}
        enterButton
        data-testid="services-search"
        onSearch={(v) => set({ q: v.trim() || undefined })}
      />
      <div className="yw-toolbar yw-services-filters">
        <Select
          className="yw-grow"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={c('department')}
          aria-label={c('department')}
          data-testid="services-department"
          value={department}
          onChange={(v?: string) => set({ department: v })}
          options={(departments.data?.items ?? []).map((u) => ({
            value: u.code,
            label: lang === 'en' && u.nameEn ? u.nameEn : u.name,
          }))}
        />
        <Select
          className="yw-grow"
          allowClear
          placeholder={c('lifeEvent')}
          aria-label={c('lifeEvent')}
          data-testid="services-life-event"
          value={lifeEvent}
          onChange={(v?: string) => set({ lifeEvent: v })}
          options={(events.data?.items ?? []).map((e) => ({
            value: e.lifeEvent,
            label: `${e.lifeEvent} (${e.count})`,
          }))}
        />
        <ExportButtons filename="services" columns={itemColumns(lang)} rows={fetchAll} />
      </div>
      <div className="yw-life-events" data-testid="services-life-events">
        {(events.data?.items ?? []).slice(0, 10).map((e) => (
          <Tag.CheckableTag
            key={e.lifeEvent}
            checked={lifeEvent === e.lifeEvent}
            onChange={(on) => set({ lifeEvent: on ? e.lifeEvent : undefined })}
            data-testid={`life-event-${e.lifeEvent}`}
          >
            {e.lifeEvent}
          </Tag.CheckableTag>
        ))}
      </div>
      {items.isError ? (
        <QueryError error={items.error} onRetry={() => void items.refetch()} />
      ) : (
        <>
          <Typography.Text type="secondary" data-testid="services-total">
            {c('total', { total: items.data?.total ?? 0 })}
          </Typography.Text>
          <Spin spinning={items.isFetching}>
            {items.data && items.data.items.length === 0 ? (
              <Empty description={c('empty')} />
            ) : (
              <Row gutter={[12, 12]} className="yw-service-list" data-testid="services-list">
                {(items.data?.items ?? []).map((item) => (
                  <Col xs={24} md={12} xl={8} key={item.code}>
                    <ServiceCard item={item} />
                  </Col>
                ))}
              </Row>
            )}
          </Spin>
          {(items.data?.total ?? 0) > PAGE_SIZE && (
            <Pagination
              align="center"
              simple
              current={page}
              pageSize={PAGE_SIZE}
              total={items.data?.total ?? 0}
              onChange={(p) => set({ page: String(p) })}
            />
          )}
        </>
      )}
      {!q && !department && (bundles.data?.items.length ?? 0) > 0 && (
        <section data-testid="services-bundles">
          <Typography.Title level={4}>{c('bundles')}</Typography.Title>
          <Row gutter={[12, 12]}>
            {(bundles.data?.items ?? [])
              .filter((b) => !lifeEvent || b.definition.lifeEvent === lifeEvent)
              .map((b) => (
                <Col xs={24} md={12} xl={8} key={b.code}>
                  <Link to={`/services/bundles/${b.code}`} data-testid={`bundle-card-${b.code}`}>
                    <Card size="small" hoverable title={itemName(b.definition, lang)}>
                      <div className="yw-stack">
                        <Tag color="volcano">{c(`bundleKind_${b.definition.kind}`)}</Tag>
                        <Typography.Paragraph ellipsis={{ rows: 2 }} className="yw-no-margin">
                          {b.definition.description}
                        </Typography.Paragraph>
                      </div>
                    </Card>
                  </Link>
                </Col>
              ))}
          </Row>
        </section>
      )}
    </div>
  );
}

function ServiceCard({ item }: { item: ItemSummary }) {
  const { lang } = useLocale();
  const c = useCatalogueT();
  return (
    <Link
      to={`/services/${item.code}`}
      data-testid={`service-card-${item.code}`}
      className="yw-service-card-link"
    >
      <Card size="small" hoverable className="yw-service-card">
        <Typography.Text strong className="yw-service-name">
          {itemName(item, lang)}
        </Typography.Text>
        <div>
          <Typography.Text type="secondary">
            {lang === 'en' && item.departmentNameEn ? item.departmentNameEn : item.departmentName}
          </Typography.Text>
        </div>
        <div className="yw-service-meta">
          <span data-testid="service-promised">
            {item.instant ? c('instant') : c('promised', { days: item.promisedLimitDays })}
          </span>
          <span>
            {c('fee')}：{item.fee}
          </span>
        </div>
        <ItemTags item={item} />
      </Card>
    </Link>
  );
}
