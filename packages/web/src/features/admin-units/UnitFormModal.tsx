import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { UNIT_KINDS, type Unit, type UnitKind } from '../../api/types';
import { FormError, showProblem } from '../../app/components/FormError';
import { useLocale } from '../../i18n/useT';
import { requiredRule } from '../auth/validators';
import { UnitTreeSelect } from '../admin-users/UnitTreeSelect';

export type UnitModalState =
  { mode: 'closed' } | { mode: 'create'; parentId: string | undefined } | { mode: 'edit'; unit: Unit };

interface UnitForm {
  code: string;
  name: string;
  nameEn?: string;
  kind: UnitKind;
  parentId?: string;
}

/** The kind a new child most likely has: committees under streets, stations and departments as chosen. */
const CHILD_KIND: Partial<Record<UnitKind, UnitKind>> = { district: 'street', street: 'committee' };

export function UnitFormModal({
  state,
  units,
  onClose,
}: {
  state: UnitModalState;
  units: readonly Unit[];
  onClose: () => void;
}) {
  const { t, lang } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitForm>();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (state.mode === 'closed') return;
    setError(null);
    form.resetFields();
    if (state.mode === 'edit') {
      form.setFieldsValue({ code: state.unit.code, name: state.unit.name, nameEn: state.unit.nameEn ?? '' });
    } else {
      const parent = units.find((u) => u.id === state.parentId);
      form.setFieldsValue({ parentId: state.parentId, kind: parent ? CHILD_KIND[parent.kind] : undefined });
    }
  }, [state, units, form]);

  const save = useMutation({
    mutationFn: (v: UnitForm) =>
      state.mode === 'edit'
        ? api.patch<Unit>(`/api/units/${state.unit.id}`, { name: v.name, nameEn: v.nameEn || undefined })
        : api.post<Unit>('/api/units', {
            code: v.code,
            name: v.name,
            kind: v.kind,
            parentId: v.parentId ?? null,
          }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['units'] });
      onClose();
    },
    onError: (e) => {
      setError(e);
      showProblem(form, e, lang);
    },
  });

  const editing = state.mode === 'edit';
  return (
    <Modal
      open={state.mode !== 'closed'}
      title={editing ? t('units.edit') : t('units.create')}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'unit-submit', loading: save.isPending }}
      onOk={() => form.submit()}
      forceRender
    >
      <FormError error={error} />
      <Form<UnitForm>
        form={form}
        name="unit-form"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          setError(null);
          save.mutate(v);
        }}
      >
        <Form.Item name="code" label={t('units.code')} rules={[requiredRule(t, 'units.code')]}>
          <Input disabled={editing} data-testid="unit-code" />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} rules={[requiredRule(t, 'units.name')]}>
          <Input data-testid="unit-name" />
        </Form.Item>
        {editing ? (
          <Form.Item name="nameEn" label={t('units.nameEn')}>
            <Input data-testid="unit-name-en" />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="kind"
              label={t('units.kind')}
              rules={[{ required: true, message: t('common.required', { field: t('units.kind') }) }]}
            >
              <Select
                data-testid="unit-kind"
                aria-label={t('units.kind')}
                options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="parentId" label={t('units.parent')}>
              <UnitTreeSelect allowClear data-testid="unit-parent" aria-label={t('units.parent')} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
