import { describe, expect, it } from 'vitest';
import { availableActions, planAction } from './plan-action';
import { caseWorkflow } from './test-case-workflow';

describe('availableActions', () => {
  it('lists what a window clerk may do with a new application', () => {
    expect(availableActions(caseWorkflow, 'submitted', ['clerk'])).toEqual([
      'accept',
      'reject',
      'requestCorrection',
    ]);
  });

  it('gives the applicant only the resubmission while corrections are awaited', () => {
    expect(availableActions(caseWorkflow, 'correcting', ['applicant'])).toEqual(['resubmit']);
    expect(availableActions(caseWorkflow, 'correcting', ['clerk'])).toEqual([]);
  });

  it('unites the actions of several roles and offers nothing in a terminal state', () => {
    expect(availableActions(caseWorkflow, 'reviewing', ['reviewer', 'department-head'])).toEqual([
      'suspend',
      'resume',
      'extend',
      'approve',
      'deny',
    ]);
    expect(availableActions(caseWorkflow, 'completed', ['clerk', 'reviewer'])).toEqual([]);
  });
});

describe('planAction', () => {
  it('moves a case and reports the clock effect', () => {
    expect(planAction(caseWorkflow, 'submitted', 'accept', ['clerk'])).toEqual({
      ok: true,
      toState: 'reviewing',
      effect: undefined,
    });
    expect(planAction(caseWorkflow, 'reviewing', 'suspend', ['reviewer'], '专家评审')).toEqual({
      ok: true,
      toState: 'reviewing',
      effect: 'pause',
    });
  });

  it('refuses an action the state does not allow, or an unknown one', () => {
    expect(planAction(caseWorkflow, 'submitted', 'approve', ['reviewer'])).toEqual({
      ok: false,
      reason: 'not-allowed-in-state',
    });
    expect(planAction(caseWorkflow, 'submitted', 'toString', ['reviewer'])).toEqual({
      ok: false,
      reason: 'not-allowed-in-state',
    });
  });

  it('refuses a role that may not take the action', () => {
    expect(planAction(caseWorkflow, 'submitted', 'accept', ['applicant'])).toEqual({
      ok: false,
      reason: 'role-not-allowed',
    });
  });

  it('refuses to reject without a reason, blank or missing', () => {
    expect(planAction(caseWorkflow, 'submitted', 'reject', ['clerk'])).toEqual({
      ok: false,
      reason: 'comment-required',
    });
    expect(planAction(caseWorkflow, 'submitted', 'reject', ['clerk'], '  ')).toEqual({
      ok: false,
      reason: 'comment-required',
    });
    expect(planAction(caseWorkflow, 'submitted', 'reject', ['clerk'], '不属于本机关职权范围')).toMatchObject({
      ok: true,
      toState: 'rejected',
    });
  });
});
