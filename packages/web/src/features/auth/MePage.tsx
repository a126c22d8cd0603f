import { Alert, Button, Card, Descriptions, Space, Spin } from 'antd';
import { Link, Navigate } from 'react-router-dom';
import { PUBLIC_NAV_ITEMS, mayOpen } from '../../app/nav';
import { useSession } from '../../api/session';
import { QueryError } from '../../app/components/results';
import { useT } from '../../i18n/useT';

/** 个人中心 for citizens and enterprises; ID and phone are shown exactly as the server masked them. */
export function MePage() {
  const t = useT();
  const session = useSession();
  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data.user;
  if (!user) return <Navigate to="/public/login" replace />;
  if (user.kind === 'staff') return <Navigate to="/workbench" replace />;
  const none = t('me.notProvided');
  return (
    <Card className="yw-auth" title={t('me.title')} data-testid="me">
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('me.name')}>
          <span data-testid="me-name">{user.displayName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('me.kind')}>
          <span data-testid="me-kind">{t(`me.kind.${user.kind}`)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('me.account')}>
          <span data-testid="me-account">{user.username}</span>
        </Descriptions.Item>
        {user.kind === 'enterprise' && (
          <Descriptions.Item label={t('auth.creditCode')}>
            <span data-testid="me-credit-code">{user.creditCode ?? none}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item
          label={user.kind === 'enterprise' ? t('auth.legalRepIdNumber') : t('auth.idNumber')}
        >
          <span data-testid="me-id-number">{user.idNumber ?? none}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('auth.phone')}>
          <span data-testid="me-phone">{user.phone ?? none}</span>
        </Descriptions.Item>
      </Descriptions>
      <Alert type="info" showIcon title={t('me.maskedNote')} className="yw-me-note" />
      <Space wrap style={{ marginTop: 16 }}>
        {PUBLIC_NAV_ITEMS.filter((i) => mayOpen(i, user.roles)).map((i) => (
          <Link key={i.path} to={i.path} data-testid={i.testId}>
            <Button type="primary">{t(i.label)}</Button>
          </Link>
        ))}
      </Space>
    </Card>
  );
}
