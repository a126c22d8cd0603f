import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import type { Lang } from '../../i18n/messages';
import { catalogueText } from './catalogue-text';
import type { ItemSummary } from './catalogue-api';

/** The listed items' columns, headers in the current language. */
export function itemColumns(lang: Lang): ExportColumn<ItemSummary>[] {
  const c = (k: Parameters<typeof catalogueText>[1]) => catalogueText(lang, k);
  return [
    { header: c('code'), value: (i) => i.code },
    { header: c('name'), value: (i) => i.name },
    { header: c('nameEn'), value: (i) => i.nameEn },
    { header: c('type'), value: (i) => i.type },
    {
      header: c('department'),
      value: (i) => (lang === 'en' ? (i.departmentNameEn ?? i.departmentName) : i.departmentName),
    },
    { header: c('legalDays'), value: (i) => i.legalLimitDays },
    { header: c('promisedDays'), value: (i) => i.promisedLimitDays },
    { header: c('instantLabel'), value: (i) => (i.instant ? 1 : 0) },
    { header: c('visitsLabel'), value: (i) => i.visits },
    { header: c('feeLabel'), value: (i) => i.fee },
    { header: c('lifeEvents'), value: (i) => i.lifeEvents.join('；') },
    { header: c('issuesLabel'), value: (i) => i.issuesLicenseType },
  ];
}

export const itemsCsv = (items: readonly ItemSummary[], lang: Lang): string =>
  toCsv(itemColumns(lang), items);
