import type { Database } from '@yiwang/db';
import type { Scope } from '../../core/auth/actor';
import { unitInScope } from '../../core/auth/scope-filters';

export type Unit = {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  parentId: string | null;
  path: string;
  demo: boolean;
  note: string | null;
};

const COLUMNS = [
  'u.id',
  'u.code',
  'u.name',
  'u.name_en',
  'u.kind',
  'u.parent_id',
  'u.path',
  'u.demo',
  'u.note',
] as const;

const RETURNING = ['id', 'code', 'name', 'name_en', 'kind', 'parent_id', 'path', 'demo', 'note'] as const;

const toUnit = (r: {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  parent_id: string | null;
  path: string;
  demo: boolean;
  note: string | null;
}): Unit => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  kind: r.kind,
  parentId: r.parent_id,
  path: r.path,
  demo: r.demo,
  note: r.note,
});

export type UnitFilter = { kind?: string | undefined; parentId?: string | undefined; q?: string | undefined };

export async function listUnits(db: Database, scope: Scope, filter: UnitFilter): Promise<Unit[]> {
  let query = db.selectFrom('org_unit as u').select(COLUMNS).where(unitInScope(scope, 'u'));
  if (filter.kind) query = query.where('u.kind', '=', filter.kind);
  if (filter.parentId) query = query.where('u.parent_id', '=', filter.parentId);
  if (filter.q)
    query = query.where((eb) =>
      eb.or([eb('u.name', 'like', `%${filter.q}%`), eb('u.code', 'like', `${filter.q}%`)]),
    );
  return (await query.orderBy('u.path').execute()).map(toUnit);
}

export async function findUnit(db: Database, id: string): Promise<Unit | undefined> {
  const row = await db.selectFrom('org_unit as u').select(COLUMNS).where('u.id', '=', id).executeTakeFirst();
  return row && toUnit(row);
}

export async function findUnitByCode(db: Database, code: string): Promise<Unit | undefined> {
  const row = await db
    .selectFrom('org_unit as u')
    .select(COLUMNS)
    .where('u.code', '=', code)
    .executeTakeFirst();
  return row && toUnit(row);
}

export async function insertUnit(
  db: Database,
  unit: {
    code: string;
    name: string;
    nameEn?: string | null;
    kind: string;
    parent: Unit | null;
    demo?: boolean;
    note?: string | null;
  },
): Promise<Unit> {
  const row = await db
    .insertInto('org_unit')
    .values({
      code: unit.code,
      name: unit.name,
      name_en: unit.nameEn ?? null,
      kind: unit.kind,
      parent_id: unit.parent?.id ?? null,
      path: unit.parent ? `${unit.parent.path}/${unit.code}` : unit.code,
      demo: unit.demo ?? false,
      note: unit.note ?? null,
    })
    .returning(RETURNING)
    .executeTakeFirstOrThrow();
  return toUnit(row);
}

export async function updateUnit(
  db: Database,
  id: string,
  patch: { name?: string; nameEn?: string | null },
): Promise<Unit> {
  const row = await db
    .updateTable('org_unit')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
    })
    .where('id', '=', id)
    .returning(RETURNING)
    .executeTakeFirstOrThrow();
  return toUnit(row);
}
