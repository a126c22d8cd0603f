import type { WorkflowDefinition } from '../workflow/workflow-definition';

/**
 * 办件 — one service item of an application, as the Administrative Licensing Law runs it:
 * 申请 → 受理 / 不予受理 / 补正 (the clock stops, and runs on from receipt) → 审查 (hearings,
 * testing and expert review excluded; an extension asked for by the reviewer, approved by the
 * department's administrator, with the reason sent to the applicant) →
 * 决定 (准予/不予) → 送达/办结. The whole case is one clock (`slaGroup: 'case'`) whose amount
 * is the item's promised limit, set per case; 即办件 are decided at acceptance.
 */
export const LICENCE_CASE_WORKFLOW: WorkflowDefinition = {
  key: 'licence-case',
  version: 2,
  name: { zh: '政务服务办件', en: 'Government service case' },
  initialState: 'submitted',
  states: {
    submitted: {
      name: { zh: '待受理', en: 'Awaiting acceptance' },
      slaGroup: 'case',
      sla: { amount: 20, unit: 'workingDays' },
    },
    correcting: { name: { zh: '待补正', en: 'Awaiting corrections' }, slaGroup: 'case', clock: 'paused' },
    reviewing: { name: { zh: '审查中', en: 'Under review' }, slaGroup: 'case' },
    approved: {
      name: { zh: '准予许可·待送达', en: 'Approved, to be delivered' },
      sla: { amount: 10, unit: 'workingDays' },
    },
    denied: {
      name: { zh: '不予许可·待送达', en: 'Denied, to be delivered' },
      sla: { amount: 10, unit: 'workingDays' },
    },
    completed: { name: { zh: '已办结', en: 'Completed' }, terminal: true },
    refused: { name: { zh: '不予受理', en: 'Not accepted' }, terminal: true },
    withdrawn: { name: { zh: '已撤回', en: 'Withdrawn' }, terminal: true },
    terminated: { name: { zh: '已终止', en: 'Terminated' }, terminal: true },
  },
  actions: {
    accept: {
      name: { zh: '受理', en: 'Accept' },
      from: ['submitted'],
      to: 'reviewing',
      roles: ['clerk', 'reviewer'],
    },
    acceptAndApprove: {
      name: { zh: '受理并当场办结（即办件/告知承诺）', en: 'Accept and approve on the spot' },
      from: ['submitted'],
      to: 'approved',
      roles: ['clerk', 'reviewer'],
    },
    askCorrection: {
      name: { zh: '一次性告知补正', en: 'Ask for corrections (once, in full)' },
      from: ['submitted', 'reviewing'],
      to: 'correcting',
      roles: ['clerk', 'reviewer'],
      requiresComment: true,
    },
    supplyCorrection: {
      name: { zh: '提交补正材料', en: 'Supply corrected materials' },
      from: ['correcting'],
      to: 'reviewing',
      roles: ['citizen', 'enterprise', 'clerk'],
    },
    refuse: {
      name: { zh: '不予受理', en: 'Do not accept' },
      from: ['submitted'],
      to: 'refused',
      roles: ['clerk', 'reviewer'],
      requiresComment: true,
    },
    suspend: {
      name: {
        zh: '中止计时（听证、检验、专家评审）',
        en: 'Stop the clock (hearing, testing, expert review)',
      },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      effect: 'pause',
      requiresComment: true,
    },
    resume: {
      name: { zh: '恢复计时', en: 'Restart the clock' },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      effect: 'resume',
    },
    extend: {
      name: { zh: '申请延长审查期限', en: 'Ask to extend the review' },
      from: ['reviewing'],
      to: '=',
      roles: ['reviewer'],
      requiresComment: true,
    },
    approveExtension: {
      name: { zh: '批准延期（告知申请人理由）', en: 'Approve the extension (the applicant is told why)' },
      from: ['reviewing'],
      to: '=',
      roles: ['admin'],
      effect: 'extend',
    },
    approve: {
      name: { zh: '准予许可', en: 'Approve' },
      from: ['reviewing'],
      to: 'approved',
      roles: ['reviewer'],
    },
    deny: {
      name: { zh: '不予许可', en: 'Deny' },
      from: ['reviewing'],
      to: 'denied',
      roles: ['reviewer'],
      requiresComment: true,
    },
    deliver: {
      name: { zh: '送达并办结', en: 'Deliver and complete' },
      from: ['approved', 'denied'],
      to: 'completed',
      roles: ['clerk', 'reviewer'],
    },
    withdraw: {
      name: { zh: '撤回申请', en: 'Withdraw' },
      from: ['submitted', 'correcting'],
      to: 'withdrawn',
      roles: ['citizen', 'enterprise'],
    },
    terminate: {
      name: { zh: '终止办理（容缺材料逾期未补）', en: 'Terminate (tolerated material not supplied in time)' },
      from: ['reviewing', 'correcting'],
      to: 'terminated',
      roles: ['clerk', 'reviewer'],
      requiresComment: true,
    },
  },
};
