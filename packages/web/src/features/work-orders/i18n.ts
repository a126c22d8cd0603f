/** Strings of the 一网统管 work-order pages, zh first. */
import { useCallback } from 'react';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';

const zh = {
  'wo.dispatch': '调度台',
  'wo.queue': '待办队列',
  'wo.gaps': '派遣规则缺口',
  'wo.gapsHint': '以下类别和街道没有派遣规则，工单在此等待人工派遣。可在“工单类别与派遣规则”中补充规则。',
  'wo.mine': '我的工单',
  'wo.no': '工单编号',
  'wo.category': '类别',
  'wo.place': '地点',
  'wo.street': '街道',
  'wo.unit': '责任单位',
  'wo.unrouted': '待派遣',
  'wo.state': '状态',
  'wo.source': '来源',
  'wo.deadline': '处置时限',
  'wo.overdue': '已超期',
  'wo.escalated': '督办 {n} 级',
  'wo.description': '问题描述',
  'wo.address': '地址',
  'wo.reporter': '报告人',
  'wo.outcome': '结案结果',
  'wo.satisfaction': '满意度',
  'wo.createdAt': '上报时间',
  'wo.orders': '工单数',
  'wo.oldest': '最早上报',
  'wo.suggested': '建议责任单位',
  'wo.empty': '暂无工单',
  'wo.timeline': '处理过程',
  'wo.act': '办理',
  'wo.action': '操作',
  'wo.comment': '意见/理由',
  'wo.submit': '提交',
  'wo.done': '已提交',
  'wo.stale': '工单已被他人处理，已刷新',
  'wo.extendBy': '延期时长（{unit}）',
  'wo.system': '系统',
  'wo.limit': '类别时限',
  'wo.showClosed': '含已结案',
  'wo.awaiting': '待审批',
  'unit.workingHours': '工作时',
  'unit.workingDays': '工作日',
  'unit.clockHours': '小时',
  'src.sensor': '传感器',
  'src.hotline': '12345热线',
  'src.inspector': '网格巡查',
  'src.citizen': '市民自报',
  'src.survey': '大调研',
  'src.api': '外部系统',
  'out.resolved': '已解决',
  'out.not-our-responsibility': '非本区职责',
  'out.duplicate': '重复工单',
  'out.no-further-action': '无需处置',
} as const;

export type WorkOrderMessageKey = keyof typeof zh;

const en: Record<WorkOrderMessageKey, string> = {
  'wo.dispatch': 'Dispatch desk',
  'wo.queue': 'Queue',
  'wo.gaps': 'Routing gaps',
  'wo.gapsHint':
    'No routing rule covers these categories and streets: their orders wait here to be dispatched by hand. Add rules under “Work-order categories and routing”.',
  'wo.mine': 'My work orders',
  'wo.no': 'Order no.',
  'wo.category': 'Category',
  'wo.place': 'Place',
  'wo.street': 'Street',
  'wo.unit': 'Responsible unit',
  'wo.unrouted': 'Not dispatched',
  'wo.state': 'State',
  'wo.source': 'Source',
  'wo.deadline': 'Deadline',
  'wo.overdue': 'Overdue',
  'wo.escalated': 'Escalated (level {n})',
  'wo.description': 'Problem',
  'wo.address': 'Address',
  'wo.reporter': 'Reported by',
  'wo.outcome': 'Outcome',
  'wo.satisfaction': 'Satisfaction',
  'wo.createdAt': 'Reported at',
  'wo.orders': 'Orders',
  'wo.oldest': 'Oldest',
  'wo.suggested': 'Suggested unit',
  'wo.empty': 'No work orders',
  'wo.timeline': 'Timeline',
  'wo.act': 'Act',
  'wo.action': 'Action',
  'wo.comment': 'Comment / reason',
  'wo.submit': 'Submit',
  'wo.done': 'Done',
  'wo.stale': 'Someone else acted first: the order was reloaded',
  'wo.extendBy': 'Extension ({unit})',
  'wo.system': 'System',
  'wo.limit': 'Category limit',
  'wo.showClosed': 'Include closed',
  'wo.awaiting': 'Awaiting approval',
  'unit.workingHours': 'working hours',
  'unit.workingDays': 'working days',
  'unit.clockHours': 'hours',
  'src.sensor': 'Sensor',
  'src.hotline': '12345 hotline',
  'src.inspector': 'Grid inspector',
  'src.citizen': 'Citizen report',
  'src.survey': '大调研 visit',
  'src.api': 'Other system',
  'out.resolved': 'Resolved',
  'out.not-our-responsibility': 'Not our responsibility',
  'out.duplicate': 'Duplicate',
  'out.no-further-action': 'No further action',
};

const messages = { zh, en } as const;

export function woTranslate(
  lang: Lang,
  key: WorkOrderMessageKey,
  vars?: Record<string, string | number>,
): string {
  const template: string = messages[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A key built at run time (a source, an outcome, a unit), shown as itself when unknown. */
export function woTranslateLoose(lang: Lang, key: string): string {
  return (messages[lang] as Record<string, string>)[key] ?? key.replace(/^\w+\./, '');
}

export function useWoT() {
  const locale = useLocale();
  const { lang } = locale;
  const wt = useCallback(
    (key: WorkOrderMessageKey, vars?: Record<string, string | number>) => woTranslate(lang, key, vars),
    [lang],
  );
  const wl = useCallback((key: string) => woTranslateLoose(lang, key), [lang]);
  return { ...locale, wt, wl };
}
