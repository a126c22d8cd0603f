import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client';
import type { Session, SessionUser } from './types';

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: () => api.get<Session>('/api/session'),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

/** Stores a session the server just answered with (login, register) and forgets everything cached for the last user. */
export function useAcceptSession() {
  const qc = useQueryClient();
  return (session: Session) => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    qc.setQueryData(SESSION_KEY, session);
  };
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSettled: async () => {
      setCsrfToken(null);
      qc.clear();
      await qc.fetchQuery({ queryKey: SESSION_KEY, queryFn: () => api.get<Session>('/api/session') });
    },
  });
}

export const isStaff = (user: SessionUser | null | undefined): user is SessionUser => user?.kind === 'staff';

/** Where a user lands after signing in. */
export const homeFor = (user: SessionUser | null): string => (user?.kind === 'staff' ? '/workbench' : '/me');
