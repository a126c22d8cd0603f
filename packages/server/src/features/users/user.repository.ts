import type { Database } from '@yiwang/db';
import type { Scope } from '../../core/auth/actor';
import { unitInScope } from '../../core/auth/scope-filters';

export type StaffUser = {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unit: { id: string; code: string; name: string; nameEn: string | null; kind: string; path: string };
  disabled: boolean;
  createdAt: Date;
};

const base = (db: Database) =>
  db
    .selectFrom('account as a')
    .innerJoin('org_unit as u', 'u.id', 'a.unit_id')
    .where('a.kind', '=', 'staff')
    .select([
      'a.id',
      'a.username',
      'a.display_name',
      'a.roles',
      'a.disabled',
      'a.created_at',
      'u.id as unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'u.name_en as unit_name_en',
      'u.kind as unit_kind',
      'u.path as unit_path',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const toUser = (r: Row): StaffUser => ({
  id: r.id,
  username: r.username!,
  displayName: r.display_name,
  roles: r.roles,
  unit: {
    id: r.unit_id,
    code: r.unit_code,
    name: r.unit_name,
    nameEn: r.unit_name_en,
    kind: r.unit_kind,
    path: r.unit_path,
  },
  disabled: r.disabled,
  createdAt: r.created_at,
});

export type UserFilter = {
  unitPath?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
};

/** Staff accounts inside the scope (by their unit), optionally under one unit, newest first. */
export async function listStaff(
  db: Database,
  scope: Scope,
  f: UserFilter,
): Promise<{ items: StaffUser[]; total: number }> {
  let query = base(db).where(unitInScope(scope, 'u'));
  if (f.unitPath) {
    const path = f.unitPath;
    query = query.where((eb) => eb.or([eb('u.path', '=', path), eb('u.path', 'like', `${path}/%`)]));
  }
  if (f.q) {
    const q = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('a.username', 'like', q), eb('a.display_name', 'like', q)]));
  }
  const [items, count] = await Promise.all([
    query
      .orderBy('a.created_at', 'desc')
      .orderBy('a.username')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst(),
  ]);
  return { items: items.map(toUser), total: Number(count?.n ?? 0) };
}

export async function findStaff(db: Database, id: string): Promise<StaffUser | undefined> {
  const row = await base(db).where('a.id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function usernameTaken(db: Database, username: string): Promise<boolean> {
  return !!(await db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insertStaff(
  db: Database,
  u: { username: string; displayName: string; passwordHash: string; roles: string[]; unitId: string },
): Promise<string> {
  const row = await db
    .insertInto('account')
    .values({
      kind: 'staff',
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      roles: u.roles,
      unit_id: u.unitId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateStaff(
  db: Database,
  id: string,
  patch: {
    displayName?: string | undefined;
    roles?: string[] | undefined;
    unitId?: string | undefined;
    disabled?: boolean | undefined;
    passwordHash?: string | undefined;
  },
): Promise<void> {
  await db
    .updateTable('account')
    .set({
      updated_at: new Date(),
      ...(patch.displayName !== undefined && { display_name: patch.displayName }),
      ...(patch.roles !== undefined && { roles: patch.roles }),
      ...(patch.unitId !== undefined && { unit_id: patch.unitId }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled }),
      ...(patch.passwordHash !== undefined && {
        password_hash: patch.passwordHash,
        password_changed_at: new Date(),
      }),
    })
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .execute();
}
