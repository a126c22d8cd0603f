import { useState } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Spin, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isStaff, useLogout, useSession } from '../../api/session';
import { LangSwitch } from '../../i18n/LangSwitch';
import { useLocale } from '../../i18n/useT';
import { navFor, navKeyFor } from '../nav';
import { Forbidden, QueryError } from '../components/results';
import { useUnitName } from '../../features/admin-units/units-api';

/** The staff shell: side menu from the user's roles, collapsing into a Drawer below the `lg` breakpoint. */
export function StaffLayout() {
  const { t } = useLocale();
  const session = useSession();
  const logout = useLogout();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const unitName = useUnitName();
  const isSmall = screens.lg === false;

  if (session.isPending) return <Spin fullscreen description={t('common.loading')} />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data.user;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!isStaff(user)) return <Forbidden />;

  const menu = (
    <Menu
      mode="inline"
      data-testid="staff-menu"
      selectedKeys={[navKeyFor(location.pathname) ?? '']}
      onClick={() => setDrawerOpen(false)}
      items={navFor(user.roles).map((item) => ({
        key: item.path,
        label: (
          <Link to={item.path} data-testid={item.testId}>
            {t(item.label)}
          </Link>
        ),
      }))}
    />
  );

  const onLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/', { replace: true }) });

  return (
    <Layout className="yw-staff">
      {!isSmall && (
        <Layout.Sider width={216} theme="light" className="yw-sider">
          <Link to="/workbench" className="yw-sider-brand">
            <span className="yw-logo" aria-hidden="true" />
            <span>{t('app.name')}</span>
          </Link>
          {menu}
        </Layout.Sider>
      )}
      {isSmall && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={t('app.name')}
          size={260}
          data-testid="menu-drawer"
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header className="yw-header yw-staff-header">
          {isSmall && (
            <Button
              type="text"
              className="yw-header-btn"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              data-testid="menu-toggle"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <div className="yw-user">
            <Typography.Text className="yw-user-name" data-testid="header-user" ellipsis>
              {user.displayName}
            </Typography.Text>
            {user.unit && (
              <Typography.Text className="yw-user-unit" data-testid="header-unit" ellipsis>
                {unitName(user.unit)}
              </Typography.Text>
            )}
          </div>
          <div className="yw-header-actions">
            <LangSwitch dark />
            <Button
              type="text"
              size="small"
              className="yw-header-btn"
              icon={<LogoutOutlined />}
              data-testid="logout"
              aria-label={t('nav.logout')}
              loading={logout.isPending}
              onClick={onLogout}
            >
              {isSmall ? null : t('nav.logout')}
            </Button>
          </div>
        </Layout.Header>
        <Layout.Content className="yw-staff-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
