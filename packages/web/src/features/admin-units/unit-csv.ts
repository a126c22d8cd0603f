import type { Unit } from '../../api/types';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';
import { translate, type Lang } from '../../i18n/messages';

/** Units as a flat table, with the parent's code so the tree can be rebuilt (`units` names the parents). */
export function unitColumns(units: readonly Unit[], lang: Lang): ExportColumn<Unit>[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  return [
    { header: translate(lang, 'units.code'), value: (u: Unit) => u.code },
    { header: translate(lang, 'units.name'), value: (u) => u.name },
    { header: translate(lang, 'units.nameEn'), value: (u) => u.nameEn ?? '' },
    { header: translate(lang, 'units.kind'), value: (u) => translate(lang, `unitKind.${u.kind}`) },
    {
      header: translate(lang, 'units.parent'),
      value: (u) => (u.parentId ? (byId.get(u.parentId)?.code ?? '') : ''),
    },
    {
      header: translate(lang, 'units.demo'),
      value: (u) => translate(lang, u.demo ? 'common.yes' : 'common.no'),
    },
  ];
}

/** Ordered by code. */
export const unitRows = (units: readonly Unit[]): Unit[] =>
  [...units].sort((a, b) => a.code.localeCompare(b.code));

export const unitsCsv = (units: readonly Unit[], lang: Lang): string =>
  toCsv(unitColumns(units, lang), unitRows(units));
