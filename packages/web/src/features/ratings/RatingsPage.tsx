import { useState } from 'react';
import { Card, Empty, Segmented, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { QueryError } from '../../app/components/results';
import { ExportButtons } from '../../lib/ExportButtons';
import { ranked, rankingColumns } from './exports';
import { useRatingT } from './i18n';
import { RankingChart } from './RankingChart';
import { percent } from './rectification-states';
import type { DepartmentFigures, RatingStats } from './types';
import './ratings.css';

const PERIODS = [30, 90, 365] as const;

/** /ratings — the published 好差评 figures: 好评率, 差评整改率, the ranking by department. */
export default function RatingsPage() {
  const { rt, lang } = useRatingT();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const q = useQuery({
    queryKey: ['ratings', 'stats', days],
    queryFn: () => api.get<RatingStats>('/api/ratings/stats', { days }),
    placeholderData: keepPreviousData,
  });
  const s = q.data;
  const columns: ColumnsType<DepartmentFigures> = [
    { title: rt('stats.rank'), key: 'rank', width: 64, render: (_, __, i) => i + 1 },
    { title: rt('stats.department'), dataIndex: 'name', key: 'name' },
    {
      title: rt('stats.goodRate'),
      key: 'good',
      width: 96,
      render: (_, r) => percent(r.goodRate),
    },
    { title: rt('stats.total'), dataIndex: 'total', key: 'total', width: 80 },
    {
      title: rt('stats.average'),
      key: 'avg',
      width: 80,
      responsive: ['sm'],
      render: (_, r) => (r.average === null ? '—' : r.average.toFixed(2)),
    },
    {
      title: rt('stats.rectificationRate'),
      key: 'rect',
      width: 110,
      responsive: ['md'],
      render: (_, r) => (r.poor ? `${percent(r.rectificationRate)} (${r.rectified}/${r.poor})` : '—'),
    },
  ];
  return (
    <div className="yw-stats" data-testid="ratings-page">
      <Typography.Title level={3}>{rt('stats.title')}</Typography.Title>
      <div className="yw-stats-toolbar">
        <Segmented
          value={days}
          onChange={(v) => setDays(v as (typeof PERIODS)[number])}
          options={PERIODS.map((n) => ({ value: n, label: rt('stats.days', { n }) }))}
          data-testid="ratings-period"
        />
        <ExportButtons
          filename="ratings-ranking"
          sheetName={rt('stats.ranking')}
          disabled={!s?.ranking.length}
          columns={rankingColumns(lang)}
          rows={ranked(s?.ranking ?? [])}
        />
      </div>
      {q.isError ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <div className="yw-stats-figures">
            <Card size="small">
              <Statistic title={rt('stats.goodRate')} value={percent(s?.goodRate ?? null)} loading={!s} />
              <span data-testid="stats-good-rate" hidden>
                {s?.goodRate ?? ''}
              </span>
            </Card>
            <Card size="small">
              <Statistic
                title={rt('stats.rectificationRate')}
                value={percent(s?.rectificationRate ?? null)}
                suffix={
                  s ? (
                    <small>
                      ({s.rectified}/{s.poor})
                    </small>
                  ) : undefined
                }
                loading={!s}
              />
              <span data-testid="stats-rectified" hidden>
                {s ? `${s.rectified}/${s.poor}` : ''}
              </span>
            </Card>
            <Card size="small">
              <Statistic title={rt('stats.poorRate')} value={percent(s?.poorRate ?? null)} loading={!s} />
            </Card>
            <Card size="small">
              <Statistic title={rt('stats.total')} value={s?.total ?? 0} loading={!s} />
              {!!s?.excluded && (
                <Typography.Text type="secondary" className="yw-hint">
                  {rt('stats.excluded', { n: s.excluded })}
                </Typography.Text>
              )}
            </Card>
          </div>
          {s && s.ranking.length === 0 ? (
            <Card>
              <Empty description={rt('stats.none')} />
            </Card>
          ) : (
            <>
              <Card size="small" title={rt('stats.chart')} className="yw-section">
                {s && <RankingChart rows={s.ranking} label={rt('stats.goodRate')} />}
              </Card>
              <Card size="small" title={rt('stats.ranking')} className="yw-section">
                <Table
                  rowKey="unitId"
                  size="small"
                  loading={!s}
                  columns={columns}
                  dataSource={s?.ranking ?? []}
                  pagination={false}
                  data-testid="ratings-ranking"
                />
              </Card>
            </>
          )}
          <Typography.Paragraph type="secondary" className="yw-hint yw-section">
            {rt('stats.note')}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
