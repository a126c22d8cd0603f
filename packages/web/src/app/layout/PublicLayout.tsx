import { Button, Layout } from 'antd';
import { Link, Outlet } from 'react-router-dom';
import { LangSwitch } from '../../i18n/LangSwitch';
import { useT } from '../../i18n/useT';
import { homeFor, useSession } from '../../api/session';

/** Header and footer of the pages citizens see; one column that works from 375 px up. */
export function PublicLayout() {
  const t = useT();
  const { data } = useSession();
  const user = data?.user ?? null;
  return (
    <Layout className="yw-public">
      <Layout.Header className="yw-header">
        <Link to="/" className="yw-brand" data-testid="brand">
          <span className="yw-logo" aria-hidden="true" />
          <span className="yw-brand-name">{t('app.name')}</span>
        </Link>
        <div className="yw-header-actions">
          {user ? (
            <Link
              to={homeFor(user)}
              data-testid="header-account"
              className="yw-header-account"
              title={user.displayName}
            >
              <Button type="text" size="small" className="yw-header-btn">
                {user.displayName}
              </Button>
            </Link>
          ) : (
            <Link to="/public/login" data-testid="header-login">
              <Button type="text" size="small" className="yw-header-btn">
                {t('home.login')}
              </Button>
            </Link>
          )}
          <LangSwitch dark />
        </div>
      </Layout.Header>
      <Layout.Content className="yw-public-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="yw-footer">{t('app.fullName')}</Layout.Footer>
    </Layout>
  );
}
