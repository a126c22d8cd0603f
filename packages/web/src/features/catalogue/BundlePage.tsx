import './catalogue.css';
import { Breadcrumb, Button, Card, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { bundleQuery, itemName } from './catalogue-api';
import { useCatalogueT } from './catalogue-text';
import { ItemTags } from './ItemTags';

/** 一件事 / 证照联办 / 一证多址: what the bundle does and the items it joins. */
export default function BundlePage() {
  const { code = '' } = useParams();
  const { lang } = useLocale();
  const c = useCatalogueT();
  const query = useQuery(bundleQuery(code));
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Card loading />;
  const { definition: b, items } = query.data;
  return (
    <div className="yw-services" data-testid="bundle-detail">
      <Breadcrumb items={[{ title: <Link to="/services">{c('title')}</Link> }, { title: b.code }]} />
      <Typography.Title level={3}>{itemName(b, lang)}</Typography.Title>
      <div className="yw-service-head">
        <Tag color="volcano">{c(`bundleKind_${b.kind}`)}</Tag>
        <Tag>{b.lifeEvent}</Tag>
      </div>
      <Typography.Paragraph>{b.description}</Typography.Paragraph>
      <Card size="small" title={c('itemsInBundle')}>
        {items.map((i) => (
          <div key={i.code} className="yw-list-row" data-testid={`bundle-item-${i.code}`}>
            <Link to={`/services/${i.code}`}>
              <Typography.Text strong>{itemName(i.definition, lang)}</Typography.Text>
            </Link>
            <div>
              <Typography.Text type="secondary">
                {lang === 'en' && i.departmentNameEn ? i.departmentNameEn : i.departmentName}
              </Typography.Text>
            </div>
            <span>
              {i.definition.instant ? c('instant') : c('promised', { days: i.definition.promisedLimitDays })}
            </span>{' '}
            <ItemTags item={i.definition} />
          </div>
        ))}
      </Card>
      <Link to={`/apply/bundle/${b.code}`} data-testid="bundle-apply" className="yw-section yw-block">
        <Button type="primary" size="large" block>
          {c('applyBundle')}
        </Button>
      </Link>
    </div>
  );
}
