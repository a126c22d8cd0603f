import { Button, Card, Col, Row, Typography } from 'antd';
import { AppstoreOutlined, IdcardOutlined, TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { homeFor, useSession } from '../../api/session';
import { useT } from '../../i18n/useT';
import { HomeServices } from '../catalogue/HomeServices';

/** Public home: the platform's name and the three ways in. */
export function HomePage() {
  const t = useT();
  const user = useSession().data?.user ?? null;
  return (
    <>
      <section className="yw-hero" data-testid="hero">
        <h1>{t('app.fullName')}</h1>
        <p>{t('app.tagline')}</p>
      </section>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card
            data-testid="card-services"
            title={
              <span>
                <AppstoreOutlined /> {t('home.servicesTitle')}
              </span>
            }
          >
            <Typography.Paragraph>{t('home.servicesBody')}</Typography.Paragraph>
            <HomeServices />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card
            data-testid="card-staff"
            title={
              <span>
                <TeamOutlined /> {t('home.staffTitle')}
              </span>
            }
          >
            <Typography.Paragraph>{t('home.staffBody')}</Typography.Paragraph>
            {user?.kind === 'staff' ? (
              <Link to="/workbench">
                <Button type="primary" block>
                  {t('home.enterWorkbench')}
                </Button>
              </Link>
            ) : (
              <Link to="/login" data-testid="home-staff-login">
                <Button type="primary" block>
                  {t('home.login')}
                </Button>
              </Link>
            )}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card
            data-testid="card-public"
            title={
              <span>
                <IdcardOutlined /> {t('home.publicTitle')}
              </span>
            }
          >
            <Typography.Paragraph>{t('home.publicBody')}</Typography.Paragraph>
            {user && user.kind !== 'staff' ? (
              <Link to={homeFor(user)}>
                <Button type="primary" block>
                  {t('home.enterMe')}
                </Button>
              </Link>
            ) : (
              <Row gutter={8}>
                <Col span={12}>
                  <Link to="/public/login" data-testid="home-public-login">
                    <Button type="primary" block>
                      {t('home.login')}
                    </Button>
                  </Link>
                </Col>
                <Col span={12}>
                  <Link to="/register" data-testid="home-register">
                    <Button block>{t('home.register')}</Button>
                  </Link>
                </Col>
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
