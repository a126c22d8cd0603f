/** The 差评整改 workflow's names, as packages/domain's RATING_RECTIFICATION_WORKFLOW gives them. */
import type { Lang } from '../../i18n/messages';

const STATES: Record<string, { zh: string; en: string }> = {
  contacting: { zh: '待联系', en: 'Contact the rater' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  reporting: { zh: '待回访', en: 'Report back to the rater' },
  appealing: { zh: '申诉审核中', en: 'Appeal under review' },
  closed: { zh: '已办结', en: 'Closed' },
  upheld: { zh: '申诉成功', en: 'Appeal upheld' },
};

const ACTIONS: Record<string, { zh: string; en: string }> = {
  recordContact: { zh: '记录联系情况', en: 'Record the contact' },
  rectify: { zh: '完成整改', en: 'Rectified' },
  reportBack: { zh: '回访反馈并办结', en: 'Report back and close' },
  appeal: { zh: '申诉（恶意差评）', en: 'Appeal (malicious rating)' },
  approveAppeal: { zh: '申诉成立（不计入统计）', en: 'Uphold the appeal' },
  rejectAppeal: { zh: '驳回申诉，继续整改', en: 'Reject the appeal' },
};

export const rectStateName = (state: string, lang: Lang) => STATES[state]?.[lang] ?? state;
export const rectActionName = (action: string, lang: Lang) => ACTIONS[action]?.[lang] ?? action;

/** A ratio as a percentage with one decimal, or “—” when nothing was counted. */
export const percent = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
