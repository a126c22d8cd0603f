import { useState } from 'react';
import { Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useAcceptSession } from '../../api/session';
import type { Session } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { useLocale } from '../../i18n/useT';
import {
  creditCodeRule,
  idNumberRule,
  normaliseId,
  passwordRule,
  phoneRule,
  requiredRule,
} from './validators';

interface CitizenForm {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
}

interface EnterpriseForm {
  name: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
  phone: string;
  password: string;
}

/**
 * Submits a registration; on 400 the server's own field messages replace the client's, so that what is
 * shown is always the server's verdict.
 */
function useRegister<F extends object>(path: string, form: ReturnType<typeof Form.useForm<F>>[0]) {
  const { lang } = useLocale();
  const navigate = useNavigate();
  const accept = useAcceptSession();
  const [error, setError] = useState<unknown>(null);
  const mutation = useMutation({
    mutationFn: (v: F) => api.post<Session>(path, v),
    onSuccess: (session) => {
      accept(session);
      navigate('/me', { replace: true });
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });
  const submit = (v: F) => {
    setError(null);
    mutation.mutate(v);
  };
  return { error, submit, pending: mutation.isPending };
}

function CitizenRegister() {
  const { t } = useLocale();
  const [form] = Form.useForm<CitizenForm>();
  const { error, submit, pending } = useRegister<CitizenForm>('/api/auth/register/citizen', form);
  return (
    <>
      <FormError error={error} />
      <Form<CitizenForm>
        form={form}
        name="register-citizen"
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
      >
        <Form.Item name="name" label={t('auth.name')} rules={[requiredRule(t, 'auth.name')]}>
          <Input autoComplete="name" data-testid="register-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('auth.idNumber')}
          normalize={normaliseId}
          rules={[requiredRule(t, 'auth.idNumber'), idNumberRule(t)]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="register-id-number" />
        </Form.Item>
        <Form.Item name="phone" label={t('auth.phone')} rules={[requiredRule(t, 'auth.phone'), phoneRule(t)]}>
          <Input type="tel" maxLength={11} autoComplete="tel" data-testid="register-phone" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={t('auth.passwordHint')}
          rules={[requiredRule(t, 'auth.password'), passwordRule(t)]}
        >
          <Input.Password autoComplete="new-password" data-testid="register-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={pending} data-testid="register-submit">
          {t('auth.registerSubmit')}
        </Button>
      </Form>
    </>
  );
}

function EnterpriseRegister() {
  const { t } = useLocale();
  const [form] = Form.useForm<EnterpriseForm>();
  const { error, submit, pending } = useRegister<EnterpriseForm>('/api/auth/register/enterprise', form);
  return (
    <>
      <FormError error={error} />
      <Form<EnterpriseForm>
        form={form}
        name="register-enterprise"
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
      >
        <Form.Item
          name="name"
          label={t('auth.enterpriseName')}
          rules={[requiredRule(t, 'auth.enterpriseName')]}
        >
          <Input autoComplete="organization" data-testid="register-name" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('auth.creditCode')}
          normalize={normaliseId}
          rules={[requiredRule(t, 'auth.creditCode'), creditCodeRule(t)]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="register-credit-code" />
        </Form.Item>
        <Form.Item
          name="legalRepName"
          label={t('auth.legalRepName')}
          rules={[requiredRule(t, 'auth.legalRepName')]}
        >
          <Input data-testid="register-legal-rep-name" />
        </Form.Item>
        <Form.Item
          name="legalRepIdNumber"
          label={t('auth.legalRepIdNumber')}
          normalize={normaliseId}
          rules={[requiredRule(t, 'auth.legalRepIdNumber'), idNumberRule(t)]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="register-legal-rep-id-number" />
        </Form.Item>
        <Form.Item name="phone" label={t('auth.phone')} rules={[requiredRule(t, 'auth.phone'), phoneRule(t)]}>
          <Input type="tel" maxLength={11} autoComplete="tel" data-testid="register-phone" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={t('auth.passwordHint')}
          rules={[requiredRule(t, 'auth.password'), passwordRule(t)]}
        >
          <Input.Password autoComplete="new-password" data-testid="register-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={pending} data-testid="register-submit">
          {t('auth.registerSubmit')}
        </Button>
      </Form>
    </>
  );
}

/** 市民 / 企业 registration; only the open tab is in the DOM, so both tabs share the common test ids. */
export function RegisterPage() {
  const { t } = useLocale();
  return (
    <Card className="yw-auth" title={t('auth.register')}>
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'citizen',
            label: <span data-testid="register-tab-citizen">{t('auth.citizen')}</span>,
            children: <CitizenRegister />,
          },
          {
            key: 'enterprise',
            label: <span data-testid="register-tab-enterprise">{t('auth.enterprise')}</span>,
            children: <EnterpriseRegister />,
          },
        ]}
      />
      <Typography.Paragraph className="yw-auth-alt">
        {t('auth.haveAccount')} <Link to="/public/login">{t('auth.goLogin')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
