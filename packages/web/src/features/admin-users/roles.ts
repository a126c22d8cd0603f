import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Role } from '../../api/types';

export const rolesQuery = queryOptions({
  queryKey: ['roles'],
  queryFn: () => api.get<{ items: Role[] }>('/api/roles'),
  staleTime: 60 * 60_000,
});

/** A role's name in the user's language; the key itself if the server did not name it. */
export function roleLabel(roles: readonly Role[] | undefined, key: string, lang: 'zh' | 'en'): string {
  const role = roles?.find((r) => r.key === key);
  return role ? role[lang] : key;
}
