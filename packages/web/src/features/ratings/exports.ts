/** Exports of the rating figures and the rectification list: the same columns to CSV and XLSX. */
import type { Lang } from '../../i18n/messages';
import { formatShanghai } from '../../lib/calendar';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { ratingTranslate, type RatingMessageKey } from './i18n';
import { percent, rectStateName } from './rectification-states';
import type { DepartmentFigures, RectificationRow } from './types';

type Column<T> = ExportColumn<T>;

export function rankingColumns(lang: Lang): Column<DepartmentFigures & { rank: number }>[] {
  const t = (k: RatingMessageKey) => ratingTranslate(lang, k);
  return [
    { header: t('stats.rank'), value: (r) => String(r.rank) },
    { header: t('stats.department'), value: (r) => r.name, width: 28 },
    { header: t('stats.total'), value: (r) => String(r.total) },
    { header: t('stats.goodRate'), value: (r) => percent(r.goodRate) },
    { header: t('stats.average'), value: (r) => (r.average === null ? '' : r.average.toFixed(2)) },
    { header: t('stats.poor'), value: (r) => String(r.poor) },
    { header: t('stats.rectificationRate'), value: (r) => percent(r.rectificationRate) },
  ];
}

export const ranked = (rows: readonly DepartmentFigures[]) => rows.map((r, i) => ({ ...r, rank: i + 1 }));
export const rankingCsv = (rows: readonly DepartmentFigures[], lang: Lang) =>
  toCsv(rankingColumns(lang), ranked(rows));

export function rectificationColumns(lang: Lang): Column<RectificationRow>[] {
  const t = (k: RatingMessageKey) => ratingTranslate(lang, k);
  return [
    { header: t('rect.no'), value: (r) => r.applicationNo, width: 22 },
    { header: t('rect.department'), value: (r) => r.departmentName, width: 22 },
    { header: t('rect.score'), value: (r) => String(r.score) },
    { header: t('rect.comment'), value: (r) => r.comment ?? '', width: 40 },
    { header: t('rect.state'), value: (r) => rectStateName(r.state, lang), width: 14 },
    { header: t('rect.tier'), value: (r) => ratingTranslate(lang, 'rect.tierDays', { n: r.tierDays }) },
    { header: t('rect.deadline'), value: (r) => (r.deadline ? formatShanghai(r.deadline) : ''), width: 18 },
  ];
}
export const rectificationsCsv = (rows: readonly RectificationRow[], lang: Lang) =>
  toCsv(rectificationColumns(lang), rows);
