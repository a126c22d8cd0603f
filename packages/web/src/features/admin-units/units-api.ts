import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../api/client';
import type { Unit, UnitKind } from '../../api/types';
import { buildUnitTree, unitName, unitTreeOptions } from '../../lib/unit-tree';
import { useLocale } from '../../i18n/useT';

export interface UnitFilter {
  kind?: UnitKind | undefined;
  parentId?: string | undefined;
  q?: string | undefined;
}

export const unitsQuery = (filter: UnitFilter = {}) =>
  queryOptions({
    queryKey: ['units', filter],
    queryFn: () => api.get<{ items: Unit[] }>('/api/units', { ...filter }),
    staleTime: 60_000,
  });

/** Every unit in the caller's scope as TreeSelect data, searchable by name. */
export function useUnitTreeOptions() {
  const { lang } = useLocale();
  const query = useQuery(unitsQuery());
  const options = useMemo(
    () => unitTreeOptions(buildUnitTree(query.data?.items ?? []), lang),
    [query.data, lang],
  );
  return { options, loading: query.isPending, error: query.error };
}

/**
 * A unit's name in the current language. Sessions and user rows carry only the Chinese name, so the
 * English one comes from the (cached) unit list; a unit outside that list keeps its Chinese name.
 */
export function useUnitName(): (unit: { id: string; name: string; nameEn?: string | null }) => string {
  const { lang } = useLocale();
  const query = useQuery({ ...unitsQuery(), enabled: lang === 'en' });
  const byId = useMemo(() => new Map((query.data?.items ?? []).map((u) => [u.id, u])), [query.data]);
  return (unit) =>
    unitName({ name: unit.name, nameEn: unit.nameEn ?? byId.get(unit.id)?.nameEn ?? null }, lang);
}
