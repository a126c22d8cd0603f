import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { FormError } from '../../app/components/FormError';
import { QueryError } from '../../app/components/results';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import type { License } from '../licenses/license-api';
import { OUTLET_STATUS, type Outlet } from './outlet-api';
import { useL } from './useL';

type Unit = { id: string; name: string; kind: string };
type Values = {
  name: string;
  address: string;
  where: 'hongkou' | 'elsewhere';
  unitId?: string;
  region?: string;
  openedOn: Dayjs;
};

/** 一证多址: the enterprise's outlets under each of its licences, and adding one (phone first). */
export default function MyOutletsPage() {
  const { l, lang } = useL();
  const session = useSession();
  const user = session.data?.user;
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [adding, setAdding] = useState(false);
  const wallet = useQuery({
    queryKey: ['wallet'],
    queryFn: () => api.get<{ items: License[] }>('/api/wallet'),
    enabled: user?.kind === 'enterprise',
  });
  const licences = (wallet.data?.items ?? []).filter(
    (x) => x.status === 'valid' && x.holderKind === 'enterprise',
  );
  const [picked, setPicked] = useState<string>();
  const licenceId = picked ?? licences[0]?.id;
  const outlets = useQuery({
    queryKey: ['outlets', licenceId],
    queryFn: () => api.get<{ items: Outlet[] }>(`/api/licenses/${licenceId}/outlets`),
    enabled: !!licenceId,
  });
  const streets = useQuery({
    queryKey: ['units', 'street'],
    queryFn: () => api.get<{ items: Unit[] }>('/api/units', { kind: 'street' }),
    enabled: adding,
  });
  const add = useMutation({
    mutationFn: (v: Values) =>
      api.post<Outlet>(`/api/licenses/${licenceId}/outlets`, {
        name: v.name,
        address: v.address,
        openedOn: v.openedOn.format('YYYY-MM-DD'),
        ...(v.where === 'hongkou' ? { unitId: v.unitId } : { region: v.region }),
      }),
    onSuccess: async () => {
      form.resetFields();
      setAdding(false);
      void message.success(l('门店已登记', 'Outlet registered'));
      await qc.invalidateQueries({ queryKey: ['outlets', licenceId] });
    },
  });
  const close = useMutation({
    mutationFn: (o: Outlet) =>
      api.patch<Outlet>(`/api/outlets/${o.id}`, { status: o.status === 'closed' ? 'active' : 'closed' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['outlets', licenceId] }),
  });
  const where = Form.useWatch('where', form);
  const exportColumns: ExportColumn<Outlet>[] = [
    { header: l('门店名称', 'Outlet name'), value: (o) => o.name, width: 24 },
    { header: l('地址', 'Address'), value: (o) => o.address, width: 36 },
    { header: l('所在地', 'Area'), value: (o) => o.unitName ?? o.region ?? '', width: 16 },
    { header: l('开业日期', 'Opened on'), value: (o) => o.openedOn, width: 12 },
    { header: l('状态', 'Status'), value: (o) => OUTLET_STATUS[o.status][lang] },
    { header: l('暂停原因', 'Suspended because'), value: (o) => o.statusReason ?? '', width: 24 },
  ];
  const licenceNo = licences.find((x) => x.id === licenceId)?.licenseNo;

  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (!user) return <Navigate to="/public/login" replace />;
  if (user.kind !== 'enterprise') return <Navigate to="/me" replace />;
  return (
    <div style={{ maxWidth: 640, margin: '8px auto 24px' }} data-testid="my-outlets">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {l('我的门店（一证多址）', 'My outlets (one licence, many addresses)')}
      </Typography.Title>
      {wallet.isPending ? (
        <Spin className="yw-page-spin" />
      ) : wallet.isError ? (
        <QueryError error={wallet.error} onRetry={() => void wallet.refetch()} />
      ) : licences.length === 0 ? (
        <Empty description={l('没有有效的企业证照', 'No valid licence')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Select
            className="yw-full"
            style={{ width: '100%' }}
            value={licenceId}
            onChange={setPicked}
            data-testid="my-outlets-licence"
            options={licences.map((x) => ({ value: x.id, label: `${x.typeName[lang]} · ${x.licenseNo}` }))}
          />
          <ExportButtons
            filename={`outlets-${licenceNo ?? ''}`}
            disabled={!outlets.data?.items.length}
            columns={exportColumns}
            rows={outlets.data?.items ?? []}
          />
          {!adding && (
            <Button type="primary" block onClick={() => setAdding(true)} data-testid="outlet-add">
              {l('登记新门店', 'Register an outlet')}
            </Button>
          )}
          {adding && (
            <Card size="small" title={l('登记新门店', 'Register an outlet')}>
              <Form<Values>
                form={form}
                layout="vertical"
                initialValues={{ where: 'hongkou' }}
                onFinish={(v) => add.mutate(v)}
                data-testid="outlet-form"
              >
                <Form.Item
                  name="name"
                  label={l('门店名称', 'Outlet name')}
                  rules={[{ required: true, max: 100 }]}
                >
                  <Input data-testid="outlet-name" />
                </Form.Item>
                <Form.Item
                  name="address"
                  label={l('地址', 'Address')}
                  rules={[{ required: true, min: 4, max: 200 }]}
                >
                  <Input autoComplete="street-address" data-testid="outlet-address" />
                </Form.Item>
                <Form.Item name="where" label={l('所在地', 'Where')}>
                  <Radio.Group
                    options={[
                      { value: 'hongkou', label: l('虹口区内', 'In Hongkou') },
                      { value: 'elsewhere', label: l('外区 / 外省市', 'Elsewhere') },
                    ]}
                    data-testid="outlet-where"
                  />
                </Form.Item>
                {where === 'elsewhere' ? (
                  <Form.Item
                    name="region"
                    label={l('所在区市', 'District and city')}
                    rules={[{ required: true }]}
                  >
                    <Input
                      placeholder={l('如：上海市静安区', 'e.g. 上海市静安区')}
                      data-testid="outlet-region"
                    />
                  </Form.Item>
                ) : (
                  <Form.Item name="unitId" label={l('所在街道', 'Street')} rules={[{ required: true }]}>
                    <Select
                      loading={streets.isPending}
                      options={(streets.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
                      data-testid="outlet-street"
                    />
                  </Form.Item>
                )}
                <Form.Item name="openedOn" label={l('开业日期', 'Opened on')} rules={[{ required: true }]}>
                  <DatePicker
                    className="yw-full"
                    style={{ width: '100%' }}
                    inputReadOnly
                    data-testid="outlet-opened"
                  />
                </Form.Item>
                <FormError error={add.error} />
                <Space>
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={add.isPending}
                    data-testid="outlet-submit"
                  >
                    {l('提交', 'Submit')}
                  </Button>
                  <Button onClick={() => setAdding(false)}>{l('取消', 'Cancel')}</Button>
                </Space>
              </Form>
            </Card>
          )}
          {outlets.isPending ? (
            <Spin />
          ) : outlets.isError ? (
            <QueryError error={outlets.error} onRetry={() => void outlets.refetch()} />
          ) : outlets.data.items.length === 0 ? (
            <Empty description={l('此证照下还没有门店', 'No outlet under this licence yet')} />
          ) : (
            outlets.data.items.map((o) => (
              <Card
                key={o.id}
                size="small"
                title={o.name}
                data-testid="outlet-card"
                extra={<Tag color={OUTLET_STATUS[o.status].color}>{OUTLET_STATUS[o.status][lang]}</Tag>}
              >
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={l('地址', 'Address')}>{o.address}</Descriptions.Item>
                  <Descriptions.Item label={l('所在地', 'Area')}>{o.unitName ?? o.region}</Descriptions.Item>
                  <Descriptions.Item label={l('开业日期', 'Opened on')}>{o.openedOn}</Descriptions.Item>
                  {o.statusReason && (
                    <Descriptions.Item label={l('暂停原因', 'Suspended because')}>
                      {o.statusReason}
                    </Descriptions.Item>
                  )}
                </Descriptions>
                {o.status !== 'suspended' && (
                  <Button size="small" onClick={() => close.mutate(o)} loading={close.isPending}>
                    {o.status === 'closed' ? l('重新营业', 'Reopen') : l('关闭门店', 'Close')}
                  </Button>
                )}
              </Card>
            ))
          )}
        </Space>
      )}
    </div>
  );
}
