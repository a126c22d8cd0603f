/** Strings of the 12345 hotline desk, zh first. */
import { useCallback } from 'react';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';

const zh = {
  'hl.title': '12345 热线工作台',
  'hl.record': '记录来电',
  'hl.callerName': '来电人',
  'hl.callerPhone': '来电号码',
  'hl.kind': '诉求类型',
  'hl.subject': '城市管理类别',
  'hl.subjectHint': '按部件/事件类别派遣和查重',
  'hl.place': '发生地点（街道/居委会）',
  'hl.address': '详细地址',
  'hl.description': '来电内容',
  'hl.answer': '当场答复内容',
  'hl.create': '新建工单',
  'hl.answered': '已当场答复（不生成工单）',
  'hl.answerOnlyConsult': '只有咨询类来电可当场答复',
  'hl.created': '已生成工单 {no}',
  'hl.followed': '已关联工单 {no}，来电人将一并回访',
  'hl.savedAnswer': '来电已记录（{no}）',
  'hl.duplicates': '可能重复的工单',
  'hl.duplicatesHint': '选择类别和地点后显示同类未结工单（同一居委会，或 {m} 米内、{d} 天内）。',
  'hl.duplicatesEmpty': '没有可能重复的工单',
  'hl.needPlace': '请先选择诉求类型和地点',
  'hl.follow': '关联此单（跟进）',
  'hl.followConfirm': '将本次来电关联到 {no}？来电人将作为跟进人一并回访。',
  'hl.today': '今日来电',
  'hl.firstContacts': '待首次联系',
  'hl.callbacks': '待回访',
  'hl.callNo': '来电编号',
  'hl.time': '时间',
  'hl.disposition': '处理方式',
  'hl.disp.created': '新建工单',
  'hl.disp.followed': '关联已有工单',
  'hl.disp.answered': '当场答复',
  'hl.order': '工单',
  'hl.recordedBy': '话务员',
  'hl.show': '显示号码',
  'hl.shown': '查看完整号码已记入审计日志',
  'hl.due': '联系时限',
  'hl.missed': '已超时',
  'hl.recordContact': '记录首次联系',
  'hl.contactNote': '联系情况',
  'hl.callers': '回访对象',
  'hl.closedAt': '结案时间',
  'hl.callback': '回访',
  'hl.satisfaction': '满意度',
  'hl.unsatisfied': '1–2 分为不满意，工单将重办',
  'hl.outcome': '结案结果',
  'hl.empty': '暂无',
  'hl.saved': '已保存',
  'hl.stale': '工单已被他人处理，已刷新',
  'hl.reporter': '报告人',
  'hl.follower': '跟进人',
} as const;

export type HotlineMessageKey = keyof typeof zh;

const en: Record<HotlineMessageKey, string> = {
  'hl.title': '12345 hotline desk',
  'hl.record': 'Record a call',
  'hl.callerName': 'Caller',
  'hl.callerPhone': 'Caller’s phone',
  'hl.kind': 'Kind of call',
  'hl.subject': 'City-management category',
  'hl.subjectHint': 'Used for routing and duplicates',
  'hl.place': 'Place (street / committee)',
  'hl.address': 'Address',
  'hl.description': 'What the caller said',
  'hl.answer': 'Answer given',
  'hl.create': 'Create an order',
  'hl.answered': 'Answered on the spot (no order)',
  'hl.answerOnlyConsult': 'Only a consultation can be answered on the spot',
  'hl.created': 'Order {no} created',
  'hl.followed': 'Linked to {no}; the caller will be called back too',
  'hl.savedAnswer': 'Call recorded ({no})',
  'hl.duplicates': 'Possible duplicates',
  'hl.duplicatesHint':
    'Once kind and place are chosen: open orders of the same category at the same committee, or within {m} m and {d} days.',
  'hl.duplicatesEmpty': 'No possible duplicates',
  'hl.needPlace': 'Choose the kind and the place first',
  'hl.follow': 'Link the call (follow)',
  'hl.followConfirm': 'Link this call to {no}? The caller becomes a follower and is called back too.',
  'hl.today': 'Today’s calls',
  'hl.firstContacts': 'First contact due',
  'hl.callbacks': 'Awaiting callback',
  'hl.callNo': 'Call no.',
  'hl.time': 'Time',
  'hl.disposition': 'Outcome',
  'hl.disp.created': 'New order',
  'hl.disp.followed': 'Linked to an order',
  'hl.disp.answered': 'Answered',
  'hl.order': 'Order',
  'hl.recordedBy': 'Operator',
  'hl.show': 'Show number',
  'hl.shown': 'Viewing the full number was recorded in the audit log',
  'hl.due': 'Contact by',
  'hl.missed': 'Missed',
  'hl.recordContact': 'Record first contact',
  'hl.contactNote': 'How it went',
  'hl.callers': 'To call',
  'hl.closedAt': 'Closed at',
  'hl.callback': 'Call back',
  'hl.satisfaction': 'Satisfaction',
  'hl.unsatisfied': '1–2 is unsatisfied: the order is reopened',
  'hl.outcome': 'Outcome',
  'hl.empty': 'None',
  'hl.saved': 'Saved',
  'hl.stale': 'Someone else acted first: reloaded',
  'hl.reporter': 'Reporter',
  'hl.follower': 'Follower',
};

const messages = { zh, en } as const;

export function hlTranslate(lang: Lang, key: HotlineMessageKey, vars?: Record<string, string | number>) {
  const template: string = messages[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function useHlT() {
  const locale = useLocale();
  const { lang } = locale;
  const ht = useCallback(
    (key: HotlineMessageKey, vars?: Record<string, string | number>) => hlTranslate(lang, key, vars),
    [lang],
  );
  return { ...locale, ht };
}
