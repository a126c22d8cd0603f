import type { ActionRecord } from './action-record';
import { WorkflowDefinition } from './workflow-definition';

/** A small 办件 workflow for tests: 申请 → 受理 / 不予受理 / 补正 → 审查 → 决定 → 办结. */
export const caseWorkflow: WorkflowDefinition = WorkflowDefinition.parse({
  key: 'licensing-case',
  version: 1,
  name: { zh: '行政许可办件', en: 'Licensing case' },
  initialState: 'submitted',
  states: {
    submitted: { name: { zh: '已申请', en: 'Submitted' }, sla: { amount: 5, unit: 'workingDays' } },
    correcting: { name: { zh: '补正中', en: 'Awaiting corrections' }, clock: 'paused' },
    rejected: { name: { zh: '不予受理', en: 'Not accepted' }, terminal: true },
    reviewing: {
      name: { zh: '审查中', en: 'Under review' },
      sla: { amount: 20, unit: 'workingDays', warnAt: 0.75 },
    },
    decided: { name: { zh: '已决定', en: 'Decided' }, sla: { amount: 10, unit: 'workingDays' } },
    completed: { name: { zh: '办结', en: 'Completed' }, terminal: true },
  },
  actions: {
    accept: {
      name: { zh: '受理', en: 'Accept' },
      from: ['submitted'],
      to: 'reviewing',
      roles: ['clerk'],
    },
    reject: {
      name: { zh: '不予受理', en: 'Refuse to accept' },
      from: ['submitted'],
      to: 'rejected',
      roles: ['clerk'],
      requiresComment: true,
    },
    requestCorrection: {
      name: { zh: '补正告知', en: 'Ask for corrections' },
      from: ['submitted'],
      to: 'correcting',
      roles: ['clerk'],
      requiresComment: true,
    },
    resubmit: {
      name: { zh: '提交补正材料', en: 'Submit corrections' },
      from: ['correcting'],
      to: 'submitted',
      roles: ['applicant'],
    },
    suspend: {
      name: {
        zh: '中止计时（听证、检测、专家评审）',
        en: 'Stop the clock (hearing, testing, expert review)',
      },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      requiresComment: true,
      effect: 'pause',
    },
    resume: {
      name: { zh: '恢复计时', en: 'Restart the clock' },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      effect: 'resume',
    },
    extend: {
      name: { zh: '延长期限', en: 'Extend the limit' },
      from: ['reviewing'],
      to: '=',
      roles: ['department-head'],
      requiresComment: true,
      effect: 'extend',
    },
    approve: {
      name: { zh: '准予许可', en: 'Grant' },
      from: ['reviewing'],
      to: 'decided',
      roles: ['reviewer'],
    },
    deny: {
      name: { zh: '不予许可', en: 'Refuse' },
      from: ['reviewing'],
      to: 'decided',
      roles: ['reviewer'],
      requiresComment: true,
    },
    deliver: {
      name: { zh: '送达', en: 'Deliver' },
      from: ['decided'],
      to: 'completed',
      roles: ['clerk'],
    },
  },
});

/** Builds an action log, numbering the steps and following the states. */
export function logOf(steps: Array<[action: string, at: string]>): ActionRecord[] {
  let state = caseWorkflow.initialState;
  return steps.map(([action, at], index) => {
    const to = caseWorkflow.actions[action]?.to ?? state;
    const toState = to === '=' ? state : to;
    const record: ActionRecord = {
      seq: index + 1,
      action,
      fromState: state,
      toState,
      actorId: 'u-1',
      at: new Date(at),
    };
    state = toState;
    return record;
  });
}
