import { useEffect, useState, type ReactNode } from 'react';
import { Button, Form, Input, InputNumber, Progress, Result, Select, Space, Typography } from 'antd';
import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { FormError, showProblem } from '../../app/components/FormError';
import { PhotoPicker } from './PhotoPicker';
import { uploadPhotos } from './photos';
import { defaultPlace, matchesSearch, placeOptions, type PlaceUnit } from './places';
import { useGeolocation } from './useGeolocation';
import { useInsT } from './i18n';

type Values = {
  categoryCode?: string;
  placeUnitId?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  description?: string;
  photo?: File[];
};

type CategoryOption = { value: string; label: string; search?: string };
type CategoryChoices = CategoryOption[] | { label: string; options: CategoryOption[] }[];

/**
 * The phone report form (inspector and citizen): category, place (the user's own by default),
 * the browser's position or an address, photos, what is wrong; photos go up first with a
 * progress bar, then the report with their ids.
 */
export function ReportForm({
  endpoint,
  categories,
  categoriesLoading,
  quickCategories,
  quickTitle,
  unitId,
  orderLink,
  testId = 'report-form',
}: {
  endpoint: string;
  categories: CategoryChoices;
  categoriesLoading?: boolean;
  /** Big buttons for the commonest problems above the picker (the citizen's page). */
  quickCategories?: { value: string; label: string; icon?: ReactNode }[];
  quickTitle?: ReactNode;
  unitId?: string | null;
  /** Where the new order is shown; none: no link. */
  orderLink?: (caseId: string) => string;
  testId?: string;
}) {
  const { it, lang } = useInsT();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const geo = useGeolocation(lang);
  const [manual, setManual] = useState(false);
  const [progress, setProgress] = useState<{ phase: 'upload' | 'save'; fraction: number } | null>(null);
  const [done, setDone] = useState<{ caseId: string; orderNo: string } | null>(null);
  const chosen = Form.useWatch('categoryCode', form);
  const places = useQuery({
    queryKey: ['cityops', 'places'],
    queryFn: () => api.get<{ items: PlaceUnit[] }>('/api/cityops/places'),
  });

  useEffect(() => {
    const place = defaultPlace(places.data?.items ?? [], unitId);
    if (place && !form.getFieldValue('placeUnitId')) form.setFieldValue('placeUnitId', place);
  }, [places.data, unitId, form]);

  useEffect(() => {
    if (geo.state.status === 'located')
      form.setFieldsValue({ latitude: geo.state.position.latitude, longitude: geo.state.position.longitude });
  }, [geo.state, form]);

  const submit = useMutation({
    mutationFn: async (v: Values) => {
      setProgress({ phase: 'upload', fraction: 0 });
      const photos = await uploadPhotos('/api/work-order-photos', v.photo ?? [], (fraction) =>
        setProgress({ phase: 'upload', fraction }),
      );
      setProgress({ phase: 'save', fraction: 1 });
      return api.post<{ order: { caseId: string; orderNo: string } }>(endpoint, {
        categoryCode: v.categoryCode,
        placeUnitId: v.placeUnitId,
        description: v.description,
        ...(v.address ? { address: v.address } : {}),
        ...(typeof v.latitude === 'number' && typeof v.longitude === 'number'
          ? { latitude: v.latitude, longitude: v.longitude }
          : {}),
        ...(photos.length ? { photoIds: photos.map((p) => p.id) } : {}),
      });
    },
    onSuccess: (res) => {
      setDone(res.order);
      void qc.invalidateQueries({ queryKey: ['work-orders'] });
    },
    onError: (e) => showProblem(form, e, lang),
    onSettled: () => setProgress(null),
  });

  if (done)
    return (
      <div data-testid={`${testId}-done`}>
        <Result
          status="success"
          title={it('ins.submitted')}
          subTitle={it('ins.orderNo', { no: done.orderNo })}
          extra={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button
                type="primary"
                block
                className="yw-big"
                onClick={() => {
                  setDone(null);
                  form.resetFields(['categoryCode', 'description', 'photo', 'address']);
                  submit.reset();
                }}
              >
                {it('ins.again')}
              </Button>
              {orderLink && (
                <Link to={orderLink(done.caseId)}>
                  <Button block>{it('ins.open')}</Button>
                </Link>
              )}
            </Space>
          }
        />
      </div>
    );

  const required = [{ required: true, message: it('ins.required') }];
  const loc = geo.state;
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => submit.mutate(v)}
      data-testid={testId}
      initialValues={{ photo: [] }}
    >
      <FormError error={submit.error} />
      {!!quickCategories?.length && (
        <Form.Item label={quickTitle}>
          <div className="yw-quick-grid" data-testid={`${testId}-quick`}>
            {quickCategories.map((q) => (
              <button
                key={q.value}
                type="button"
                className={`yw-quick${chosen === q.value ? ' yw-quick-on' : ''}`}
                onClick={() => form.setFieldValue('categoryCode', q.value)}
              >
                <span className="yw-quick-icon" aria-hidden="true">
                  {q.icon}
                </span>
                {q.label}
              </button>
            ))}
          </div>
        </Form.Item>
      )}
      <Form.Item name="categoryCode" label={it('ins.category')} rules={required}>
        <Select
          showSearch={{ filterOption: matchesSearch }}
          size="large"
          placeholder={it('ins.categoryHint')}
          loading={categoriesLoading}
          options={categories}
          data-testid={`${testId}-category`}
        />
      </Form.Item>
      <Form.Item name="placeUnitId" label={it('ins.place')} rules={required}>
        <Select
          showSearch={{ filterOption: matchesSearch }}
          size="large"
          loading={places.isPending}
          options={placeOptions(places.data?.items ?? [], lang === 'zh' ? '（全街道）' : ' (whole street)')}
          data-testid={`${testId}-place`}
        />
      </Form.Item>
      <Form.Item label={it('ins.location')}>
        <Space orientation="vertical" style={{ width: '100%' }} size={6}>
          <Button
            icon={<AimOutlined />}
            size="large"
            block
            loading={loc.status === 'locating'}
            onClick={geo.locate}
            data-testid={`${testId}-locate`}
          >
            {loc.status === 'locating' ? it('ins.locating') : it('ins.locate')}
          </Button>
          {loc.status === 'located' && (
            <Typography.Text type="success" className="yw-loc" data-testid={`${testId}-located`}>
              <EnvironmentOutlined />{' '}
              {it('ins.located', {
                lat: loc.position.latitude.toFixed(5),
                lon: loc.position.longitude.toFixed(5),
                acc: loc.position.accuracy,
              })}
            </Typography.Text>
          )}
          {loc.status === 'failed' && (
            <Typography.Text type="warning" className="yw-loc">
              {it('ins.locateFailed', { why: loc.reason })}
            </Typography.Text>
          )}
          {loc.status === 'unsupported' && (
            <Typography.Text type="warning" className="yw-loc">
              {it('ins.locateUnsupported')}
            </Typography.Text>
          )}
        </Space>
      </Form.Item>
      <Form.Item name="address" label={it('ins.address')}>
        <Input
          size="large"
          maxLength={300}
          placeholder={it('ins.addressHint')}
          data-testid={`${testId}-address`}
        />
      </Form.Item>
      {(manual || loc.status === 'located') && (
        <Space.Compact block style={{ marginBottom: 14 }}>
          <Form.Item name="latitude" noStyle>
            <InputNumber
              min={-90}
              max={90}
              step={0.00001}
              placeholder={it('ins.lat')}
              style={{ width: '50%' }}
            />
          </Form.Item>
          <Form.Item name="longitude" noStyle>
            <InputNumber
              min={-180}
              max={180}
              step={0.00001}
              placeholder={it('ins.lon')}
              style={{ width: '50%' }}
            />
          </Form.Item>
        </Space.Compact>
      )}
      {!manual && loc.status !== 'located' && (
        <Button
          type="link"
          size="small"
          onClick={() => setManual(true)}
          style={{ padding: 0, marginTop: -8, marginBottom: 8 }}
        >
          {it('ins.manual')}
        </Button>
      )}
      <Form.Item name="photo" label={it('ph.photos')}>
        <PhotoPicker testId={`${testId}-photos`} />
      </Form.Item>
      <Form.Item name="description" label={it('ins.description')} rules={required}>
        <Input.TextArea
          rows={3}
          maxLength={4000}
          placeholder={it('ins.descriptionHint')}
          data-testid={`${testId}-description`}
        />
      </Form.Item>
      {progress && (
        <div style={{ marginBottom: 12 }} data-testid={`${testId}-progress`}>
          <Typography.Text type="secondary">
            {progress.phase === 'upload' ? it('ph.uploading') : it('ph.saving')}
          </Typography.Text>
          <Progress percent={Math.round((progress.phase === 'upload' ? progress.fraction * 0.9 : 1) * 100)} />
        </div>
      )}
      <Button
        type="primary"
        htmlType="submit"
        block
        className="yw-big"
        loading={submit.isPending}
        data-testid={`${testId}-submit`}
      >
        {it('ins.submit')}
      </Button>
    </Form>
  );
}
