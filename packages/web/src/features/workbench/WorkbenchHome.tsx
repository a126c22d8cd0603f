import { Card, Descriptions, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useLocale } from '../../i18n/useT';
import { useUnitName } from '../admin-units/units-api';
import { rolesQuery, roleLabel } from '../admin-users/roles';

/** 工作台 home: who you are, where you sit, what you may do. */
export function WorkbenchHome() {
  const { t, lang } = useLocale();
  const user = useSession().data?.user;
  const roles = useQuery(rolesQuery);
  const unitName = useUnitName();
  if (!user) return null;
  return (
    <Card data-testid="welcome-card" title={t('workbench.welcome', { name: user.displayName })}>
      <Descriptions column={1} size="small">
        {user.unit && (
          <Descriptions.Item label={t('workbench.unit')}>{unitName(user.unit)}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('workbench.roles')}>
          {user.roles.map((r) => (
            <Tag key={r}>{roleLabel(roles.data?.items, r, lang)}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t('workbench.body')}</Typography.Paragraph>
    </Card>
  );
}
