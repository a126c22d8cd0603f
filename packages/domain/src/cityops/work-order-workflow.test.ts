import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../workflow/workflow-definition';
import { planAction } from '../workflow/plan-action';
import { WORK_ORDER_WORKFLOW } from './work-order-workflow';

describe('the work-order workflow', () => {
  it('is a consistent definition', () => {
    expect(validateDefinition(WORK_ORDER_WORKFLOW)).toEqual([]);
  });
  it('lets only the dispatcher approve a return, and only with a reason', () => {
    expect(planAction(WORK_ORDER_WORKFLOW, 'returnRequested', 'approveReturn', ['handler'], 'x').ok).toBe(
      false,
    );
    expect(planAction(WORK_ORDER_WORKFLOW, 'returnRequested', 'approveReturn', ['dispatcher']).ok).toBe(
      false,
    );
    expect(
      planAction(WORK_ORDER_WORKFLOW, 'returnRequested', 'approveReturn', ['dispatcher'], '非本单位职责').ok,
    ).toBe(true);
  });
  it('merges a duplicate only by the dispatcher, and only while open; the unit acknowledges 督办', () => {
    expect(planAction(WORK_ORDER_WORKFLOW, 'handling', 'merge', ['dispatcher'])).toMatchObject({
      ok: true,
      toState: 'closed',
    });
    expect(planAction(WORK_ORDER_WORKFLOW, 'handling', 'merge', ['operator']).ok).toBe(false);
    expect(planAction(WORK_ORDER_WORKFLOW, 'closed', 'merge', ['dispatcher']).ok).toBe(false);
    expect(planAction(WORK_ORDER_WORKFLOW, 'handling', 'acknowledge', ['handler'])).toMatchObject({
      ok: true,
      toState: 'handling',
    });
    expect(planAction(WORK_ORDER_WORKFLOW, 'handling', 'acknowledge', ['operator']).ok).toBe(false);
    expect(planAction(WORK_ORDER_WORKFLOW, 'dispatched', 'contact', ['operator']).ok).toBe(true);
    expect(planAction(WORK_ORDER_WORKFLOW, 'evaluated', 'contact', ['operator']).ok).toBe(false);
  });
});
