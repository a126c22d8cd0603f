import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Popconfirm,
  Radio,
  Rate,
  Row,
  Select,
  Space,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import { woTranslateLoose } from '../work-orders/i18n';
import type { DuplicateCandidate, Place } from '../work-orders/types';
import { callerCell, DeskTable, kindText, orderLink } from './DeskTable';
import { callbackColumns, callColumns, firstContactColumns } from './exports';
import { useHlT } from './i18n';
import { OrderActionDialog } from './OrderActionDialog';
import { RevealPhone } from './RevealPhone';
import { SimpleList } from './SimpleList';
import type { Call, Callback, Category, FirstContact } from './types';

const CONSULT = 'H-consult';
/** The kinds offered first, in the order operators say them. */
const KIND_ORDER = ['H-consult', 'H-help', 'H-complaint', 'H-suggestion', 'H-report', 'H-complex'];

type CallForm = {
  callerName: string;
  callerPhone: string;
  kindCode: string;
  subjectCategoryCode?: string;
  placeUnitId: string;
  address?: string;
  description: string;
  answer?: string;
};

/** Waits until a value has stopped changing for `ms` (the duplicate check while typing). */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * /workbench/hotline — the 12345 operator's desk: record a call (a new order, a link to an
 * existing one, or a 咨询 answered on the spot) while likely duplicates show beside the form;
 * today's calls, first contacts due and callbacks due below.
 */
