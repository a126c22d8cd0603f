import { describe, expect, it } from 'vitest';
import { caseWorkflow } from './test-case-workflow';
import { WorkflowDefinition, validateDefinition } from './workflow-definition';

describe('validateDefinition', () => {
  it('finds no problem in a consistent definition', () => {
    expect(validateDefinition(caseWorkflow)).toEqual([]);
  });

  it('reports an undefined initial state', () => {
    expect(validateDefinition({ ...caseWorkflow, initialState: 'draft' }).map((p) => p.code)).toContain(
      'unknown-initial-state',
    );
  });

  it('reports undefined from and to states with their paths', () => {
    const def = {
      ...caseWorkflow,
      actions: {
        ...caseWorkflow.actions,
        archive: { ...caseWorkflow.actions.deliver!, from: ['decided', 'x'], to: 'y' },
      },
    };
    expect(validateDefinition(def)).toEqual([
      expect.objectContaining({ code: 'unknown-from-state', path: ['actions', 'archive', 'from', 1] }),
      expect.objectContaining({ code: 'unknown-to-state', path: ['actions', 'archive', 'to'] }),
    ]);
  });

  it('reports an action leaving a terminal state', () => {
    const def = {
      ...caseWorkflow,
      actions: { ...caseWorkflow.actions, reopen: { ...caseWorkflow.actions.accept!, from: ['completed'] } },
    };
    expect(validateDefinition(def)).toEqual([
      expect.objectContaining({ code: 'terminal-state-has-actions', path: ['actions', 'reopen', 'from', 0] }),
    ]);
  });

  it('reports unreachable states and actions nobody may take', () => {
    const def = {
      ...caseWorkflow,
      states: { ...caseWorkflow.states, orphan: { name: { zh: '孤立', en: 'Orphan' } } },
      actions: { ...caseWorkflow.actions, deliver: { ...caseWorkflow.actions.deliver!, roles: [] } },
    };
    expect(validateDefinition(def).map((p) => p.code)).toEqual(['action-without-roles', 'unreachable-state']);
  });

  it('parses definitions with zod and refuses malformed ones', () => {
    expect(WorkflowDefinition.safeParse(caseWorkflow).success).toBe(true);
    expect(WorkflowDefinition.safeParse({ ...caseWorkflow, version: 0 }).success).toBe(false);
    const badSla = { ...caseWorkflow.states.submitted!, sla: { amount: 5, unit: 'days' } };
    expect(WorkflowDefinition.safeParse({ ...caseWorkflow, states: { submitted: badSla } }).success).toBe(
      false,
    );
  });
});
