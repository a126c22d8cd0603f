import { Card, Descriptions, Result, Spin, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { messages } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';
import { shanghaiDay, type LicenseStatus, type LicenseVerification } from './license-api';

const LOOK: Record<LicenseStatus, { color: string; icon: typeof CheckCircleFilled; mark: string }> = {
  valid: { color: '#389e0d', icon: CheckCircleFilled, mark: ' ✓' },
  revoked: { color: '#cf1322', icon: CloseCircleFilled, mark: '' },
  expired: { color: '#d46b08', icon: ExclamationCircleFilled, mark: '' },
  'invalid-signature': { color: '#cf1322', icon: CloseCircleFilled, mark: '' },
};

/** The public verification page a licence's QR code opens: a big status in Chinese and English, masked details. */
export default function VerifyPage() {
  const { t, lang } = useLocale();
  const { id = '' } = useParams();
  const verification = useQuery({
    queryKey: ['verify', id],
    queryFn: () => api.get<LicenseVerification>(`/api/verify/${encodeURIComponent(id)}`),
    retry: false,
  });
  if (verification.isPending) return <Spin className="yw-page-spin" />;
  if (verification.isError) {
    const e = verification.error;
    if (e instanceof ApiError && (e.status === 404 || e.status === 400))
      return (
        <Result
          status="warning"
          title={<span data-testid="verify-status">{t('verify.notFound')}</span>}
          subTitle={t('verify.notFoundHint')}
        />
      );
    return <QueryError error={e} onRetry={() => void verification.refetch()} />;
  }
  const v = verification.data;
  const look = LOOK[v.status];
  const Icon = look.icon;
  return (
    <div style={{ maxWidth: 560, margin: '8px auto 24px' }} data-testid="verify">
      <Card>
        <Typography.Text type="secondary">{t('verify.title')}</Typography.Text>
        <div style={{ textAlign: 'center', padding: '16px 0 8px', color: look.color }}>
          <Icon style={{ fontSize: 56 }} />
          <div
            data-testid="verify-status"
            data-status={v.status}
            style={{ fontSize: 32, fontWeight: 600, lineHeight: 1.3, marginTop: 8 }}
          >
            {messages.zh[`license.status.${v.status}`]}
            {look.mark}
          </div>
          <div style={{ fontSize: 16 }}>{messages.en[`license.status.${v.status}`]}</div>
        </div>
        <Descriptions column={1} size="small" bordered style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('license.type')}>{v.typeName[lang]}</Descriptions.Item>
          <Descriptions.Item label={t('license.no')}>
            <span className="yw-mono" style={{ wordBreak: 'break-all' }}>
              {v.licenseNo}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('license.holder')}>
            <span data-testid="verify-holder">{v.holderName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('license.holderId')}>
            <span className="yw-mono">{v.holderIdMasked}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('license.issuer')}>
            {v.issuerRegion ? `${v.issuerRegion} · ${v.issuerName}` : v.issuerName}
          </Descriptions.Item>
          <Descriptions.Item label={t('license.issuedAt')}>{shanghaiDay(v.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('license.validUntil')}>
            {v.validUntil ?? t('license.longTerm')}
          </Descriptions.Item>
          {v.revokedAt && (
            <Descriptions.Item label={t('license.revokedAt')}>{shanghaiDay(v.revokedAt)}</Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('verify.maskedNote')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
