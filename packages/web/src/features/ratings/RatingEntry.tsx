import { Button, Card, Rate, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useRatingT } from './i18n';
import type { RatingAnswer } from './types';
import './ratings.css';

export const ratingKey = (applicationId: string) => ['rating', applicationId] as const;

/** On the applicant's application page: “评价” once a decision is made, or the rating given and its follow-up. */
export function RatingEntry({ applicationId }: { applicationId: string }) {
  const { rt, lang } = useRatingT();
  const q = useQuery({
    queryKey: ratingKey(applicationId),
    queryFn: () => api.get<RatingAnswer>(`/api/applications/${applicationId}/rating`),
  });
  if (!q.data) return null;
  const { rating, canRate } = q.data;
  if (rating) {
    return (
      <Card size="small" className="yw-section" title={rt('rate.yours')} data-testid="my-rating">
        <Rate disabled value={rating.score} />{' '}
        <Typography.Text>{rt(`level.${rating.score}` as 'level.1')}</Typography.Text>
        {rating.comment && (
          <Typography.Paragraph className="yw-rect-comment">{rating.comment}</Typography.Paragraph>
        )}
        {rating.rectification && (
          <div>
            {rt('rate.rectification')}：
            <Tag
              color={rating.rectification.state === 'closed' ? 'green' : 'blue'}
              data-testid="my-rectification-state"
            >
              {rating.rectification.stateName?.[lang] ?? rating.rectification.state}
            </Tag>
          </div>
        )}
      </Card>
    );
  }
  if (!canRate) return null;
  return (
    <Card size="small" className="yw-section" data-testid="rate-entry">
      <Typography.Paragraph>{rt('rate.entryHint')}</Typography.Paragraph>
      <Link to={`/me/applications/${applicationId}/rate`}>
        <Button type="primary" size="large" block data-testid="rate-open">
          {rt('rate.entry')}
        </Button>
      </Link>
    </Card>
  );
}
