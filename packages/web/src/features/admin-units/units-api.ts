import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../api/client';
import type { Unit, UnitKind } from '../../api/types';
import { buildUnitTree, unitTreeOptions } from '../../lib/unit-tree';
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
