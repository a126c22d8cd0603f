/** The 削峰 list's columns, the same to CSV and XLSX. */
import type { Lang } from '../../i18n/messages';
import type { ExportColumn } from '../../lib/export';
import { opsTranslate } from '../ops-screen/i18n';
import { placeName, type Hotspot } from '../ops-screen/types';

export function hotspotColumns(lang: Lang): ExportColumn<Hotspot>[] {
  const t = (k: Parameters<typeof opsTranslate>[1]) => opsTranslate(lang, k);
  return [
    { header: t('ops.rank'), value: (r) => String(r.rank) },
    { header: t('ops.category'), value: (r) => `${r.categoryCode} ${r.categoryName}`, width: 26 },
    { header: t('ops.place'), value: (r) => placeName(r.place, lang), width: 20 },
    { header: t('ops.street'), value: (r) => placeName(r.street, lang), width: 16 },
    { header: t('ops.count'), value: (r) => String(r.orders) },
    { header: t('ops.previous'), value: (r) => String(r.previous) },
    { header: t('ops.change'), value: (r) => (r.change === null ? '' : `${r.change}%`) },
  ];
}
