import { toCsv, type CsvColumn } from '../../lib/csv';
import type { Lang } from '../../i18n/messages';
import { catalogueText } from './catalogue-text';
import type { ItemSummary } from './catalogue-api';

/** The listed items as CSV, headers in the current language. */
export function itemsCsv(items: readonly ItemSummary[], lang: Lang): string {
  const c = (k: Parameters<typeof catalogueText>[1]) => catalogueText(lang, k);
  const columns: CsvColumn<ItemSummary>[] = [
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
  return toCsv(columns, items);
}
