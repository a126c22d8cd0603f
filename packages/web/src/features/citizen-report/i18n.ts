/** Strings of the citizen's report page, zh first. */
import { useCallback } from 'react';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';

const zh = {
  'cr.title': '随手拍 · 城市问题上报',
  'cr.intro': '拍下身边的城市管理问题，城运中心将派单处置并反馈结果。',
  'cr.new': '我要上报',
  'cr.mine': '我的上报',
  'cr.common': '常见问题',
  'cr.more': '其他类别',
  'cr.empty': '您还没有上报过问题',
  'cr.status.received': '已受理',
  'cr.status.handling': '处置中',
  'cr.status.done': '已办结',
  'cr.reportedAt': '上报于 {at}',
  'cr.outcome': '结果：{outcome}',
  'cr.signIn': '请先登录',
  'cr.photos': '{n} 张照片',
  'cr.privacy': '照片中的拍摄位置信息会在保存前删除。',
} as const;

export type CitizenReportKey = keyof typeof zh;

const en: Record<CitizenReportKey, string> = {
  'cr.title': 'Report a problem in the city',
  'cr.intro': 'Photograph a problem near you; the operations centre dispatches it and tells you the result.',
  'cr.new': 'Report',
  'cr.mine': 'My reports',
  'cr.common': 'Common problems',
  'cr.more': 'Other categories',
  'cr.empty': 'You have not reported anything yet',
  'cr.status.received': 'Received',
  'cr.status.handling': 'Being handled',
  'cr.status.done': 'Done',
  'cr.reportedAt': 'Reported {at}',
  'cr.outcome': 'Result: {outcome}',
  'cr.signIn': 'Please sign in first',
  'cr.photos': '{n} photos',
  'cr.privacy': 'Where a photo was taken is removed from it before it is kept.',
};

const messages = { zh, en } as const;

export function crTranslate(
  lang: Lang,
  key: CitizenReportKey,
  vars?: Record<string, string | number>,
): string {
  const template: string = messages[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function useCrT() {
  const locale = useLocale();
  const { lang } = locale;
  const ct = useCallback(
    (key: CitizenReportKey, vars?: Record<string, string | number>) => crTranslate(lang, key, vars),
    [lang],
  );
  return { ...locale, ct };
}
