import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { FormError } from '../../app/components/FormError';
import { RecordListPage, useRecordCreate } from '../../app/components/RecordListPage';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import { caseStateName } from '../applications/licence-case';
import { useL } from '../outlets/useL';

type Summary = {
  total: number;
  done: number;
  inProgress: number;
  awaitingCorrection: number;
  nearestDeadline: string | null;
};
type BatchHead = {
  id: string;
  complexName: string;
  address: string;
  streetName: string;
  openingOn: string;
  managerName: string | null;
  summary: Summary;
};
type Shop = {
  applicationId: string;
  applicationNo: string;
  shopName: string;
  applicantName: string;
  status: 'completed' | 'in-progress' | 'awaiting-correction';
  nearestDeadline: string | null;
  items: {
    caseId: string;
    itemName: string;
    departmentName: string;
    state: string;
    deadline: string | null;
  }[];
};
type Batch = BatchHead & { mayManage: boolean; shops: Shop[] };

const STATUS = {
  completed: { zh: '已办结', en: 'Done', color: 'green' },
  'in-progress': { zh: '办理中', en: 'In progress', color: 'blue' },
  'awaiting-correction': { zh: '待补正', en: 'Awaiting correction', color: 'orange' },
} as const;

/** 一楼一次办: batches (list and create) for the intake unit's clerks (/workbench/batches) and the complex's manager (/me/batches). */
export default function BatchesPage({ base }: { base: '/workbench/batches' | '/me/batches' }) {
  const { id } = useParams();
  return id ? <BatchDetail id={id} base={base} /> : <BatchList base={base} />;
}

type NewBatch = {
  complexName: string;
  address: string;
  streetUnitId: string;
  openingOn: Dayjs;
  manager?: string;
};

