import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { IdcardOutlined, LockOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { homeFor, useAcceptSession } from '../../api/session';
import type { Session } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { useLocale } from '../../i18n/useT';
import { requiredRule } from './validators';
import { safeNext } from './StaffLoginPage';

interface PublicLoginForm {
  account: string;
  password: string;
}

/** Citizens and enterprises: phone, 身份证号 or 统一社会信用代码 with a password. */
export function PublicLoginPage() {
  const { t, lang } = useLocale();
  const [form] = Form.useForm<PublicLoginForm>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const accept = useAcceptSession();
  const [error, setError] = useState<unknown>(null);
  const login = useMutation({
    mutationFn: (v: PublicLoginForm) =>
      api.post<Session>('/api/auth/public/login', { account: v.account.trim(), password: v.password }),
    onSuccess: (session) => {
      accept(session);
      // A staff account signing in here goes to its workbench whatever `next` says.
      const next = session.user?.kind === 'staff' ? undefined : safeNext(params.get('next'));
      navigate(next ?? homeFor(session.user), { replace: true });
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });

  return (
    <Card className="yw-auth" title={t('auth.publicLogin')}>
      <FormError error={error} />
      <Form<PublicLoginForm>
        form={form}
        name="public-login"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          setError(null);
          login.mutate(v);
        }}
      >
        <Form.Item name="account" label={t('auth.account')} rules={[requiredRule(t, 'auth.account')]}>
          <Input prefix={<IdcardOutlined />} autoComplete="username" data-testid="public-login-account" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[requiredRule(t, 'auth.password')]}>
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            data-testid="public-login-password"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={login.isPending}
          data-testid="public-login-submit"
        >
          {t('auth.login')}
        </Button>
      </Form>
      <Typography.Paragraph className="yw-auth-alt">
        {t('auth.noAccount')} <Link to="/register">{t('auth.goRegister')}</Link>
        {' · '}
        <Link to="/login">{t('auth.staffEntry')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
