import type { WorkflowDefinition } from '../workflow/workflow-definition';

/**
 * 合议核准制 — one invited department's opinion on new business-scope wording (经营范围表述)
 * proposed by the market regulator. Each invited department gets its own case, so the opinions
 * run in parallel in their departments; a rejection needs reasons.
 */
export const JOINT_REVIEW_WORKFLOW: WorkflowDefinition = {
  key: 'joint-review',
  version: 1,
  name: { zh: '合议核准·部门意见', en: 'Joint review: a department’s opinion' },
  initialState: 'pending',
  states: {
    pending: { name: { zh: '待出具意见', en: 'Awaiting opinion' }, sla: { amount: 10, unit: 'workingDays' } },
    approved: { name: { zh: '同意', en: 'Approved' }, terminal: true },
    rejected: { name: { zh: '不同意', en: 'Rejected' }, terminal: true },
  },
  actions: {
    approve: { name: { zh: '同意', en: 'Approve' }, from: ['pending'], to: 'approved', roles: ['reviewer'] },
    reject: {
      name: { zh: '不同意（说明理由）', en: 'Reject (with reasons)' },
      from: ['pending'],
      to: 'rejected',
      roles: ['reviewer'],
      requiresComment: true,
    },
  },
};

export type JointReviewStatus = 'consulting' | 'approved' | 'rejected';

/**
 * A joint review's status from its departments' opinions: any rejection rejects it; it is
 * approved only when every invited department approved.
 *
 * @example
 * jointReviewStatus(['approved', 'pending']) // 'consulting'
 */
export function jointReviewStatus(opinions: readonly string[]): JointReviewStatus {
  if (opinions.includes('rejected')) return 'rejected';
  if (opinions.length > 0 && opinions.every((o) => o === 'approved')) return 'approved';
  return 'consulting';
}
