import './catalogue.css';
import { Alert, Breadcrumb, Button, Card, Descriptions, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { itemName, itemQuery, type Material } from './catalogue-api';
import { useCatalogueT } from './catalogue-text';
import { ItemTags } from './ItemTags';

/** One item: limits, materials (and which come from the e-license library), form, basis. */
export default function ServiceDetailPage() {
  const { code = '' } = useParams();
  const { lang } = useLocale();
  const c = useCatalogueT();
  const query = useQuery(itemQuery(code));
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Card loading />;
  const { definition: d, departmentName, departmentNameEn, version } = query.data;
  const sourceUrl = /https?:\/\/\S+/.exec(d.source ?? '')?.[0];
  const sourceTag = (m: Material) =>
    m.source === 'elicense' ? (
      <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid={`material-elicense-${m.key}`}>
        {c('sourceElicense')}
      </Tag>
    ) : m.source === 'district' ? (
      <Tag color="cyan">{c('sourceDistrict')}</Tag>
    ) : (
      <Tag>{c('sourceUpload')}</Tag>
    );

  return (
    <div className="yw-services" data-testid="service-detail">
      <Breadcrumb items={[{ title: <Link to="/services">{c('title')}</Link> }, { title: d.code }]} />
      <Typography.Title level={3} data-testid="service-name">
        {itemName(d, lang)}
      </Typography.Title>
      <div className="yw-service-head">
        <Tag>{d.type}</Tag>
        <ItemTags item={d} />
        {d.issuesLicenseType && <Tag color="gold">{c('issues')}</Tag>}
      </div>
      <Card size="small" title={c('limits')} className="yw-section">
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label={c('department')}>
            {lang === 'en' && departmentNameEn ? departmentNameEn : departmentName}
          </Descriptions.Item>
          <Descriptions.Item label={c('promisedLabel')}>
            <span data-testid="detail-promised">
              {d.instant ? c('instant') : c('days', { days: d.promisedLimitDays })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={c('legalLabel')}>
            {c('days', { days: d.legalLimitDays })}
          </Descriptions.Item>
          <Descriptions.Item label={c('visitsLabel')}>
            {d.visits === 0 ? c('online') : c('visits', { n: d.visits })}
          </Descriptions.Item>
          <Descriptions.Item label={c('feeLabel')}>{d.fee}</Descriptions.Item>
          <Descriptions.Item label={c('code')}>
            {d.code} · {c('version', { v: version })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={c('materials')} className="yw-section">
        <div data-testid="service-materials">
          {d.materials.map((m) => (
            <div key={m.key} className="yw-list-row" data-testid={`material-${m.key}`}>
              <div>
                {m.name} {!m.required && <Tag>{c('optional')}</Tag>}
                {m.tolerable && <Tag color="orange">{c('tolerable')}</Tag>}
              </div>
              {sourceTag(m)}
            </div>
          ))}
        </div>
      </Card>
      <Card size="small" title={c('formFields')} className="yw-section">
        <div className="yw-life-events">
          {d.form.fields.map((f) => (
            <Tag key={f.key}>
              {f.label[lang]}
              {f.required ? ' *' : ''}
            </Tag>
          ))}
        </div>
      </Card>
      <Card size="small" title={c('basis')} className="yw-section">
        <Typography.Paragraph data-testid="service-basis">{d.basis}</Typography.Paragraph>
        {sourceUrl && (
          <Typography.Paragraph type="secondary" className="yw-break">
            {c('source')}：
            <a href={sourceUrl} target="_blank" rel="noreferrer noopener">
              {sourceUrl}
            </a>
          </Typography.Paragraph>
        )}
      </Card>
      {d.demoAssumptions.length > 0 && (
        <Alert
          className="yw-section"
          type="info"
          showIcon
          data-testid="service-assumptions"
          title={c('assumptions')}
          description={
            <ul className="yw-assumptions">
              {d.demoAssumptions.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          }
        />
      )}
      <Link to={`/apply/${d.code}`} data-testid="service-apply" className="yw-section yw-block">
        <Button type="primary" size="large" block>
          {c('apply')}
        </Button>
      </Link>
    </div>
  );
}
