/** The 日日清 report's columns, the same to CSV and XLSX. */
import type { Lang } from '../../i18n/messages';
import type { ExportColumn } from '../../lib/export';
import { opsTranslate } from '../ops-screen/i18n';
import { placeName, type DailyReportRow } from '../ops-screen/types';

export type DailyReportLine = Omit<DailyReportRow, 'street'> & { street: DailyReportRow['street'] | null };

export function dailyReportColumns(lang: Lang): ExportColumn<DailyReportLine>[] {
  const t = (k: Parameters<typeof opsTranslate>[1]) => opsTranslate(lang, k);
  const n = (k: keyof Omit<DailyReportLine, 'street'>) => (r: DailyReportLine) => String(r[k]);
  return [
    {
      header: t('dr.street'),
      value: (r) => (r.street ? placeName(r.street, lang) : t('dr.total')),
      width: 18,
    },
    { header: t('dr.carriedIn'), value: n('carriedIn') },
    { header: t('dr.opened'), value: n('opened') },
    { header: t('dr.reopened'), value: n('reopened') },
    { header: t('dr.closed'), value: n('closed') },
    { header: t('dr.carriedOver'), value: n('carriedOver') },
    { header: t('dr.due'), value: n('due') },
    { header: t('dr.overdue'), value: n('overdue') },
  ];
}