export default function HotlineDeskPage() {
  const { ht, lang } = useHlT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CallForm>();
  const kindCode = Form.useWatch('kindCode', form);
  const subjectCategoryCode = Form.useWatch('subjectCategoryCode', form);
  const placeUnitId = Form.useWatch('placeUnitId', form);

  const categories = useQuery({
    queryKey: ['cityops', 'categories'],
    queryFn: () => api.get<{ items: Category[] }>('/api/cityops/categories'),
  });
  const places = useQuery({
    queryKey: ['cityops', 'places'],
    queryFn: () => api.get<{ items: Place[] }>('/api/cityops/places'),
  });
  const kinds = useMemo(
    () =>
      (categories.data?.items ?? [])
        .filter((c) => c.kind === 'hotline' && c.active)
        .sort((a, b) => rank(a.code) - rank(b.code)),
    [categories.data],
  );
  const subjects = useMemo(
    () =>
      (categories.data?.items ?? [])
        .filter((c) => c.kind !== 'hotline' && c.active)
        .map((c) => ({ value: c.code, label: `${c.code} ${c.majorName}·${c.name}` })),
    [categories.data],
  );
  const placeTree = useMemo(() => {
    const items = places.data?.items ?? [];
    return items
      .filter((p) => p.kind === 'street')
      .map((s) => ({
        value: s.id,
        title: s.name,
        children: items
          .filter((c) => c.kind === 'committee' && c.parentId === s.id)
          .map((c) => ({ value: c.id, title: c.name })),
      }));
  }, [places.data]);

  const probe = useSettled({ kindCode, subjectCategoryCode, placeUnitId });
  const duplicates = useQuery({
    queryKey: ['hotline', 'duplicates', probe],
    enabled: !!probe.kindCode && !!probe.placeUnitId,
    queryFn: () =>
      api.post<{ items: DuplicateCandidate[]; radiusMetres: number; windowDays: number }>(
        '/api/work-orders/duplicate-check',
        {
          categoryCode: probe.kindCode,
          ...(probe.subjectCategoryCode ? { subjectCategoryCode: probe.subjectCategoryCode } : {}),
          placeUnitId: probe.placeUnitId,
        },
      ),
  });

  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Call>('/api/hotline/calls', body),
    onSuccess: (call) => {
      message.success(
        call.disposition === 'created'
          ? ht('hl.created', { no: call.orderNo ?? '' })
          : call.disposition === 'followed'
            ? ht('hl.followed', { no: call.orderNo ?? '' })
            : ht('hl.savedAnswer', { no: call.callNo }),
      );
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['hotline'] });
      void qc.invalidateQueries({ queryKey: ['work-orders'] });
    },
    onError: (e) => message.error(errorText(e, lang)),
  });

  const submit = async (disposition: 'create' | 'follow' | 'answer', followOrderId?: string) => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const { answer, ...rest } = values;
    record.mutate({
      ...rest,
      disposition,
      ...(followOrderId ? { followOrderId } : {}),
      ...(disposition === 'answer' ? { answer } : {}),
    });
  };

  const dupItems = duplicates.data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="hotline-desk">
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={ht('hl.record')} loading={categories.isPending}>
            {categories.isError ? (
              <QueryError error={categories.error} onRetry={() => void categories.refetch()} />
            ) : (
              <Form form={form} layout="vertical" data-testid="hotline-form" requiredMark="optional">
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item
                      name="callerName"
                      label={ht('hl.callerName')}
                      rules={[{ required: true, max: 60 }]}
                    >
                      <Input data-testid="hl-caller-name" autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item
                      name="callerPhone"
                      label={ht('hl.callerPhone')}
                      rules={[{ required: true, pattern: /^[0-9+-]{5,20}$/ }]}
                    >
                      <Input data-testid="hl-caller-phone" inputMode="tel" autoComplete="off" />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="kindCode" label={ht('hl.kind')} rules={[{ required: true }]}>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    data-testid="hl-kind"
                    options={kinds.map((k) => ({ value: k.code, label: k.name }))}
                  />
                </Form.Item>
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="subjectCategoryCode"
                      label={ht('hl.subject')}
                      extra={ht('hl.subjectHint')}
                    >
                      <Select
                        showSearch
                        allowClear
                        optionFilterProp="label"
                        data-testid="hl-subject"
                        options={subjects}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="placeUnitId" label={ht('hl.place')} rules={[{ required: true }]}>
                      <TreeSelect
                        showSearch
                        treeNodeFilterProp="title"
                        data-testid="hl-place"
                        loading={places.isPending}
                        treeData={placeTree}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="address" label={ht('hl.address')} rules={[{ max: 300 }]}>
                  <Input data-testid="hl-address" />
                </Form.Item>
                <Form.Item
                  name="description"
                  label={ht('hl.description')}
                  rules={[{ required: true, whitespace: true, max: 4000 }]}
                >
                  <Input.TextArea rows={3} data-testid="hl-description" />
                </Form.Item>
                {kindCode === CONSULT && (
                  <Form.Item name="answer" label={ht('hl.answer')} rules={[{ max: 2000 }]}>
                    <Input.TextArea rows={2} data-testid="hl-answer" />
                  </Form.Item>
                )}
                <Space wrap>
                  <Button
                    type="primary"
                    loading={record.isPending}
                    onClick={() => void submit('create')}
                    data-testid="hl-create"
                  >
                    {ht('hl.create')}
                  </Button>
                  {kindCode === CONSULT && (
                    <Button
                      loading={record.isPending}
                      onClick={() => {
                        if (!form.getFieldValue('answer')) {
                          form.setFields([{ name: 'answer', errors: [ht('hl.answer')] }]);
                          return;
                        }
                        void submit('answer');
                      }}
                      data-testid="hl-answered"
                    >
                      {ht('hl.answered')}
                    </Button>
                  )}
                </Space>
              </Form>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={
              <span>
                {ht('hl.duplicates')} {dupItems.length > 0 && <Tag color="purple">{dupItems.length}</Tag>}
              </span>
            }
            data-testid="hotline-duplicates"
          >
            <Typography.Paragraph type="secondary" className="yw-hint">
              {ht('hl.duplicatesHint', {
                m: duplicates.data?.radiusMetres ?? 200,
                d: duplicates.data?.windowDays ?? 7,
              })}
            </Typography.Paragraph>
            {!probe.kindCode || !probe.placeUnitId ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={ht('hl.needPlace')} />
            ) : duplicates.isError ? (
              <QueryError error={duplicates.error} onRetry={() => void duplicates.refetch()} />
            ) : (
              <SimpleList
                items={dupItems}
                rowKey={(d) => d.caseId}
                loading={duplicates.isFetching}
                empty={ht('hl.duplicatesEmpty')}
                testId="hl-dups"
                title={(d) => (
                  <Space size={4} wrap data-testid={`hl-dup-${d.orderNo}`}>
                    <Link to={`/workbench/work-orders/${d.caseId}`} className="yw-mono">
                      {d.orderNo}
                    </Link>
                    <span>{d.categoryName}</span>
                    <Tag color={d.reason === 'distance' ? 'cyan' : 'purple'}>
                      {woTranslateLoose(lang, `wo.reason.${d.reason}`)}
                      {d.distanceMetres !== null ? ` · ${d.distanceMetres} m` : ''}
                    </Tag>
                  </Space>
                )}
                description={(d) => (
                  <>
                    <div>
                      {[d.streetName, d.committeeName, d.address].filter(Boolean).join(' · ')} ·{' '}
                      {formatShanghai(d.createdAt)}
                    </div>
                    <Typography.Text ellipsis={{ tooltip: d.description }} style={{ maxWidth: '100%' }}>
                      {d.description}
                    </Typography.Text>
                  </>
                )}
                actions={(d) => (
                  <Popconfirm
                    title={ht('hl.followConfirm', { no: d.orderNo })}
                    onConfirm={() => void submit('follow', d.caseId)}
                  >
                    <Button size="small" data-testid={`hl-follow-${d.orderNo}`}>
                      {ht('hl.follow')}
                    </Button>
                  </Popconfirm>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          items={[
            { key: 'today', label: ht('hl.today'), children: <TodayCalls /> },
            { key: 'first', label: ht('hl.firstContacts'), children: <FirstContacts /> },
            { key: 'callbacks', label: ht('hl.callbacks'), children: <Callbacks /> },
          ]}
        />
      </Card>
    </Space>
  );
}

const rank = (code: string) => {
  const i = KIND_ORDER.indexOf(code);
  return i < 0 ? KIND_ORDER.length : i;
};

function TodayCalls() {
  const { ht, lang } = useHlT();
  const q = useQuery({
    queryKey: ['hotline', 'calls'],
    queryFn: () => api.get<{ date: string; items: Call[] }>('/api/hotline/calls'),
  });
  return (
    <DeskTable<Call>
      query={q}
      filename={`hotline-calls-${q.data?.date ?? ''}`}
      sheetName={ht('hl.today')}
      exportColumns={callColumns(lang)}
      rowKey="id"
      testId="hotline-calls"
      columns={[
        { title: ht('hl.time'), render: (_, r) => formatShanghai(r.createdAt).slice(11), width: 70 },
        { title: ht('hl.callNo'), render: (_, r) => <span className="yw-mono">{r.callNo}</span> },
        {
          title: ht('hl.callerName'),
          render: (_, r) => callerCell(r.callerName, { kind: 'call', id: r.id, masked: r.callerPhone }),
        },
        {
          title: ht('hl.kind'),
          render: (_, r) => (
            <div>
              <Tag>{r.kindName}</Tag>
              {r.subjectCategoryName && <div className="yw-hint">{r.subjectCategoryName}</div>}
            </div>
          ),
        },
        {
          title: ht('hl.place'),
          render: (_, r) => {
            const text = [r.streetName, r.committeeName, r.address].filter(Boolean).join(' · ');
            return (
              <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: 200 }}>
                {text}
              </Typography.Text>
            );
          },
        },
        {
          title: ht('hl.description'),
          render: (_, r) => (
            <Typography.Text ellipsis={{ tooltip: r.description }} style={{ maxWidth: 220 }}>
              {r.description}
            </Typography.Text>
          ),
        },
        {
          title: ht('hl.disposition'),
          render: (_, r) => (
            <Tag
              color={
                r.disposition === 'answered' ? 'green' : r.disposition === 'followed' ? 'purple' : 'blue'
              }
            >
              {ht(`hl.disp.${r.disposition}`)}
            </Tag>
          ),
        },
        {
          title: ht('hl.order'),
          render: (_, r) => (
            <div>
              {orderLink(r.workOrderId, r.orderNo)}
              {r.orderStateName && <div className="yw-hint">{r.orderStateName[lang]}</div>}
            </div>
          ),
        },
        { title: ht('hl.recordedBy'), dataIndex: 'recordedByName', responsive: ['xxl'] },
      ]}
    />
  );
}

function FirstContacts() {
  const { ht, lang } = useHlT();
  const [target, setTarget] = useState<FirstContact | null>(null);
  const q = useQuery({
    queryKey: ['hotline', 'first-contacts'],
    queryFn: () => api.get<{ items: FirstContact[] }>('/api/hotline/first-contacts'),
  });
  return (
    <>
      <DeskTable<FirstContact>
        query={q}
        filename="hotline-first-contacts"
        sheetName={ht('hl.firstContacts')}
        exportColumns={firstContactColumns(lang)}
        rowKey="caseId"
        testId="hotline-first-contacts"
        columns={[
          {
            title: ht('hl.due'),
            render: (_, r) => (
              <span>
                {formatShanghai(r.firstContactDue)}
                {r.missed && (
                  <Tag color="red" className="yw-tag-gap">
                    {ht('hl.missed')}
                  </Tag>
                )}
              </span>
            ),
          },
          { title: ht('hl.order'), render: (_, r) => orderLink(r.caseId, r.orderNo) },
          { title: ht('hl.kind'), render: (_, r) => kindText(r) },
          {
            title: ht('hl.callerName'),
            render: (_, r) =>
              callerCell(r.reporterName, { kind: 'order', id: r.caseId, masked: r.reporterPhone }),
          },
          {
            title: ht('hl.place'),
            render: (_, r) => [r.streetName, r.committeeName].filter(Boolean).join(' · '),
          },
          { title: woTranslateLoose(lang, 'wo.unit'), render: (_, r) => r.responsibleUnitName ?? '—' },
          {
            title: '',
            render: (_, r) => (
              <Button size="small" onClick={() => setTarget(r)} data-testid={`hl-contact-${r.orderNo}`}>
                {ht('hl.recordContact')}
              </Button>
            ),
          },
        ]}
      />
      <OrderActionDialog
        target={target}
        title={ht('hl.recordContact')}
        action="contact"
        onClose={() => setTarget(null)}
        onDone={() => setTarget(null)}
      />
    </>
  );
}

function Callbacks() {
  const { ht, lang } = useHlT();
  const [target, setTarget] = useState<Callback | null>(null);
  const [satisfaction, setSatisfaction] = useState(0);
  const q = useQuery({
    queryKey: ['hotline', 'callbacks'],
    queryFn: () => api.get<{ items: Callback[] }>('/api/hotline/callbacks'),
  });
  return (
    <>
      <DeskTable<Callback>
        query={q}
        filename="hotline-callbacks"
        sheetName={ht('hl.callbacks')}
        exportColumns={callbackColumns(lang)}
        rowKey="caseId"
        testId="hotline-callbacks"
        columns={[
          { title: ht('hl.closedAt'), render: (_, r) => formatShanghai(r.closedAt) },
          { title: ht('hl.order'), render: (_, r) => orderLink(r.caseId, r.orderNo) },
          { title: ht('hl.kind'), render: (_, r) => kindText(r) },
          {
            title: ht('hl.outcome'),
            render: (_, r) => (r.outcome ? woTranslateLoose(lang, `out.${r.outcome}`) : '—'),
          },
          {
            title: ht('hl.callers'),
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                {r.callers.map((c) => (
                  <span key={`${c.kind}-${c.id}`}>
                    <Tag>{ht(c.kind === 'order' ? 'hl.reporter' : 'hl.follower')}</Tag>
                    {c.name} <RevealPhone kind={c.kind} id={c.id} masked={c.phone} />
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            render: (_, r) => (
              <Button
                size="small"
                type="primary"
                onClick={() => setTarget(r)}
                data-testid={`hl-callback-${r.orderNo}`}
              >
                {ht('hl.callback')}
              </Button>
            ),
          },
        ]}
      />
      <OrderActionDialog
        target={target}
        title={ht('hl.callback')}
        action="callback"
        data={{ satisfaction }}
        okDisabled={satisfaction < 1}
        onClose={() => setTarget(null)}
        onDone={() => (setTarget(null), setSatisfaction(0))}
      >
        <Form.Item label={ht('hl.satisfaction')} extra={ht('hl.unsatisfied')}>
          <Rate value={satisfaction} onChange={setSatisfaction} data-testid="hl-satisfaction" />
        </Form.Item>
        {satisfaction > 0 && satisfaction <= 2 && (
          <Alert type="warning" showIcon title={ht('hl.unsatisfied')} />
        )}
      </OrderActionDialog>
    </>
  );
}
