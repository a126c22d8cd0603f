/** The problems citizens report most, in their words, each mapped to a 部件/事件 category. */
/** `icon` names a picture in the page's icon table. */
export type CommonProblem = { code: string; zh: string; en: string; icon: string };

export const COMMON_PROBLEMS: readonly CommonProblem[] = [
  { code: 'E-0102', zh: '垃圾堆积', en: 'Piled-up rubbish', icon: 'rubbish' },
  { code: 'E-R57', zh: '道路破损', en: 'Damaged road', icon: 'road' },
  { code: 'C-0114', zh: '井盖缺损', en: 'Manhole cover', icon: 'manhole' },
  { code: 'C-0118', zh: '路灯不亮', en: 'Street light out', icon: 'light' },
  { code: 'E-0406', zh: '道路积水', en: 'Flooded road', icon: 'water' },
  { code: 'E-0404', zh: '下水道堵塞', en: 'Blocked drain', icon: 'drain' },
  { code: 'E-0505', zh: '机动车乱停', en: 'Illegal parking', icon: 'car' },
  { code: 'E-R85', zh: '共享单车乱停', en: 'Shared bikes', icon: 'bike' },
  { code: 'E-0504', zh: '占道经营', en: 'Street trading', icon: 'shop' },
  { code: 'E-0301', zh: '施工扰民', en: 'Building-site noise', icon: 'site' },
  { code: 'E-0508', zh: '噪声扰民', en: 'Noise', icon: 'noise' },
  { code: 'E-0201', zh: '乱贴小广告', en: 'Fly-posting', icon: 'poster' },
  { code: 'C-0402', zh: '树木倒伏', en: 'Fallen tree', icon: 'tree' },
  { code: 'E-R93', zh: '消防通道堵塞', en: 'Blocked fire lane', icon: 'fire' },
];

/**
 * The common problems whose category exists and is active (an administrator may have
 * retired one), in the list's order.
 * @example availableProblems(COMMON_PROBLEMS, new Set(['E-0102'])) // [{ code: 'E-0102', … }]
 */
export function availableProblems(
  problems: readonly CommonProblem[],
  activeCodes: ReadonlySet<string>,
): CommonProblem[] {
  return problems.filter((p) => activeCodes.has(p.code));
}

/** A citizen-facing state: fewer words than the staff's. */
export function citizenStatus(state: string): 'received' | 'handling' | 'done' {
  if (state === 'reported' || state === 'filed') return 'received';
  if (state === 'closed' || state === 'evaluated') return 'done';
  return 'handling';
}
