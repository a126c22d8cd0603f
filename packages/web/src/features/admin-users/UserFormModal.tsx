import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { useLocale } from '../../i18n/useT';
import { passwordRule, requiredRule } from '../auth/validators';
import { rolesQuery } from './roles';
import { UnitTreeSelect } from './UnitTreeSelect';

interface UserForm {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  unitId: string;
}

/** Create (no `user`) or edit a staff account. */
export function UserFormModal({
  open,
  user,
  onClose,
}: {
  open: boolean;
  user: User | null;
  onClose: () => void;
}) {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const qc = useQueryClient();
  const roles = useQuery(rolesQuery);
  const [error, setError] = useState<unknown>(null);
  const editing = user !== null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (user) form.setFieldsValue({ displayName: user.displayName, roles: user.roles, unitId: user.unit.id });
  }, [open, user, form]);

  const save = useMutation({
    mutationFn: (v: UserForm) =>
      editing
        ? api.patch<User>(`/api/users/${user.id}`, {
            displayName: v.displayName,
            roles: v.roles,
            unitId: v.unitId,
          })
        : api.post<User>('/api/users', v),
    onSuccess: async () => {
      message.success(editing ? t('common.saved') : t('users.created'));
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });

  const roleOptions = (roles.data?.items ?? [])
    .filter((r) => r.staff)
    .map((r) => ({ value: r.key, label: r[lang] }));

  return (
    <Modal
      open={open}
      title={editing ? t('users.edit') : t('users.create')}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'user-submit', loading: save.isPending }}
      onOk={() => form.submit()}
      forceRender
      data-testid="user-modal"
    >
      <FormError error={error} />
      <Form<UserForm>
        form={form}
        name="user-form"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          setError(null);
          save.mutate(v);
        }}
      >
        {!editing && (
          <Form.Item name="username" label={t('users.username')} rules={[requiredRule(t, 'users.username')]}>
            <Input autoComplete="off" data-testid="user-username" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[requiredRule(t, 'users.displayName')]}
        >
          <Input data-testid="user-display-name" />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('users.password')}
            rules={[requiredRule(t, 'users.password'), passwordRule(t)]}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[
            {
              required: true,
              type: 'array',
              min: 1,
              message: t('common.required', { field: t('users.roles') }),
            },
          ]}
        >
          <Select
            mode="multiple"
            options={roleOptions}
            loading={roles.isPending}
            optionFilterProp="label"
            data-testid="user-roles"
            aria-label={t('users.roles')}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          rules={[{ required: true, message: t('common.required', { field: t('users.unit') }) }]}
        >
          <UnitTreeSelect data-testid="user-unit" aria-label={t('users.unit')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 重置密码 for one account. */
export function PasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(null);
    }
  }, [user, form]);
  const save = useMutation({
    mutationFn: (v: { password: string }) => api.post<unknown>(`/api/users/${user!.id}/password`, v),
    onSuccess: () => {
      message.success(t('common.saved'));
      onClose();
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });
  return (
    <Modal
      open={user !== null}
      title={`${t('users.resetPassword')} · ${user?.username ?? ''}`}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'user-password-submit', loading: save.isPending }}
      onOk={() => form.submit()}
      forceRender
    >
      <FormError error={error} />
      <Form
        form={form}
        name="user-password-form"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={[requiredRule(t, 'users.newPassword'), passwordRule(t)]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
