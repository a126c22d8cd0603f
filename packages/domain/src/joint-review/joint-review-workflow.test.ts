import { describe, expect, it } from 'vitest';
import { planAction } from '../workflow/plan-action';
import { validateDefinition } from '../workflow/workflow-definition';
import { JOINT_REVIEW_WORKFLOW, jointReviewStatus } from './joint-review-workflow';

describe('the joint-review opinion workflow', () => {
  it('is a valid definition', () => {
    expect(validateDefinition(JOINT_REVIEW_WORKFLOW)).toEqual([]);
  });

  it('needs reasons to reject and lets only reviewers give an opinion', () => {
    expect(planAction(JOINT_REVIEW_WORKFLOW, 'pending', 'reject', ['reviewer'], undefined)).toMatchObject({
      ok: false,
      reason: 'comment-required',
    });
    expect(planAction(JOINT_REVIEW_WORKFLOW, 'pending', 'approve', ['clerk'], undefined)).toMatchObject({
      ok: false,
    });
    expect(planAction(JOINT_REVIEW_WORKFLOW, 'pending', 'approve', ['reviewer'], undefined)).toMatchObject({
      ok: true,
      toState: 'approved',
    });
  });
});

describe('jointReviewStatus', () => {
  it('is approved only when every department approved, rejected on any rejection', () => {
    expect(jointReviewStatus(['approved', 'approved'])).toBe('approved');
    expect(jointReviewStatus(['approved', 'pending'])).toBe('consulting');
    expect(jointReviewStatus(['approved', 'rejected', 'pending'])).toBe('rejected');
    expect(jointReviewStatus([])).toBe('consulting');
  });
});
