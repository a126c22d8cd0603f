import type { Unit } from '../../api/types';
import { toCsv } from '../../lib/csv';
import { translate, type Lang } from '../../i18n/messages';

/** Units as a flat CSV ordered by code, with the parent's code so the tree can be rebuilt. */
export function unitsCsv(units: readonly Unit[], lang: Lang): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));
  return toCsv(
    [
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
    ],
    sorted,
  );
}
