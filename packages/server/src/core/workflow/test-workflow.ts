import type { WorkflowDefinition } from '@yiwang/domain';

/** A small 办件-like workflow for the engine's tests. */
export const TEST_WORKFLOW: WorkflowDefinition = {
  key: 'test-licence',
  version: 1,
  name: { zh: '测试许可', en: 'Test licence' },
  initialState: 'submitted',
  states: {
    submitted: { name: { zh: '已申请', en: 'Submitted' }, sla: { amount: 5, unit: 'workingDays' } },
    correcting: { name: { zh: '补正中', en: 'Awaiting corrections' }, clock: 'paused' },
    reviewing: { name: { zh: '审查中', en: 'Under review' }, sla: { amount: 20, unit: 'workingDays' } },
    approved: { name: { zh: '准予许可', en: 'Approved' }, terminal: true },
    refused: { name: { zh: '不予受理', en: 'Refused' }, terminal: true },
  },
  actions: {
    accept: { name: { zh: '受理', en: 'Accept' }, from: ['submitted'], to: 'reviewing', roles: ['clerk'] },
    refuse: {
      name: { zh: '不予受理', en: 'Refuse' },
      from: ['submitted'],
      to: 'refused',
      roles: ['clerk'],
      requiresComment: true,
    },
    askCorrection: {
      name: { zh: '补正告知', en: 'Ask for corrections' },
      from: ['submitted'],
      to: 'correcting',
      roles: ['clerk'],
    },
    receiveCorrection: {
      name: { zh: '收到补正材料', en: 'Corrections received' },
      from: ['correcting'],
      to: 'submitted',
      roles: ['clerk'],
    },
    suspend: {
      name: { zh: '中止计时（听证）', en: 'Suspend (hearing)' },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      effect: 'pause',
    },
    resume: {
      name: { zh: '恢复计时', en: 'Resume' },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      effect: 'resume',
    },
    extend: {
      name: { zh: '延长期限', en: 'Extend' },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      effect: 'extend',
      requiresComment: true,
    },
    approve: {
      name: { zh: '准予许可', en: 'Approve' },
      from: ['reviewing'],
      to: 'approved',
      roles: ['reviewer'],
    },
  },
};
