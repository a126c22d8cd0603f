import type { Database } from '@yiwang/db';
import type { Scope } from '../../core/auth/actor';
import { unitInScope } from '../../core/auth/scope-filters';

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  roles: string[];
  unitId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const inScope = (db: Database, scope: Scope) =>
  db
    .selectFrom('api_key as k')
    .innerJoin('org_unit as u', 'u.id', 'k.unit_id')
    .where(unitInScope(scope, 'u'));

/** Keys of machine clients whose unit lies in the scope, newest first. */
export async function listApiKeys(db: Database, scope: Scope): Promise<ApiKey[]> {
  const rows = await inScope(db, scope).selectAll('k').orderBy('k.created_at', 'desc').execute();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    roles: k.roles,
    unitId: k.unit_id,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at,
    revokedAt: k.revoked_at,
  }));
}

export async function findApiKeyInScope(db: Database, scope: Scope, id: string): Promise<string | undefined> {
  const row = await inScope(db, scope).where('k.id', '=', id).select('k.id').executeTakeFirst();
  return row?.id;
}

export async function insertApiKey(
  db: Database,
  k: {
    name: string;
    prefix: string;
    secretHash: string;
    roles: string[];
    unitId: string;
    createdBy: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('api_key')
    .values({
      name: k.name,
      prefix: k.prefix,
      secret_hash: k.secretHash,
      roles: k.roles,
      unit_id: k.unitId,
      created_by: k.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const revokeApiKey = (db: Database, id: string) =>
  db.updateTable('api_key').set({ revoked_at: new Date() }).where('id', '=', id).execute();
