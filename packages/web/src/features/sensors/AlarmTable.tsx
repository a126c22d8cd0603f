import { useState } from 'react';
import { App, Form, Grid, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import { FormError, showProblem } from '../../app/components/FormError';
import { formatShanghai } from '../../lib/calendar';
import { useSnT, type SensorMessageKey } from './i18n';
import { OutageMembers } from './OutageMembers';
import { ALARM_STATE_COLOR, SEVERITY_COLOR, alarmUnit, formatValue, outageText } from './sensor-view';
import { useSensorPermissions, useSensorTypes } from './sensors-api';
import type { Alarm } from './types';

/** Severity as a coloured tag: 一般 gold, 较重 orange, 严重 red. */
export function SeverityTag({ severity }: { severity: number }) {
  const { st } = useSnT();
  return (
    <Tag color={SEVERITY_COLOR[severity] ?? 'default'} data-testid={`severity-${severity}`}>
      {st(`al.sev${severity}` as SensorMessageKey)}
    </Tag>
  );
}

/**
 * Alarms in a table — severity, state, type, sensor, place, times, peak, the work order it
 * opened — with 确认 and 解除 (a comment, posted to the order) for those who may.
 */
export function AlarmTable({
  items,
  loading,
  pagination,
  showSensor = true,
  testId = 'alarms-table',
}: {
  items: Alarm[];
  loading?: boolean;
  pagination?: {
    current: number;
    pageSize: number;
    total: number;
    onChange: (page: number, size: number) => void;
  };
  showSensor?: boolean;
  testId?: string;
}) {
  const { st, sl, t, lang } = useSnT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const may = useSensorPermissions();
  const [clearing, setClearing] = useState<Alarm | null>(null);
  // From md up the actions stay in view while a wide table scrolls.
  const pinActions = Grid.useBreakpoint().md === true;
  const [form] = Form.useForm<{ comment: string }>();
  const types = useSensorTypes().data?.items;
  const typeName = (code: string) => {
    const type = types?.find((x) => x.code === code);
    return type ? (lang === 'zh' ? type.name : type.nameEn) : code;
  };
  const isOutage = (a: Alarm) => a.alarmType === 'outage';

  const done = () => {
    message.success(st('al.done'));
    void qc.invalidateQueries({ queryKey: ['sensor-alarms'] });
    void qc.invalidateQueries({ queryKey: ['sensors'] });
  };
  const acknowledge = useMutation({
    mutationFn: (a: Alarm) => api.post(`/api/sensor-alarms/${a.id}/acknowledge`),
    onSuccess: done,
    onError: (e) => message.error(errorText(e, lang)),
  });
  const clear = useMutation({
    mutationFn: (v: { comment: string }) => api.post(`/api/sensor-alarms/${clearing!.id}/clear`, v),
    onSuccess: () => {
      done();
      setClearing(null);
      form.resetFields();
    },
    onError: (e) => showProblem(form, e, lang),
  });

  const columns: TableColumnsType<Alarm> = [
    { title: st('al.severity'), key: 'severity', render: (_, a) => <SeverityTag severity={a.severity} /> },
    {
      title: st('al.state'),
      key: 'state',
      render: (_, a) => (
        <Tag color={ALARM_STATE_COLOR[a.state]}>{st(`al.${a.state}` as SensorMessageKey)}</Tag>
      ),
    },
    {
      title: st('al.type'),
      key: 'type',
      render: (_, a) =>
        isOutage(a) ? (
          <span>
            <Tag color="volcano" data-testid={`outage-${a.id}`}>
              {sl('kind.outage')}
            </Tag>
            {pinActions ? null : (
              // on a phone the committee and counts would be out of view to the right
              <Typography.Text type="danger" className="yw-outage-brief">
                <br />
                {a.committeeName} {a.silentCount ?? 0}/{a.sensorCount ?? 0}
              </Typography.Text>
            )}
          </span>
        ) : (
          sl(`kind.${a.alarmType}`)
        ),
    },
    ...(showSensor
      ? [
          {
            title: st('al.sensor'),
            key: 'sensor',
            render: (_: unknown, a: Alarm) =>
              isOutage(a) ? (
                // a committee, not one sensor: where, and how many of its sensors are silent
                <span data-testid={`outage-counts-${a.id}`}>
                  <Typography.Text strong>{a.committeeName ?? a.streetName}</Typography.Text>
                  <br />
                  <Typography.Text type="danger">{outageText(a, lang)}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {(a.sensorTypes ?? []).map(typeName).join(lang === 'zh' ? '、' : ', ')}
                  </Typography.Text>
                </span>
              ) : (
                <span>
                  <Link
                    to={`/workbench/sensors/${encodeURIComponent(a.sensorId ?? '')}`}
                    className="yw-sensor-id"
                  >
                    {a.sensorId}
                  </Link>
                  <br />
                  <Typography.Text type="secondary">
                    {lang === 'zh' ? a.sensorTypeName : a.sensorTypeNameEn}
                  </Typography.Text>
                </span>
              ),
          },
          {
            title: st('sn.place'),
            key: 'place',
            responsive: ['md' as const],
            render: (_: unknown, a: Alarm) => (
              <span>
                {[a.streetName, a.committeeName].filter(Boolean).join(' · ')}
                {a.address ? (
                  <Typography.Text type="secondary">
                    <br />
                    {a.address}
                  </Typography.Text>
                ) : null}
              </span>
            ),
          },
        ]
      : []),
    { title: st('al.openedAt'), key: 'opened', render: (_, a) => formatShanghai(a.openedAt) },
    {
      title: st('al.peak'),
      key: 'peak',
      align: 'right',
      render: (_, a) =>
        a.alarmType === 'offline' || isOutage(a) ? (
          <Typography.Text type="secondary">
            {st(isOutage(a) ? 'al.silentSince' : 'al.lastHeard')}
            <br />
            {a.lastReadingAt ? formatShanghai(a.lastReadingAt) : '—'}
          </Typography.Text>
        ) : a.peakValue === null ? (
          '—'
        ) : (
          <Typography.Text strong>
            {formatValue(a.peakValue)} {alarmUnit(a)}
            {a.threshold !== null ? (
              <Typography.Text type="secondary">
                <br />
                {st('al.threshold')} {formatValue(a.threshold)} {alarmUnit(a)}
              </Typography.Text>
            ) : null}
          </Typography.Text>
        ),
    },
    { title: st('al.count'), dataIndex: 'readingCount', key: 'count', align: 'right', responsive: ['xxl'] },
    {
      title: st('al.order'),
      key: 'order',
      render: (_, a) =>
        a.workOrderId ? (
          <Link to={`/workbench/work-orders/${a.workOrderId}`} data-testid={`alarm-order-${a.id}`}>
            {a.workOrderNo ?? st('al.order')}
          </Link>
        ) : (
          <Typography.Text type="secondary">{st(a.outageId ? 'al.covered' : 'al.noOrder')}</Typography.Text>
        ),
    },
    ...(may.actOnAlarms
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: pinActions ? ('right' as const) : undefined,
            render: (_: unknown, a: Alarm) =>
              a.state === 'cleared' ? (
                <Typography.Text type="secondary" className="yw-wrap">
                  {a.clearComment ?? ''}
                </Typography.Text>
              ) : (
                <span className="yw-row-actions">
                  {a.state === 'open' ? (
                    <Popconfirm
                      title={st('al.acknowledge')}
                      onConfirm={() => acknowledge.mutateAsync(a)}
                      okButtonProps={{ 'data-testid': 'confirm-ok' }}
                    >
                      <Typography.Link data-testid={`alarm-ack-${a.id}`}>
                        {st('al.acknowledge')}
                      </Typography.Link>
                    </Popconfirm>
                  ) : null}{' '}
                  <Typography.Link data-testid={`alarm-clear-${a.id}`} onClick={() => setClearing(a)}>
                    {st('al.clear')}
                  </Typography.Link>
                </span>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Table<Alarm>
        data-testid={testId}
        rowKey="id"
        size="middle"
        scroll={{ x: 'max-content' }}
        loading={loading}
        columns={columns}
        dataSource={items}
        expandable={{
          // an area outage unfolds into the sensors it stands for
          rowExpandable: isOutage,
          expandedRowRender: (a) => <OutageMembers outage={a} />,
        }}
        locale={{ emptyText: st('al.empty') }}
        pagination={
          pagination
            ? {
                current: pagination.current,
                pageSize: pagination.pageSize,
                total: pagination.total,
                showSizeChanger: true,
                showTotal: (total) => t('common.total', { total }),
                onChange: pagination.onChange,
              }
            : false
        }
      />
      <Modal
        open={!!clearing}
        title={
          clearing && isOutage(clearing)
            ? st('al.clearOutageTitle', { committee: clearing.committeeName ?? '' })
            : st('al.clearTitle', { sensor: clearing?.sensorId ?? '' })
        }
        onCancel={() => {
          setClearing(null);
          form.resetFields();
        }}
        onOk={() => form.submit()}
        okText={st('al.clear')}
        okButtonProps={{ loading: clear.isPending, 'data-testid': 'alarm-clear-ok' }}
        destroyOnHidden
      >
        <FormError error={clear.error} />
        <Form form={form} layout="vertical" onFinish={(v) => clear.mutate(v)}>
          <Form.Item
            name="comment"
            label={st('al.comment')}
            extra={clearing?.workOrderId ? st('al.commentHint') : undefined}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: st('al.comment') }),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="alarm-clear-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
