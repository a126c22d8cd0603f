import type { Citizen } from '../../api/types';
import { toCsv, type CsvColumn } from '../../lib/csv';
import { translate, type Lang, type MessageKey } from '../../i18n/messages';

/** The search result as the table shows it: numbers stay masked in the file too. */
export function citizensCsv(rows: readonly Citizen[], lang: Lang): string {
  const t = (k: MessageKey) => translate(lang, k);
  const columns: CsvColumn<Citizen>[] = [
    { header: t('citizens.name'), value: (c) => c.name },
    { header: t('citizens.idNumber'), value: (c) => c.idNumber },
    { header: t('citizens.phone'), value: (c) => c.phone },
    { header: t('citizens.createdAt'), value: (c) => c.createdAt },
  ];
  return toCsv(columns, rows);
}
