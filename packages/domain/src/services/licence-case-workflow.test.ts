import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../workflow/workflow-definition';
import { availableActions } from '../workflow/plan-action';
import { LICENCE_CASE_WORKFLOW } from './licence-case-workflow';

describe('the 办件 workflow', () => {
  it('is a valid definition', () => {
    expect(validateDefinition(LICENCE_CASE_WORKFLOW)).toEqual([]);
  });

  it('lets the applicant only supply corrections and withdraw', () => {
    expect(availableActions(LICENCE_CASE_WORKFLOW, 'correcting', ['citizen']).sort()).toEqual([
      'supplyCorrection',
      'withdraw',
    ]);
    expect(availableActions(LICENCE_CASE_WORKFLOW, 'reviewing', ['citizen'])).toEqual([]);
  });

  it('lets only reviewers decide', () => {
    expect(availableActions(LICENCE_CASE_WORKFLOW, 'reviewing', ['clerk'])).not.toContain('approve');
    expect(availableActions(LICENCE_CASE_WORKFLOW, 'reviewing', ['reviewer'])).toContain('approve');
  });
});
