import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../workflow/workflow-definition';
import { availableActions } from '../workflow/plan-action';
import { RatingInput, rectificationTierDays } from './rating';
import { RATING_RECTIFICATION_WORKFLOW } from './rectification-workflow';

describe('a rating', () => {
  it('needs a comment for a 差评, naming the field', () => {
    const r = RatingInput.safeParse({ score: 2, comment: '  ' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['comment']);
    expect(RatingInput.safeParse({ score: 3 }).success).toBe(true);
  });

  it('refuses levels outside 1–5 and unknown indicators', () => {
    expect(RatingInput.safeParse({ score: 6 }).success).toBe(false);
    expect(RatingInput.safeParse({ score: 5, indicators: { mood: 5 } }).success).toBe(false);
  });

  it('gives the rectification tier by severity', () => {
    expect(rectificationTierDays({ score: 1, indicators: { result: 1 } })).toBe(15);
    expect(rectificationTierDays({ score: 2, indicators: { attitude: 1 } })).toBe(1);
    expect(rectificationTierDays({ score: 1, indicators: { attitude: 1 } })).toBe(5);
    expect(rectificationTierDays({ score: 2, indicators: {} })).toBe(5);
  });
});

describe('the 差评整改 workflow', () => {
  it('is a valid definition', () => {
    expect(validateDefinition(RATING_RECTIFICATION_WORKFLOW)).toEqual([]);
  });

  it('lets only the district decide an appeal', () => {
    expect(availableActions(RATING_RECTIFICATION_WORKFLOW, 'appealing', ['reviewer'])).toEqual([]);
    expect(availableActions(RATING_RECTIFICATION_WORKFLOW, 'appealing', ['leader']).sort()).toEqual([
      'approveAppeal',
      'rejectAppeal',
    ]);
  });
});
