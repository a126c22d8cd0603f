import type { ReactNode } from 'react';
import { useSession } from '../api/session';
import { mayOpen, type NavItem } from './nav';
import { Forbidden } from './components/results';

/** Renders the page only for the roles in its nav entry; everyone else sees the 403 Result. */
export function RequireRoles({ roles, children }: { roles: NavItem['roles']; children: ReactNode }) {
  const { data } = useSession();
  const userRoles = data?.user?.roles ?? [];
  return mayOpen({ roles }, userRoles) ? children : <Forbidden />;
}
