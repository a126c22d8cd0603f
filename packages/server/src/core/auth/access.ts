import type { Actor } from './actor';
import type { Role } from './roles';
import { forbidden, unauthenticated } from '../problem';

/**
 * Who may call a route — declared on every route as `config.access`, read by the auth
 * hook, and by the authorization matrix test. `public`: anyone; `signed-in`: any account;
 * `staff`: any staff account; a role list: an account or API key holding one of them.
 */
export type Access = 'public' | 'signed-in' | 'staff' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

/** Throw 401 or 403 unless the actor meets the declaration. */
export function assertAccess(access: Access, actor: Actor): void {
  if (access === 'public') return;
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (access === 'signed-in') return;
  if (access === 'staff') {
    if (actor.kind !== 'staff') throw forbidden();
    return;
  }
  if (!actor.roles.some((r) => access.includes(r))) throw forbidden();
}

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));
