/** The hotline desk's lists, the same to CSV and XLSX. */
import type { Lang } from '../../i18n/messages';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { woTranslateLoose } from '../work-orders/i18n';
import { hlTranslate, type HotlineMessageKey } from './i18n';
import type { Call, Callback, FirstContact } from './types';

const place = (r: { streetName: string | null; committeeName: string | null }) =>
  [r.streetName, r.committeeName].filter(Boolean).join(' ');

export function callColumns(lang: Lang): ExportColumn<Call>[] {
  const t = (k: HotlineMessageKey) => hlTranslate(lang, k);
  return [
    { header: t('hl.callNo'), value: (r) => r.callNo, width: 20 },
    { header: t('hl.time'), value: (r) => formatShanghai(r.createdAt), width: 18 },
    { header: t('hl.callerName'), value: (r) => r.callerName ?? '' },
    { header: t('hl.callerPhone'), value: (r) => r.callerPhone ?? '', width: 14 },
    { header: t('hl.kind'), value: (r) => r.kindName },
    { header: t('hl.subject'), value: (r) => r.subjectCategoryName ?? '', width: 16 },
    { header: t('hl.place'), value: (r) => [place(r), r.address].filter(Boolean).join(' '), width: 24 },
    { header: t('hl.description'), value: (r) => r.description, width: 40 },
    { header: t('hl.disposition'), value: (r) => t(`hl.disp.${r.disposition}`) },
    { header: t('hl.order'), value: (r) => r.orderNo ?? '', width: 20 },
    { header: t('hl.answer'), value: (r) => r.answer ?? '', width: 30 },
    { header: t('hl.recordedBy'), value: (r) => r.recordedByName ?? '' },
  ];
}

export function firstContactColumns(lang: Lang): ExportColumn<FirstContact>[] {
  const t = (k: HotlineMessageKey) => hlTranslate(lang, k);
  return [
    { header: t('hl.order'), value: (r) => r.orderNo, width: 20 },
    { header: t('hl.kind'), value: (r) => r.categoryName },
    { header: t('hl.subject'), value: (r) => r.subjectCategoryName ?? '', width: 16 },
    { header: t('hl.place'), value: place, width: 20 },
    { header: t('hl.callerName'), value: (r) => r.reporterName ?? '' },
    { header: t('hl.callerPhone'), value: (r) => r.reporterPhone ?? '', width: 14 },
    { header: t('hl.due'), value: (r) => formatShanghai(r.firstContactDue), width: 18 },
    { header: t('hl.missed'), value: (r) => (r.missed ? t('hl.missed') : '') },
    { header: t('hl.description'), value: (r) => r.description, width: 40 },
  ];
}

export function callbackColumns(lang: Lang): ExportColumn<Callback>[] {
  const t = (k: HotlineMessageKey) => hlTranslate(lang, k);
  return [
    { header: t('hl.order'), value: (r) => r.orderNo, width: 20 },
    { header: t('hl.kind'), value: (r) => r.categoryName },
    { header: t('hl.place'), value: place, width: 20 },
    { header: t('hl.closedAt'), value: (r) => formatShanghai(r.closedAt), width: 18 },
    { header: t('hl.outcome'), value: (r) => (r.outcome ? woTranslateLoose(lang, `out.${r.outcome}`) : '') },
    {
      header: t('hl.callers'),
      value: (r) => r.callers.map((c) => [c.name, c.phone].filter(Boolean).join(' ')).join('；'),
      width: 36,
    },
    { header: t('hl.description'), value: (r) => r.description, width: 40 },
  ];
}
