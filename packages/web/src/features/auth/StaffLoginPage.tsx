import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { homeFor, useAcceptSession } from '../../api/session';
import type { Session } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { useLocale } from '../../i18n/useT';
import { requiredRule } from './validators';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are followed after login, never a full URL from the query string. */
export const safeNext = (next: string | null): string | undefined =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;

export function StaffLoginPage() {
  const { t, lang } = useLocale();
  const [form] = Form.useForm<LoginForm>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const accept = useAcceptSession();
  const [error, setError] = useState<unknown>(null);
  const login = useMutation({
    mutationFn: (v: LoginForm) => api.post<Session>('/api/auth/login', v),
    onSuccess: (session) => {
      accept(session);
      navigate(safeNext(params.get('next')) ?? homeFor(session.user), { replace: true });
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });

  return (
    <Card className="yw-auth" title={t('auth.staffLogin')}>
      <FormError error={error} />
      <Form<LoginForm>
        form={form}
        name="staff-login"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          setError(null);
          login.mutate(v);
        }}
      >
        <Form.Item name="username" label={t('auth.username')} rules={[requiredRule(t, 'auth.username')]}>
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[requiredRule(t, 'auth.password')]}>
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('auth.login')}
        </Button>
      </Form>
      <Typography.Paragraph className="yw-auth-alt">
        <Link to="/public/login">{t('auth.publicEntry')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
