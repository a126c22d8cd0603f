import { Alert, Button, Card, DatePicker, Form, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation } from '@tanstack/react-query';
import { errorText } from '../../api/problem';
import { useLocale } from '../../i18n/useT';
import { formatShanghai, startOfDayIso } from '../../lib/calendar';
import { fetchDeadline } from './calendar-api';

interface DeadlineForm {
  start: Dayjs;
  workingDays: number;
}

/** Start date + N 工作日 → deadline, or "unknown" when the deadline's year has no loaded schedule. */
export function DeadlineCalculator() {
  const { t, lang } = useLocale();
  const [form] = Form.useForm<DeadlineForm>();
  const compute = useMutation({
    mutationFn: (v: DeadlineForm) =>
      fetchDeadline(startOfDayIso(v.start.format('YYYY-MM-DD')), v.workingDays),
  });

  const result = compute.data;
  return (
    <Card title={t('deadline.title')} size="small" data-testid="deadline-calculator">
      <Form<DeadlineForm>
        form={form}
        name="deadline"
        layout="inline"
        requiredMark={false}
        initialValues={{ workingDays: 20 }}
        onFinish={(v) => compute.mutate(v)}
        className="yw-deadline-form"
      >
        <Form.Item
          name="start"
          label={t('deadline.start')}
          rules={[{ required: true, message: t('common.required', { field: t('deadline.start') }) }]}
        >
          <DatePicker format="YYYY-MM-DD" data-testid="deadline-start" />
        </Form.Item>
        <Form.Item
          name="workingDays"
          label={t('deadline.days')}
          rules={[{ required: true, message: t('common.required', { field: t('deadline.days') }) }]}
        >
          <InputNumber min={0} max={3650} precision={0} data-testid="deadline-days" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={compute.isPending} data-testid="deadline-submit">
            {t('deadline.compute')}
          </Button>
        </Form.Item>
      </Form>
      {compute.isError && (
        <Alert type="error" showIcon title={errorText(compute.error, lang)} data-testid="deadline-error" />
      )}
      {result && (
        <Alert
          type={result.ok ? 'success' : 'warning'}
          showIcon
          title={
            <span>
              {t('deadline.result')}:{' '}
              <strong data-testid="deadline-result">
                {result.ok
                  ? formatShanghai(result.deadline)
                  : t('deadline.unknown', { year: result.unknownYear })}
              </strong>
            </span>
          }
        />
      )}
    </Card>
  );
}
