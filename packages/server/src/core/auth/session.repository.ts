import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import type { Actor } from './actor';
import { isRole, type Role } from './roles';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

/** Start a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(
  db: Database,
  accountId: string,
  maxMs: number,
  meta: { ip?: string; userAgent?: string },
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('session')
    .values({
      token_hash: sha256(token),
      account_id: accountId,
      expires_at: new Date(Date.now() + maxMs),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

export const revokeSession = (db: Database, tokenHash: string) =>
  db.updateTable('session').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash).execute();

export const revokeSessionsOf = (db: Database, accountId: string) =>
  db
    .updateTable('session')
    .set({ revoked_at: new Date() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();

/**
 * The actor behind a session token, or undefined when the session is unknown, revoked,
 * past its absolute expiry or idle for longer than `idleMs`. Touches last_seen_at at most
 * once a minute.
 */
export async function findSessionActor(
  db: Database,
  token: string,
  idleMs: number,
): Promise<Actor | undefined> {
  const tokenHash = sha256(token);
  const row = await db
    .selectFrom('session as s')
    .innerJoin('account as a', 'a.id', 's.account_id')
    .leftJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select([
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'a.id',
      'a.kind',
      'a.username',
      'a.display_name',
      'a.roles',
      'a.disabled',
      'u.id as unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'u.name_en as unit_name_en',
      'u.kind as unit_kind',
      'u.path as unit_path',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.revoked_at || row.disabled) return undefined;
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + idleMs <= now) return undefined;
  if (now - row.last_seen_at.getTime() > 60_000) {
    await db
      .updateTable('session')
      .set({ last_seen_at: new Date(now) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    kind: row.kind as 'staff' | 'citizen' | 'enterprise',
    id: row.id,
    roles: row.roles.filter(isRole) as Role[],
    unit: row.unit_id
      ? {
          id: row.unit_id,
          code: row.unit_code!,
          name: row.unit_name!,
          nameEn: row.unit_name_en,
          kind: row.unit_kind!,
          path: row.unit_path!,
        }
      : null,
    label: row.username ?? row.display_name,
    sessionHash: tokenHash,
  };
}

/** The actor behind an API key (`yk_<prefix>_<secret>`), or undefined. */
export async function findApiKeyActor(db: Database, key: string): Promise<Actor | undefined> {
  const match = /^yk_([a-z0-9]{8})_([A-Za-z0-9_-]{20,})$/.exec(key);
  if (!match) return undefined;
  const row = await db
    .selectFrom('api_key as k')
    .innerJoin('org_unit as u', 'u.id', 'k.unit_id')
    .select([
      'k.id',
      'k.name',
      'k.secret_hash',
      'k.roles',
      'k.revoked_at',
      'u.id as unit_id',
      'u.code',
      'u.name as unit_name',
      'u.name_en',
      'u.kind',
      'u.path',
    ])
    .where('k.prefix', '=', match[1]!)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.secret_hash !== sha256(match[2]!)) return undefined;
  await db
    .updateTable('api_key')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', row.id)
    .execute();
  return {
    kind: 'api-key',
    id: row.id,
    roles: row.roles.filter(isRole) as Role[],
    unit: {
      id: row.unit_id,
      code: row.code,
      name: row.unit_name,
      nameEn: row.name_en,
      kind: row.kind,
      path: row.path,
    },
    label: `api-key:${row.name}`,
  };
}

/** Failed sign-ins per subject within the window (shared by every server copy). */
export async function countLoginFailures(
  db: Database,
  subjects: string[],
  windowMs: number,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('login_failure')
    .select(['subject', (eb) => eb.fn.countAll<string>().as('n')])
    .where('subject', 'in', subjects)
    .where('at', '>', new Date(Date.now() - windowMs))
    .groupBy('subject')
    .execute();
  return new Map(rows.map((r) => [r.subject, Number(r.n)]));
}

export const recordLoginFailure = (db: Database, subjects: string[]) =>
  db
    .insertInto('login_failure')
    .values(subjects.map((subject) => ({ subject })))
    .execute();

export const clearLoginFailures = (db: Database, subject: string) =>
  db.deleteFrom('login_failure').where('subject', '=', subject).execute();
