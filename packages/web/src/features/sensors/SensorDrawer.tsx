import { useEffect } from 'react';
import { App, Button, Drawer, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { FormError, showProblem } from '../../app/components/FormError';
import { useSnT } from './i18n';
import { formatThresholds, parseThresholds } from './sensor-view';
import { usePlaces, useSensorTypes } from './sensors-api';
import type { Sensor, SensorInput } from './types';

type Values = Omit<SensorInput, 'thresholds'> & { thresholds: string };

/** 登记 / 编辑传感器 — a drawer over the registry or a sensor's page. `sensor` null: a new one. */
export function SensorDrawer({
  open,
  sensor,
  onClose,
  onSaved,
}: {
  open: boolean;
  sensor: Sensor | null;
  onClose: () => void;
  onSaved?: (s: Sensor) => void;
}) {
  const { st, t, lang } = useSnT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const types = useSensorTypes();
  const places = usePlaces();
  const streetId = Form.useWatch('streetId', form);
  const typeCode = Form.useWatch('typeCode', form);
  const type = types.data?.items.find((x) => x.code === typeCode);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      sensor
        ? {
            id: sensor.id,
            typeCode: sensor.typeCode,
            model: sensor.model,
            streetId: sensor.streetId,
            committeeId: sensor.committeeId,
            latitude: sensor.latitude ?? undefined,
            longitude: sensor.longitude ?? undefined,
            address: sensor.address,
            intervalS: sensor.intervalS,
            thresholds: formatThresholds(sensor.thresholds),
            active: sensor.active,
            installedAt: sensor.installedAt,
            note: sensor.note,
          }
        : { active: true, thresholds: '' },
    );
  }, [open, sensor, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: SensorInput = {
        ...v,
        model: v.model || null,
        streetId: v.streetId ?? null,
        committeeId: v.committeeId ?? null,
        address: v.address || null,
        intervalS: v.intervalS ?? null,
        thresholds: parseThresholds(v.thresholds ?? '') ?? null,
        installedAt: v.installedAt || null,
        note: v.note || null,
      };
      return sensor
        ? api.put<Sensor>(`/api/sensors/${sensor.id}`, body)
        : api.post<Sensor>('/api/sensors', body);
    },
    onSuccess: (saved) => {
      message.success(st('sn.saved'));
      void qc.invalidateQueries({ queryKey: ['sensors'] });
      qc.setQueryData(['sensor', saved.id], saved);
      onSaved?.(saved);
      onClose();
    },
    onError: (e) => showProblem(form, e, lang),
  });

  const streets = (places.data?.items ?? []).filter((p) => p.kind === 'street');
  const committees = (places.data?.items ?? []).filter(
    (p) => p.kind === 'committee' && (!streetId || p.parentId === streetId),
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      title={sensor ? `${st('sn.edit')} ${sensor.id}` : st('sn.add')}
      data-testid="sensor-drawer"
      footer={
        <div className="yw-sensor-drawer-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="sensor-save"
          >
            {t('common.save')}
          </Button>
        </div>
      }
    >
      <FormError error={save.error} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark>
        <Form.Item
          name="id"
          label={st('sn.id')}
          rules={[{ required: true, message: t('common.required', { field: st('sn.id') }) }]}
        >
          <Input disabled={!!sensor} maxLength={64} placeholder="WL-0001" data-testid="sensor-id" />
        </Form.Item>
        <Form.Item
          name="typeCode"
          label={st('sn.type')}
          rules={[{ required: true, message: t('common.required', { field: st('sn.type') }) }]}
        >
          <Select
            data-testid="sensor-type"
            loading={types.isPending}
            options={(types.data?.items ?? []).map((x) => ({
              value: x.code,
              label: `${lang === 'zh' ? x.name : x.nameEn}${x.unit ? ` (${x.unit})` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="model" label={st('sn.model')}>
          <Input maxLength={100} />
        </Form.Item>
        <div className="yw-sensor-form-pair">
          <Form.Item name="streetId" label={st('sn.street')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="sensor-street"
              options={streets.map((p) => ({ value: p.id, label: p.name }))}
              onChange={() => form.setFieldValue('committeeId', null)}
            />
          </Form.Item>
          <Form.Item name="committeeId" label={st('sn.committee')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="sensor-committee"
              options={committees.map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
        </div>
        <div className="yw-sensor-form-pair">
          <Form.Item
            name="latitude"
            label={st('sn.latitude')}
            rules={[{ required: true, message: t('common.required', { field: st('sn.latitude') }) }]}
          >
            <InputNumber className="yw-full" step={0.0001} precision={6} placeholder="31.2505" />
          </Form.Item>
          <Form.Item
            name="longitude"
            label={st('sn.longitude')}
            rules={[{ required: true, message: t('common.required', { field: st('sn.longitude') }) }]}
          >
            <InputNumber className="yw-full" step={0.0001} precision={6} placeholder="121.5018" />
          </Form.Item>
        </div>
        <Form.Item name="address" label={st('sn.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <div className="yw-sensor-form-pair">
          <Form.Item
            name="intervalS"
            label={st('sn.interval')}
            extra={type ? st('sn.intervalDefault', { n: type.defaultIntervalS }) : undefined}
          >
            <InputNumber className="yw-full" min={1} precision={0} />
          </Form.Item>
          <Form.Item name="installedAt" label={st('sn.installedAt')}>
            <Input type="date" />
          </Form.Item>
        </div>
        <Form.Item
          name="thresholds"
          label={st('sn.thresholds')}
          extra={st('sn.thresholdsHint')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                parseThresholds(v ?? '') === undefined
                  ? Promise.reject(new Error(st('sn.thresholdsBad')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input.TextArea rows={2} placeholder="threshold-high=0.3" className="yw-mono" />
        </Form.Item>
        <Form.Item name="note" label={st('sn.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="active" label={st('sn.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
