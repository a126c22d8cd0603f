import type { WorkflowDefinition } from '../workflow/workflow-definition';

const DISPATCH = ['dispatcher', 'admin'];
const HANDLE = ['handler', 'admin'];
const VERIFY = ['inspector', 'dispatcher', 'admin'];
const REPORT = ['dispatcher', 'operator', 'inspector', 'admin'];
/** States in which the handling unit is responsible and the clock can run overdue. */
export const HANDLING_STATES = ['dispatched', 'handling', 'extensionRequested'];
/** Every state before 结案 (closed), in loop order. */
const BEFORE_CLOSED = [
  'reported',
  'filed',
  'dispatched',
  'handling',
  'returnRequested',
  'extensionRequested',
  'fedBack',
  'verifying',
];

/**
 * 一网统管 work order (工单/案件), the GB/T 30428 loop: 信息采集 (reported) → 立案 (filed) →
 * 派遣 (dispatched) → 处置 (handling) → 处理反馈 (fedBack) → 核查 (verifying) → 结案 (closed) →
 * 评价 (evaluated, after the 回访 callback). 退单 (requestReturn) waits for the dispatcher's
 * approval with a reason; 延期 (requestExtension) for approval, which extends the clock by
 * `data.extendBy` in the category's unit; 督办 (escalate) stays in place; 重办 (reopen) goes back
 * to handling from closed or evaluated. `dispatched`, `handling` and the two request states
 * share the handling clock (`slaGroup: 'handling'`), whose amount and unit come per case from
 * the category (override `handling@<unit>`). Closed and evaluated are not terminal: a failed
 * callback reopens them.
 */
