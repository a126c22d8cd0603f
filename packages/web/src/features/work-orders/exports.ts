/** The work-order lists' columns, the same to CSV and XLSX. */
import type { Lang } from '../../i18n/messages';
import { formatShanghai } from '../../lib/calendar';
import type { ExportColumn } from '../../lib/export';
import { woTranslate, woTranslateLoose } from './i18n';
import type { RoutingGap, WorkOrder } from './types';

export function workOrderColumns(lang: Lang): ExportColumn<WorkOrder>[] {
  const t = (k: Parameters<typeof woTranslate>[1]) => woTranslate(lang, k);
  return [
    { header: t('wo.no'), value: (r) => r.orderNo, width: 20 },
    { header: t('wo.category'), value: (r) => r.categoryName, width: 20 },
    { header: t('wo.street'), value: (r) => r.streetName ?? '', width: 14 },
    {
      header: t('wo.place'),
      value: (r) => [r.committeeName, r.address].filter(Boolean).join(' '),
      width: 24,
    },
    { header: t('wo.source'), value: (r) => woTranslateLoose(lang, `src.${r.source}`) },
    { header: t('wo.unit'), value: (r) => r.responsibleUnitName ?? t('wo.unrouted'), width: 20 },
    { header: t('wo.state'), value: (r) => r.stateName?.[lang] ?? r.state, width: 16 },
    {
      header: t('wo.deadline'),
      value: (r) => (r.slaDeadline ? formatShanghai(r.slaDeadline) : ''),
      width: 18,
    },
    { header: t('wo.outcome'), value: (r) => (r.outcome ? woTranslateLoose(lang, `out.${r.outcome}`) : '') },
    { header: t('wo.createdAt'), value: (r) => formatShanghai(r.createdAt), width: 18 },
  ];
}

export function gapColumns(lang: Lang): ExportColumn<RoutingGap>[] {
  const t = (k: Parameters<typeof woTranslate>[1]) => woTranslate(lang, k);
  return [
    { header: t('wo.category'), value: (r) => `${r.categoryCode} ${r.categoryName}`, width: 24 },
    { header: t('wo.street'), value: (r) => r.streetName ?? '', width: 14 },
    { header: t('wo.orders'), value: (r) => String(r.orders) },
    { header: t('wo.oldest'), value: (r) => formatShanghai(r.oldest), width: 18 },
    { header: t('wo.suggested'), value: (r) => r.suggestedUnitName ?? '', width: 20 },
  ];
}
