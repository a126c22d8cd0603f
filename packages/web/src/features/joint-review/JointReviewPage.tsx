import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Select, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { FormError } from '../../app/components/FormError';
import { RecordListPage, useRecordCreate } from '../../app/components/RecordListPage';
import { QueryError } from '../../app/components/results';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { useL } from '../outlets/useL';

type Status = 'consulting' | 'approved' | 'rejected';
type Row = {
  id: string;
  wording: string;
  industry: string;
  convenerName: string;
  createdAt: string;
  status: Status;
  approved: number;
  invited: number;
  awaitingMe: boolean;
};
type Review = {
  id: string;
  wording: string;
  industry: string;
  rationale: string;
  convenerName: string;
  proposerName: string;
  createdAt: string;
  status: Status;
  mayVote: boolean;
  opinions: {
    caseId: string;
    departmentName: string;
    state: 'pending' | 'approved' | 'rejected';
    comment: string | null;
    decidedAt: string | null;
    decidedBy: string | null;
    deadline: string | null;
  }[];
};
const STATUS = {
  consulting: { zh: '合议中', en: 'Consulting', color: 'blue' },
  approved: { zh: '已核准', en: 'Approved', color: 'green' },
  rejected: { zh: '未通过', en: 'Rejected', color: 'red' },
  pending: { zh: '待出具意见', en: 'Awaiting opinion', color: 'default' },
} as const;

/** 合议核准制: joint reviews of new business-scope wording — list, proposal, and each department's opinion. */
export default function JointReviewPage() {
  const { id } = useParams();
  return id ? <ReviewDetail id={id} /> : <ReviewList />;
}

type NewReview = { wording: string; industry: string; rationale: string; departmentIds: string[] };

