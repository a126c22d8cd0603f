/**
 * Strings of the 一网通办 dashboard, zh first; kept beside the feature so parallel work on
 * src/i18n/messages.ts does not collide.
 */
import { useCallback } from 'react';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';

const zh = {
  'kpi.title': '一网通办看板',
  'kpi.subtitle': '全程网办、办理时长、按期办结、零跑动与开办企业用时（{from} 至 {to}）',
  'kpi.period': '统计区间',
  'kpi.days7': '近 7 天',
  'kpi.days30': '近 30 天',
  'kpi.days90': '近 90 天',
  'kpi.year': '今年',
  'kpi.department': '实施部门',
  'kpi.allDepartments': '全部部门',
  'kpi.fullyOnline': '全程网办率',
  'kpi.fullyOnlineNote': '{n} / {total} 个在办事项到现场 0 次',
  'kpi.avgDays': '平均办理时长',
  'kpi.workingDays': '个工作日',
  'kpi.avgDaysNote': '{n} 件办结，自申请至决定，扣除补正等暂停时间',
  'kpi.onTime': '按期办结率',
  'kpi.onTimeNote': '{n} / {total} 件在期限内作出决定',
  'kpi.zeroVisit': '零跑动占比',
  'kpi.zeroVisitNote': '网上申请 {online} / {total} 件；办结件中无需到场 {zero}',
  'kpi.setup': '开办企业 中位用时',
  'kpi.hours': '小时',
  'kpi.setupNote': '{n} 户企业全部办结；目标线 {target} 小时',
  'kpi.within': '24 小时内办结占比',
  'kpi.withinNote': '{n} / {total} 户在 {target} 小时内办结（报告承诺）',
  'kpi.target': '目标',
  'kpi.trend': '近 30 天申请与办结（子件）',
  'kpi.submitted': '申请',
  'kpi.decided': '办结',
  'kpi.onTimeByDept': '各部门按期办结率',
  'kpi.byDept': '按部门',
  'kpi.col.name': '实施部门',
  'kpi.col.items': '在办事项',
  'kpi.col.fullyOnline': '全程网办率',
  'kpi.col.submitted': '申请件数',
  'kpi.col.online': '网上申请',
  'kpi.col.decided': '办结件数',
  'kpi.col.avgDays': '平均办理时长（工作日）',
  'kpi.col.onTime': '按期办结率',
  'kpi.col.zeroVisit': '零跑动办结占比',
  'kpi.exportCsv': '导出 CSV',
  'kpi.exportXlsx': '导出 Excel',
  'kpi.channels': '申请渠道：网上 {online} · 窗口 {window} · 市民驿站 {station}',
  'kpi.none': '—',
} as const;
export type KpiKey = keyof typeof zh;

const en: Record<KpiKey, string> = {
  'kpi.title': 'Services dashboard',
  'kpi.subtitle':
    'Fully online items, handling time, on-time decisions, no-visit cases and company set-up ({from} to {to})',
  'kpi.period': 'Period',
  'kpi.days7': 'Last 7 days',
  'kpi.days30': 'Last 30 days',
  'kpi.days90': 'Last 90 days',
  'kpi.year': 'This year',
  'kpi.department': 'Department',
  'kpi.allDepartments': 'All departments',
  'kpi.fullyOnline': 'Fully online items',
  'kpi.fullyOnlineNote': '{n} of {total} published items need no visit',
  'kpi.avgDays': 'Average handling time',
  'kpi.workingDays': 'working days',
  'kpi.avgDaysNote': '{n} decided, from submission to decision, paused time excluded',
  'kpi.onTime': 'Decided on time',
  'kpi.onTimeNote': '{n} of {total} decided within the deadline',
  'kpi.zeroVisit': 'No visit',
  'kpi.zeroVisitNote': 'Filed online {online} of {total}; decided needing no visit {zero}',
  'kpi.setup': 'Company set-up, median',
  'kpi.hours': 'hours',
  'kpi.setupNote': '{n} companies fully set up; target {target} hours',
  'kpi.within': 'Set up within 24 hours',
  'kpi.withinNote': '{n} of {total} within {target} hours (the report’s promise)',
  'kpi.target': 'Target',
  'kpi.trend': 'Submitted and decided, last 30 days (sub-cases)',
  'kpi.submitted': 'Submitted',
  'kpi.decided': 'Decided',
  'kpi.onTimeByDept': 'On-time rate by department',
  'kpi.byDept': 'By department',
  'kpi.col.name': 'Department',
  'kpi.col.items': 'Items',
  'kpi.col.fullyOnline': 'Fully online',
  'kpi.col.submitted': 'Submitted',
  'kpi.col.online': 'Online',
  'kpi.col.decided': 'Decided',
  'kpi.col.avgDays': 'Avg. working days',
  'kpi.col.onTime': 'On time',
  'kpi.col.zeroVisit': 'No visit',
  'kpi.exportCsv': 'Export CSV',
  'kpi.exportXlsx': 'Export Excel',
  'kpi.channels': 'Channels: online {online} · window {window} · station {station}',
  'kpi.none': '—',
};

const MESSAGES: Record<Lang, Record<KpiKey, string>> = { zh, en };

export function useKpiT() {
  const { lang } = useLocale();
  const kt = useCallback(
    (key: KpiKey, vars?: Record<string, string | number>) =>
      MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`)),
    [lang],
  );
  return { kt, lang };
}