function BatchList({ base }: { base: string }) {
  const { l } = useL();
  const session = useSession();
  const user = session.data?.user;
  const creating = useRecordCreate(
    (v: NewBatch) => api.post<Batch>('/api/batches', { ...v, openingOn: v.openingOn.format('YYYY-MM-DD') }),
    (b) => `${base}/${b.id}`,
  );
  const list = useQuery({
    queryKey: ['batches'],
    queryFn: () => api.get<{ items: BatchHead[] }>('/api/batches'),
  });
  const streets = useQuery({
    queryKey: ['units', 'street'],
    queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/api/units', { kind: 'street' }),
    enabled: creating.open,
  });
  const mayCreate = user?.kind === 'enterprise' || user?.roles.includes('clerk');
  const batchColumns: ExportColumn<BatchHead>[] = [
    { header: l('商业体', 'Complex'), value: (b) => b.complexName, width: 28 },
    { header: l('街道', 'Street'), value: (b) => b.streetName, width: 16 },
    { header: l('开业日期', 'Opening'), value: (b) => b.openingOn, width: 12 },
    { header: l('商铺', 'Shops'), value: (b) => b.summary.total },
    { header: l('已办结', 'Done'), value: (b) => b.summary.done },
    { header: l('待补正', 'Awaiting correction'), value: (b) => b.summary.awaitingCorrection },
    {
      header: l('最近期限', 'Nearest deadline'),
      value: (b) => (b.summary.nearestDeadline ? formatShanghai(b.summary.nearestDeadline) : ''),
      width: 18,
    },
  ];
  return (
    <RecordListPage<BatchHead, NewBatch>
      testId="batches"
      title={l('一楼一次办 · 商业体开业批次', 'Complex openings (one building, one go)')}
      list={list}
      exportName="batches"
      exportColumns={batchColumns}
      emptyText={l('暂无批次', 'No batch yet')}
      columns={[
        {
          title: l('商业体', 'Complex'),
          render: (_, b) => <Link to={`${base}/${b.id}`}>{b.complexName}</Link>,
        },
        { title: l('街道', 'Street'), dataIndex: 'streetName' },
        { title: l('开业日期', 'Opening'), dataIndex: 'openingOn' },
        { title: l('商铺', 'Shops'), render: (_, b) => b.summary.total },
        { title: l('已办结', 'Done'), render: (_, b) => b.summary.done },
        { title: l('待补正', 'Awaiting correction'), render: (_, b) => b.summary.awaitingCorrection },
        {
          title: l('最近期限', 'Nearest deadline'),
          render: (_, b) => (b.summary.nearestDeadline ? formatShanghai(b.summary.nearestDeadline) : '—'),
        },
      ]}
      create={
        mayCreate
          ? {
              label: l('新建批次', 'New batch'),
              buttonTestId: 'batch-new',
              ...creating,
              fields: (
                <>
                  <Form.Item
                    name="complexName"
                    label={l('商业体名称', 'Complex')}
                    rules={[{ required: true, min: 2 }]}
                  >
                    <Input data-testid="batch-complex" />
                  </Form.Item>
                  <Form.Item name="address" label={l('地址', 'Address')} rules={[{ required: true, min: 4 }]}>
                    <Input data-testid="batch-address" />
                  </Form.Item>
                  <Form.Item name="streetUnitId" label={l('所在街道', 'Street')} rules={[{ required: true }]}>
                    <Select
                      loading={streets.isPending}
                      options={(streets.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
                      data-testid="batch-street"
                    />
                  </Form.Item>
                  <Form.Item
                    name="openingOn"
                    label={l('开业日期', 'Opening date')}
                    rules={[{ required: true }]}
                  >
                    <DatePicker style={{ width: '100%' }} data-testid="batch-opening" />
                  </Form.Item>
                  {user?.kind === 'staff' && (
                    <Form.Item
                      name="manager"
                      label={l(
                        '运营管理方（企业手机号或统一社会信用代码）',
                        'Manager (enterprise phone or credit code)',
                      )}
                    >
                      <Input data-testid="batch-manager" />
                    </Form.Item>
                  )}
                </>
              ),
            }
          : undefined
      }
    />
  );
}

function BatchDetail({ id, base }: { id: string; base: string }) {
  const { l, lang } = useL();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ applicationNo: string; shopName: string }>();
  const batch = useQuery({ queryKey: ['batch', id], queryFn: () => api.get<Batch>(`/api/batches/${id}`) });
  const link = useMutation({
    mutationFn: (v: { applicationNo: string; shopName: string }) =>
      api.post<Batch>(`/api/batches/${id}/shops`, v),
    onSuccess: (b) => {
      form.resetFields();
      qc.setQueryData(['batch', id], b);
    },
  });
  if (batch.isPending) return <Spin className="yw-page-spin" />;
  if (batch.isError) return <QueryError error={batch.error} onRetry={() => void batch.refetch()} />;
  const b = batch.data;
  const rows = b.shops.flatMap((s) => s.items.map((i) => ({ s, i })));
  const columns = [
    { header: l('商铺', 'Shop'), value: (r: (typeof rows)[number]) => r.s.shopName, width: 20 },
    {
      header: l('受理编号', 'Application no.'),
      value: (r: (typeof rows)[number]) => r.s.applicationNo,
      width: 22,
    },
    { header: l('申请人', 'Applicant'), value: (r: (typeof rows)[number]) => r.s.applicantName, width: 24 },
    { header: l('事项', 'Item'), value: (r: (typeof rows)[number]) => r.i.itemName, width: 30 },
    { header: l('部门', 'Department'), value: (r: (typeof rows)[number]) => r.i.departmentName, width: 20 },
    {
      header: l('状态', 'State'),
      value: (r: (typeof rows)[number]) => caseStateName(r.i.state, lang),
      width: 16,
    },
    {
      header: l('期限', 'Deadline'),
      value: (r: (typeof rows)[number]) => (r.i.deadline ? formatShanghai(r.i.deadline) : ''),
      width: 20,
    },
  ];
  const name = `${b.complexName}-${l('进度', 'progress')}`;
  return (
    <div data-testid="batch" style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Link to={base}>← {l('全部批次', 'All batches')}</Link>
      <Typography.Title level={4}>{b.complexName}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {b.address} · {b.streetName} · {l('开业', 'opens')} {b.openingOn}
        {b.managerName ? ` · ${l('运营方', 'manager')} ${b.managerName}` : ''}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={l('已办结', 'Done')} value={b.summary.done} suffix={`/ ${b.summary.total}`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={l('办理中', 'In progress')} value={b.summary.inProgress} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={l('待补正', 'Awaiting correction')} value={b.summary.awaitingCorrection} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={l('最近期限', 'Nearest deadline')}
              value={b.summary.nearestDeadline ? formatShanghai(b.summary.nearestDeadline) : '—'}
              valueStyle={{ fontSize: 16 }}
            />
          </Card>
        </Col>
      </Row>
      <div style={{ marginBottom: 12 }}>
        <ExportButtons
          filename={name}
          sheetName={b.complexName.slice(0, 28)}
          disabled={rows.length === 0}
          columns={columns}
          rows={rows}
        />
      </div>
      <Table<Shop>
        rowKey="applicationId"
        size="small"
        scroll={{ x: 'max-content' }}
        dataSource={b.shops}
        pagination={false}
        data-testid="batch-shops"
        locale={{ emptyText: <Empty description={l('还没有商铺办件', 'No shop application yet')} /> }}
        columns={[
          { title: l('商铺', 'Shop'), dataIndex: 'shopName' },
          { title: l('受理编号', 'Application no.'), dataIndex: 'applicationNo' },
          {
            title: l('状态', 'Status'),
            render: (_, s) => <Tag color={STATUS[s.status].color}>{STATUS[s.status][lang]}</Tag>,
          },
          {
            title: l('事项', 'Items'),
            render: (_, s) => (
              <Space orientation="vertical" size={0}>
                {s.items.map((i) => (
                  <span key={i.caseId}>
                    {i.itemName} · {caseStateName(i.state, lang)}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: l('最近期限', 'Nearest deadline'),
            render: (_, s) => (s.nearestDeadline ? formatShanghai(s.nearestDeadline) : '—'),
          },
        ]}
      />
      {b.mayManage && (
        <Card
          size="small"
          title={l('按受理编号加入商铺办件', 'Add a shop’s application by number')}
          style={{ marginTop: 16 }}
        >
          <Form form={form} layout="inline" onFinish={(v) => link.mutate(v)}>
            <Form.Item name="shopName" rules={[{ required: true }]}>
              <Input placeholder={l('商铺名称', 'Shop name')} />
            </Form.Item>
            <Form.Item name="applicationNo" rules={[{ required: true }]}>
              <Input placeholder={l('受理编号', 'Application no.')} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={link.isPending}>
              {l('加入', 'Add')}
            </Button>
          </Form>
          <FormError error={link.error} />
        </Card>
      )}
    </div>
  );
}
