import { Alert, Card, Descriptions, Empty, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, Navigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { QueryError } from '../../app/components/results';
import { useLocale } from '../../i18n/useT';
import { shanghaiDay, type License } from './license-api';
import { LicenseStatusTag } from './LicenseStatusTag';

/** 我的证照: the signed-in citizen's or enterprise's e-licences as cards, phone first. */
export default function WalletPage() {
  const { t, lang } = useLocale();
  const session = useSession();
  const user = session.data?.user;
  const wallet = useQuery({
    queryKey: ['wallet'],
    queryFn: () => api.get<{ items: License[] }>('/api/wallet'),
    enabled: !!user && user.kind !== 'staff',
  });
  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (!user) return <Navigate to="/public/login" replace />;
  if (user.kind === 'staff') return <Navigate to="/workbench" replace />;
  return (
    <div style={{ maxWidth: 560, margin: '8px auto 24px' }} data-testid="wallet">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('wallet.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('wallet.note')} style={{ marginBottom: 16 }} />
      {wallet.isPending ? (
        <Spin className="yw-page-spin" />
      ) : wallet.isError ? (
        <QueryError error={wallet.error} onRetry={() => void wallet.refetch()} />
      ) : wallet.data.items.length === 0 ? (
        <Empty description={t('wallet.empty')} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {wallet.data.items.map((l) => (
            <Card
              key={l.id}
              size="small"
              data-testid={`wallet-card-${l.typeCode}`}
              title={l.typeName[lang]}
              extra={<LicenseStatusTag status={l.status} />}
            >
              <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
                <Descriptions column={1} size="small" style={{ flex: 1, minWidth: 0 }}>
                  <Descriptions.Item label={t('license.no')}>
                    <span className="yw-mono" style={{ wordBreak: 'break-all' }}>
                      {l.licenseNo}
                    </span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('license.holder')}>{l.holderName}</Descriptions.Item>
                  <Descriptions.Item label={t('license.issuer')}>{l.issuerName}</Descriptions.Item>
                  <Descriptions.Item label={t('license.issuedAt')}>
                    {shanghaiDay(l.issuedAt)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('license.validUntil')}>
                    {l.validUntil ?? t('license.longTerm')}
                  </Descriptions.Item>
                  {l.revokedAt && (
                    <Descriptions.Item label={t('license.revokedAt')}>
                      {shanghaiDay(l.revokedAt)}
                    </Descriptions.Item>
                  )}
                </Descriptions>
                <Link
                  to={`/verify/${l.id}`}
                  data-testid="wallet-verify-link"
                  style={{ flex: 'none', textAlign: 'center' }}
                >
                  <img
                    src={`/api/verify/${l.id}/qr.svg`}
                    alt={t('wallet.qrAlt', { no: l.licenseNo })}
                    width={96}
                    height={96}
                    style={{ display: 'block', border: '1px solid #f0f0f0', borderRadius: 4 }}
                  />
                  <span style={{ fontSize: 12 }}>{t('wallet.verify')}</span>
                </Link>
              </div>
            </Card>
          ))}
        </Space>
      )}
    </div>
  );
}
