import type { Role } from './roles';

export type UnitRef = {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  path: string;
};

/**
 * Who is making a request: a signed-in staff member, citizen or enterprise, a machine
 * client with an API key, or nobody.
 */
export type Actor =
  | { kind: 'anonymous'; id: null; roles: []; unit: null; label: string; sessionHash?: undefined }
  | {
      kind: 'staff' | 'citizen' | 'enterprise' | 'api-key';
      id: string;
      roles: Role[];
      unit: UnitRef | null;
      label: string;
      sessionHash?: string;
    };

export const ANONYMOUS: Actor = { kind: 'anonymous', id: null, roles: [], unit: null, label: 'anonymous' };

/**
 * What an actor may see: everything, an org subtree (its unit and every unit below it), or
 * only its own records.
 */
export type Scope =
  { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'own'; accountId: string } | { kind: 'none' };

/**
 * The scope of an actor. District-level staff (the district unit itself) and the read-all
 * roles (leader, auditor) see everything; other staff see their unit's subtree — a street
 * administrator the street and its committees and stations, a department reviewer the
 * department; citizens and enterprises see their own records.
 */
export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'anonymous') return { kind: 'none' };
  if (actor.kind === 'citizen' || actor.kind === 'enterprise') return { kind: 'own', accountId: actor.id };
  if (!actor.unit) return { kind: 'none' };
  if (actor.unit.kind === 'district' || actor.roles.includes('leader') || actor.roles.includes('auditor')) {
    return { kind: 'all' };
  }
  return { kind: 'subtree', path: actor.unit.path };
}

/** Whether a unit (by its path) lies inside a scope. */
export function scopeCoversUnit(scope: Scope, unitPath: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'subtree':
      return unitPath === scope.path || unitPath.startsWith(`${scope.path}/`);
    case 'own':
    case 'none':
      return false;
  }
}