export const WORK_ORDER_WORKFLOW: WorkflowDefinition = {
  key: 'work-order',
  // v2: the 'comment' action (an update in the log, e.g. a sensor alarm cleared); v1 cases keep v1
  // v3: 'contact' (12345 first contact), 'acknowledge' (督办签收), 'merge' (closed as a duplicate)
  version: 3,
  name: { zh: '城市运行工单', en: 'City operations work order' },
  initialState: 'reported',
  states: {
    reported: { name: { zh: '信息采集', en: 'Reported' }, sla: { amount: 1, unit: 'workingDays' } },
    filed: {
      name: { zh: '已立案·待派遣', en: 'Filed, awaiting dispatch' },
      sla: { amount: 1, unit: 'workingDays' },
    },
    dispatched: {
      name: { zh: '已派遣', en: 'Dispatched' },
      slaGroup: 'handling',
      sla: { amount: 5, unit: 'workingDays' },
    },
    handling: { name: { zh: '处置中', en: 'Handling' }, slaGroup: 'handling' },
    returnRequested: {
      name: { zh: '退单待审批', en: 'Return awaiting approval' },
      slaGroup: 'handling',
      clock: 'paused',
    },
    extensionRequested: {
      name: { zh: '延期待审批', en: 'Extension awaiting approval' },
      slaGroup: 'handling',
    },
    fedBack: {
      name: { zh: '处理反馈·待核查', en: 'Fed back, awaiting verification' },
      sla: { amount: 1, unit: 'workingDays' },
    },
    verifying: { name: { zh: '核查中', en: 'Verifying' }, sla: { amount: 1, unit: 'workingDays' } },
    closed: { name: { zh: '已结案·待回访', en: 'Closed, awaiting callback' } },
    evaluated: { name: { zh: '已评价', en: 'Evaluated' } },
  },
  actions: {
    file: { name: { zh: '立案', en: 'File' }, from: ['reported'], to: 'filed', roles: REPORT },
    dispatch: {
      name: { zh: '派遣', en: 'Dispatch' },
      from: ['filed'],
      to: 'dispatched',
      roles: DISPATCH,
    },
    accept: { name: { zh: '签收', en: 'Accept' }, from: ['dispatched'], to: 'handling', roles: HANDLE },
    requestReturn: {
      name: { zh: '申请退单', en: 'Ask to return' },
      from: ['dispatched', 'handling'],
      to: 'returnRequested',
      roles: HANDLE,
      requiresComment: true,
    },
    approveReturn: {
      name: { zh: '同意退单', en: 'Approve the return' },
      from: ['returnRequested'],
      to: 'filed',
      roles: DISPATCH,
      requiresComment: true,
    },
    rejectReturn: {
      name: { zh: '驳回退单', en: 'Reject the return' },
      from: ['returnRequested'],
      to: 'handling',
      roles: DISPATCH,
      requiresComment: true,
    },
    requestExtension: {
      name: { zh: '申请延期', en: 'Ask for an extension' },
      from: ['dispatched', 'handling'],
      to: 'extensionRequested',
      roles: HANDLE,
      requiresComment: true,
    },
    approveExtension: {
      name: { zh: '同意延期', en: 'Approve the extension' },
      from: ['extensionRequested'],
      to: 'handling',
      roles: DISPATCH,
      requiresComment: true,
      effect: 'extend',
    },
    rejectExtension: {
      name: { zh: '驳回延期', en: 'Reject the extension' },
      from: ['extensionRequested'],
      to: 'handling',
      roles: DISPATCH,
      requiresComment: true,
    },
    escalate: {
      name: { zh: '督办', en: 'Escalate' },
      from: HANDLING_STATES,
      to: '=',
      roles: ['dispatcher', 'leader', 'admin'],
      requiresComment: true,
    },
    feedback: {
      name: { zh: '处理反馈', en: 'Report the handling' },
      from: ['dispatched', 'handling'],
      to: 'fedBack',
      roles: HANDLE,
      requiresComment: true,
    },
    verify: { name: { zh: '核查', en: 'Verify' }, from: ['fedBack'], to: 'verifying', roles: VERIFY },
    rejectVerification: {
      name: { zh: '核查不通过·重办', en: 'Verification failed: redo' },
      from: ['fedBack', 'verifying'],
      to: 'handling',
      roles: VERIFY,
      requiresComment: true,
    },
    close: {
      name: { zh: '结案', en: 'Close' },
      from: ['reported', 'filed', 'fedBack', 'verifying'],
      to: 'closed',
      roles: VERIFY,
      requiresComment: true,
    },
    callback: {
      name: { zh: '回访', en: 'Call back' },
      from: ['closed'],
      to: 'evaluated',
      roles: ['operator', 'dispatcher', 'admin'],
    },
    reopen: {
      name: { zh: '重办', en: 'Reopen' },
      from: ['closed', 'evaluated'],
      to: 'handling',
      roles: DISPATCH,
      requiresComment: true,
    },
    /** 备注 — an update in the log that changes nothing else (e.g. the sensor alarm was cleared) */
    comment: {
      name: { zh: '备注', en: 'Add an update' },
      from: [...BEFORE_CLOSED, 'closed', 'evaluated'],
      to: '=',
      roles: ['dispatcher', 'operator', 'handler', 'inspector', 'admin'],
      requiresComment: true,
    },
    /** 首次联系 — the citizen was contacted (12345: within first_contact_days working days) */
    contact: {
      name: { zh: '首次联系', en: 'First contact' },
      from: [...BEFORE_CLOSED, 'closed'],
      to: '=',
      roles: ['operator', 'dispatcher', 'handler', 'admin'],
    },
    /** 督办签收 — the unit acknowledges an escalation; reminders stop */
    acknowledge: {
      name: { zh: '督办签收', en: 'Acknowledge the escalation' },
      from: HANDLING_STATES,
      to: '=',
      roles: HANDLE,
    },
    /** 合并 — closed as a duplicate of the order kept (data.intoId); its reporters follow that one */
    merge: {
      name: { zh: '合并至重复工单', en: 'Merge as a duplicate' },
      from: BEFORE_CLOSED,
      to: 'closed',
      roles: DISPATCH,
    },
  },
};

/** Outcomes recorded on closing: never just "closed". */
export const WORK_ORDER_OUTCOMES = [
  'resolved',
  'not-our-responsibility',
  'duplicate',
  'no-further-action',
] as const;
export type WorkOrderOutcome = (typeof WORK_ORDER_OUTCOMES)[number];

export const WORK_ORDER_SOURCES = ['sensor', 'hotline', 'inspector', 'citizen', 'survey', 'api'] as const;
export type WorkOrderSource = (typeof WORK_ORDER_SOURCES)[number];

/** A callback at or below this satisfaction (1–5) reopens the order (重办). */
export const UNSATISFIED_AT_MOST = 2;