function ReviewList() {
  const { l, lang } = useL();
  const user = useSession().data?.user;
  const creating = useRecordCreate(
    (v: NewReview) => api.post<Review>('/api/joint-reviews', v),
    (r) => `/workbench/joint-review/${r.id}`,
  );
  const list = useQuery({
    queryKey: ['joint-reviews'],
    queryFn: () => api.get<{ items: Row[] }>('/api/joint-reviews'),
  });
  const depts = useQuery({
    queryKey: ['joint-review-departments'],
    queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/api/joint-reviews/departments'),
    enabled: creating.open,
  });
  const exportColumns: ExportColumn<Row>[] = [
    { header: l('经营范围表述', 'Wording'), value: (r) => r.wording, width: 36 },
    { header: l('行业', 'Industry'), value: (r) => r.industry, width: 16 },
    { header: l('发起', 'Convened by'), value: (r) => r.convenerName, width: 20 },
    { header: l('状态', 'Status'), value: (r) => STATUS[r.status][lang], width: 12 },
    { header: l('同意', 'Approved'), value: (r) => r.approved },
    { header: l('邀请部门', 'Invited'), value: (r) => r.invited },
    { header: l('发起时间', 'Proposed'), value: (r) => formatShanghai(r.createdAt), width: 18 },
  ];
  return (
    <RecordListPage<Row, NewReview>
      testId="joint-reviews"
      title={l('合议核准 · 新经营范围表述', 'Joint review of business-scope wording')}
      list={list}
      exportName="joint-reviews"
      exportColumns={exportColumns}
      emptyText={l('暂无合议', 'No joint review')}
      columns={[
        {
          title: l('经营范围表述', 'Wording'),
          render: (_, r) => <Link to={`/workbench/joint-review/${r.id}`}>{r.wording}</Link>,
        },
        { title: l('行业', 'Industry'), dataIndex: 'industry' },
        {
          title: l('状态', 'Status'),
          render: (_, r) => (
            <Space size={4}>
              <Tag color={STATUS[r.status].color}>{STATUS[r.status][lang]}</Tag>
              {r.awaitingMe && <Tag color="orange">{l('待本部门意见', 'Awaiting your opinion')}</Tag>}
            </Space>
          ),
        },
        { title: l('同意', 'Approved'), render: (_, r) => `${r.approved} / ${r.invited}` },
        { title: l('发起时间', 'Proposed'), render: (_, r) => formatShanghai(r.createdAt) },
      ]}
      create={
        user?.roles.includes('reviewer')
          ? {
              label: l('发起合议', 'Propose wording'),
              buttonTestId: 'joint-review-new',
              ...creating,
              fields: (
                <>
                  <Form.Item
                    name="wording"
                    label={l('经营范围表述', 'Wording')}
                    rules={[{ required: true, min: 2, max: 200 }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name="industry"
                    label={l('行业', 'Industry')}
                    rules={[{ required: true, min: 2, max: 50 }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name="rationale"
                    label={l('理由', 'Rationale')}
                    rules={[{ required: true, min: 2 }]}
                  >
                    <Input.TextArea autoSize={{ minRows: 3 }} />
                  </Form.Item>
                  <Form.Item
                    name="departmentIds"
                    label={l('参与合议的部门', 'Departments')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      mode="multiple"
                      optionFilterProp="label"
                      loading={depts.isPending}
                      options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                    />
                  </Form.Item>
                </>
              ),
            }
          : undefined
      }
    />
  );
}

function ReviewDetail({ id }: { id: string }) {
  const { l, lang } = useL();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const review = useQuery({
    queryKey: ['joint-review', id],
    queryFn: () => api.get<Review>(`/api/joint-reviews/${id}`),
  });
  const vote = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api.post<Review>(`/api/joint-reviews/${id}/opinions`, { decision, comment: comment || undefined }),
    onSuccess: (r) => {
      qc.setQueryData(['joint-review', id], r);
      void qc.invalidateQueries({ queryKey: ['joint-reviews'] });
    },
  });
  if (review.isPending) return <Spin className="yw-page-spin" />;
  if (review.isError) return <QueryError error={review.error} onRetry={() => void review.refetch()} />;
  const r = review.data;
  return (
    <div data-testid="joint-review" style={{ maxWidth: 900, margin: '0 auto' }}>
      <Link to="/workbench/joint-review">← {l('全部合议', 'All joint reviews')}</Link>
      <Typography.Title level={4}>
        {r.wording} <Tag color={STATUS[r.status].color}>{STATUS[r.status][lang]}</Tag>
      </Typography.Title>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={l('行业', 'Industry')}>{r.industry}</Descriptions.Item>
        <Descriptions.Item label={l('理由', 'Rationale')}>{r.rationale}</Descriptions.Item>
        <Descriptions.Item label={l('发起', 'Convened by')}>
          {r.convenerName} · {r.proposerName} · {formatShanghai(r.createdAt)}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {l('各部门意见', 'Departments’ opinions')}
      </Typography.Title>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {r.opinions.map((o) => (
          <Card
            key={o.caseId}
            size="small"
            title={o.departmentName}
            extra={<Tag color={STATUS[o.state].color}>{STATUS[o.state][lang]}</Tag>}
          >
            {o.decidedAt ? (
              <span>
                {o.decidedBy} · {formatShanghai(o.decidedAt)}
                {o.comment ? `：${o.comment}` : ''}
              </span>
            ) : (
              <span>
                {l('期限', 'Due')} {o.deadline ? formatShanghai(o.deadline) : '—'}
              </span>
            )}
          </Card>
        ))}
      </Space>
      {r.mayVote && (
        <Card size="small" title={l('本部门意见', 'Your department’s opinion')} style={{ marginTop: 16 }}>
          <Input.TextArea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={l('意见（不同意时必填）', 'Comment (required to reject)')}
            autoSize={{ minRows: 2 }}
          />
          <FormError error={vote.error} />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" onClick={() => vote.mutate('approve')} loading={vote.isPending}>
              {l('同意', 'Approve')}
            </Button>
            <Button danger onClick={() => vote.mutate('reject')} loading={vote.isPending}>
              {l('不同意', 'Reject')}
            </Button>
          </Space>
        </Card>
      )}
    </div>
  );
}
