/**
 * State and action names of the 'licence-case' workflow (packages/domain licence-case-workflow.ts),
 * shipped with the web app because citizens may not read GET /api/workflows. A test keeps it in step.
 */
import type { LocalizedText } from '../../api/types';
import type { Lang } from '../../i18n/messages';

export const CASE_STATES: Record<string, LocalizedText> = {
  submitted: { zh: '待受理', en: 'Awaiting acceptance' },
  correcting: { zh: '待补正', en: 'Awaiting corrections' },
  reviewing: { zh: '审查中', en: 'Under review' },
  approved: { zh: '准予许可·待送达', en: 'Approved, to be delivered' },
  denied: { zh: '不予许可·待送达', en: 'Denied, to be delivered' },
  completed: { zh: '已办结', en: 'Completed' },
  refused: { zh: '不予受理', en: 'Not accepted' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  terminated: { zh: '已终止', en: 'Terminated' },
};

export const CASE_ACTIONS: Record<string, LocalizedText & { requiresComment?: boolean }> = {
  accept: { zh: '受理', en: 'Accept' },
  acceptAndApprove: { zh: '受理并当场办结（即办件/告知承诺）', en: 'Accept and approve on the spot' },
  askCorrection: { zh: '一次性告知补正', en: 'Ask for corrections (once, in full)', requiresComment: true },
  supplyCorrection: { zh: '提交补正材料', en: 'Supply corrected materials' },
  refuse: { zh: '不予受理', en: 'Do not accept', requiresComment: true },
  suspend: {
    zh: '中止计时（听证、检验、专家评审）',
    en: 'Stop the clock (hearing, testing, expert review)',
    requiresComment: true,
  },
  resume: { zh: '恢复计时', en: 'Restart the clock' },
  extend: { zh: '申请延长审查期限', en: 'Ask to extend the review', requiresComment: true },
  approveExtension: {
    zh: '批准延期（告知申请人理由）',
    en: 'Approve the extension (the applicant is told why)',
  },
  approve: { zh: '准予许可', en: 'Approve' },
  deny: { zh: '不予许可', en: 'Deny', requiresComment: true },
  deliver: { zh: '送达并办结', en: 'Deliver and complete' },
  withdraw: { zh: '撤回申请', en: 'Withdraw' },
  terminate: {
    zh: '终止办理（容缺材料逾期未补）',
    en: 'Terminate (tolerated material not supplied in time)',
    requiresComment: true,
  },
};

export const TERMINAL_STATES = new Set(['completed', 'refused', 'withdrawn', 'terminated']);

export const caseStateName = (state: string, lang: Lang): string => CASE_STATES[state]?.[lang] ?? state;
export const caseActionName = (action: string, lang: Lang): string => CASE_ACTIONS[action]?.[lang] ?? action;
export const actionNeedsComment = (action: string): boolean => CASE_ACTIONS[action]?.requiresComment === true;

/** The main path of a case, for antd Steps: 申请 → 受理 → 审查 → 决定 → 办结. */
export const CASE_STEPS = ['submitted', 'reviewing', 'decided', 'completed'] as const;

/** Which step of CASE_STEPS a state stands at, and whether the path ended off it (refused, withdrawn…). */
export function caseStep(state: string): {
  current: number;
  status: 'process' | 'finish' | 'error' | 'wait';
} {
  switch (state) {
    case 'submitted':
      return { current: 0, status: 'process' };
    case 'correcting':
      return { current: 1, status: 'wait' };
    case 'reviewing':
      return { current: 1, status: 'process' };
    case 'approved':
      return { current: 2, status: 'process' };
    case 'denied':
      return { current: 2, status: 'error' };
    case 'completed':
      return { current: 3, status: 'finish' };
    case 'refused':
      return { current: 0, status: 'error' };
    case 'withdrawn':
    case 'terminated':
      return { current: 1, status: 'error' };
    default:
      return { current: 0, status: 'process' };
  }
}

/** Receipts (文书) a case's log entitles it to, in log order without repeats. */
export const RECEIPT_OF_ACTION: Record<string, string> = {
  accept: 'acceptance',
  acceptAndApprove: 'approval',
  askCorrection: 'correction',
  refuse: 'refusal',
  approve: 'approval',
  deny: 'denial',
  approveExtension: 'extension',
};

export function receiptKinds(actions: readonly { action: string; seq: number }[]): string[] {
  const kinds: string[] = [];
  for (const a of [...actions].sort((x, y) => x.seq - y.seq)) {
    const kind = RECEIPT_OF_ACTION[a.action];
    if (kind && !kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

export const receiptUrl = (applicationId: string, kind: string, caseId: string): string =>
  `/api/applications/${encodeURIComponent(applicationId)}/receipts/${kind}.pdf?caseId=${encodeURIComponent(caseId)}`;

/** The order buttons appear in: moving the case forward first, refusals and endings last. */
const ACTION_ORDER = [
  'accept',
  'acceptAndApprove',
  'approve',
  'deliver',
  'supplyCorrection',
  'askCorrection',
  'extend',
  'approveExtension',
  'suspend',
  'resume',
  'refuse',
  'deny',
  'terminate',
  'withdraw',
];

/** Refusing, denying, ending: shown as danger buttons. */
export const DANGER_ACTIONS = new Set(['refuse', 'deny', 'terminate', 'withdraw']);

export function orderActions(available: readonly string[]): string[] {
  const rank = (a: string) => {
    const i = ACTION_ORDER.indexOf(a);
    return i < 0 ? ACTION_ORDER.length : i;
  };
  return [...available].sort((a, b) => rank(a) - rank(b));
}
