import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Rate, Result, Spin, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { FormError, showProblem } from '../../app/components/FormError';
import { QueryError } from '../../app/components/results';
import { useRatingT } from './i18n';
import { ratingKey } from './RatingEntry';
import { INDICATORS, type Indicator, type RatingAnswer } from './types';
import './ratings.css';

type Values = { comment?: string; indicators?: Partial<Record<Indicator, number>> };

/**
 * /me/applications/:id/rate — the applicant rates their application: five big levels, the five
 * sub-indicators, a comment that a 差评 needs. `?via=window-tablet` marks the window's tablet.
 */
export default function RatePage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const { rt, lang } = useRatingT();
  const session = useSession();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [score, setScore] = useState<number | null>(null);
  const q = useQuery({
    queryKey: ratingKey(id),
    queryFn: () => api.get<RatingAnswer>(`/api/applications/${id}/rating`),
    enabled: !!session.data?.user,
  });
  const submit = useMutation({
    mutationFn: (v: Values) =>
      api.post<RatingAnswer>(`/api/applications/${id}/rating`, {
        score,
        comment: v.comment?.trim() || undefined,
        indicators: Object.fromEntries(Object.entries(v.indicators ?? {}).filter(([, n]) => !!n)),
        via:
          search.get('via') === 'window-tablet'
            ? 'window-tablet'
            : window.matchMedia('(max-width: 767px)').matches
              ? 'mobile'
              : 'web',
      }),
    onSuccess: (data) => qc.setQueryData(ratingKey(id), data),
    onError: (e) => showProblem(form, e, lang),
  });
  if (session.isPending) return <Spin className="yw-page-spin" />;
  if (!session.data?.user)
    return (
      <Navigate to={`/public/login?next=${encodeURIComponent(`/me/applications/${id}/rate`)}`} replace />
    );
  const back = (
    <Link to={`/me/applications/${id}`} className="yw-back" data-testid="rate-back">
      ← {rt('rate.back')}
    </Link>
  );
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin className="yw-page-spin" />;
  if (q.data.rating)
    return (
      <div className="yw-rate">
        {back}
        <Result status="success" title={rt('rate.done')} data-testid="rate-done" />
      </div>
    );
  const poor = score !== null && score <= 2;
  return (
    <div className="yw-rate">
      {back}
      <Card title={rt('rate.title')} data-testid="rate-form">
        {!q.data.canRate && <Alert type="info" title={rt('rate.notYet')} className="yw-section" />}
        <Typography.Paragraph type="secondary">{rt('rate.intro')}</Typography.Paragraph>
        <FormError error={submit.error} />
        <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} disabled={!q.data.canRate}>
          <Form.Item label={rt('rate.score')} required>
            <div className="yw-rate-levels" role="radiogroup">
              {[5, 4, 3, 2, 1].map((n) => (
                <Button
                  key={n}
                  className="yw-rate-level"
                  type={score === n ? 'primary' : 'default'}
                  danger={score === n && n <= 2}
                  role="radio"
                  aria-checked={score === n}
                  data-testid={`score-${n}`}
                  onClick={() => setScore(n)}
                >
                  <span>{rt(`level.${n}` as 'level.1')}</span>
                  <span className="yw-rate-stars" aria-hidden>
                    {'★'.repeat(n)}
                    {'☆'.repeat(5 - n)}
                  </span>
                </Button>
              ))}
            </div>
          </Form.Item>
          <Typography.Text strong>{rt('rate.indicators')}</Typography.Text>
          {INDICATORS.map((k) => (
            <div className="yw-rate-indicator" key={k}>
              <span>{rt(`ind.${k}`)}</span>
              <Form.Item name={['indicators', k]} noStyle>
                <Rate data-testid={`indicator-${k}`} />
              </Form.Item>
            </div>
          ))}
          <Form.Item
            name="comment"
            label={rt('rate.comment')}
            className="yw-section"
            extra={poor ? rt('rate.commentRequired') : undefined}
            rules={poor ? [{ required: true, whitespace: true, message: rt('rate.commentRequired') }] : []}
          >
            <Input.TextArea
              rows={4}
              maxLength={500}
              showCount
              placeholder={rt('rate.commentPlaceholder')}
              data-testid="rate-comment"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            disabled={score === null || !q.data.canRate}
            loading={submit.isPending}
            data-testid="rate-submit"
          >
            {rt('rate.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
