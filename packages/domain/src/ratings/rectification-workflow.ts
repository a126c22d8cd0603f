import type { WorkflowDefinition } from '../workflow/workflow-definition';

/**
 * 差评整改 — a 差评 (1–2 stars) with a comment, as Shanghai runs it (国办发〔2019〕51号):
 * 待联系 (contact the rater the same working day: 8 working hours) → 整改中 (rectify within
 * the tier's working days, set per case by {@link rectificationTierDays}) → 待回访 (report
 * back to the rater) → 已办结. The unit may appeal a malicious rating (申诉); the district's
 * 政务服务办 (a district-level administrator) or a leader approves — the rating leaves the
 * statistics (申诉成功) — or rejects it, and the case goes back to 整改中.
 */
export const RATING_RECTIFICATION_WORKFLOW: WorkflowDefinition = {
  key: 'rating-rectification',
  version: 1,
  name: { zh: '差评整改', en: 'Poor-rating rectification' },
  initialState: 'contacting',
  states: {
    contacting: {
      name: { zh: '待联系', en: 'Contact the rater' },
      sla: { amount: 8, unit: 'workingHours' },
    },
    rectifying: {
      name: { zh: '整改中', en: 'Rectifying' },
      sla: { amount: 5, unit: 'workingDays' },
    },
    reporting: {
      name: { zh: '待回访', en: 'Report back to the rater' },
      sla: { amount: 1, unit: 'workingDays' },
    },
    appealing: {
      name: { zh: '申诉审核中', en: 'Appeal under review' },
      sla: { amount: 5, unit: 'workingDays' },
    },
    closed: { name: { zh: '已办结', en: 'Closed' }, terminal: true },
    upheld: { name: { zh: '申诉成功', en: 'Appeal upheld' }, terminal: true },
  },
  actions: {
    recordContact: {
      name: { zh: '记录联系情况', en: 'Record the contact' },
      from: ['contacting'],
      to: 'rectifying',
      roles: ['clerk', 'reviewer', 'admin'],
      requiresComment: true,
    },
    rectify: {
      name: { zh: '完成整改', en: 'Rectified' },
      from: ['rectifying'],
      to: 'reporting',
      roles: ['clerk', 'reviewer', 'admin'],
      requiresComment: true,
    },
    reportBack: {
      name: { zh: '回访反馈并办结', en: 'Report back and close' },
      from: ['reporting'],
      to: 'closed',
      roles: ['clerk', 'reviewer', 'admin'],
      requiresComment: true,
    },
    appeal: {
      name: { zh: '申诉（恶意差评）', en: 'Appeal (malicious rating)' },
      from: ['contacting', 'rectifying'],
      to: 'appealing',
      roles: ['clerk', 'reviewer', 'admin'],
      requiresComment: true,
    },
    approveAppeal: {
      name: { zh: '申诉成立（不计入统计）', en: 'Uphold the appeal (excluded from statistics)' },
      from: ['appealing'],
      to: 'upheld',
      roles: ['admin', 'leader'],
      requiresComment: true,
    },
    rejectAppeal: {
      name: { zh: '驳回申诉，继续整改', en: 'Reject the appeal; rectify' },
      from: ['appealing'],
      to: 'rectifying',
      roles: ['admin', 'leader'],
      requiresComment: true,
    },
  },
};
