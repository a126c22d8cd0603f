import type { Citizen } from '../../api/types';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { translate, type Lang, type MessageKey } from '../../i18n/messages';

/** The search result as the table shows it: numbers stay masked in the file too. */
export function citizenColumns(lang: Lang): ExportColumn<Citizen>[] {
  const t = (k: MessageKey) => translate(lang, k);
  return [
    { header: t('citizens.name'), value: (c) => c.name },
    { header: t('citizens.idNumber'), value: (c) => c.idNumber },
    { header: t('citizens.phone'), value: (c) => c.phone },
    { header: t('citizens.createdAt'), value: (c) => c.createdAt },
  ];
}

export const citizensCsv = (rows: readonly Citizen[], lang: Lang): string =>
  toCsv(citizenColumns(lang), rows);
