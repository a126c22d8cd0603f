import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import type { PlaceRef, SensorImportCandidate, SensorTypeView, SensorView } from '@yiwang/domain';
import type { Scope } from '../../core/auth/actor';
import { unitInScope } from '../../core/auth/scope-filters';

/** A sensor type as listed (shared with the web: packages/domain cityops-views). */
export type SensorTypeRow = SensorTypeView;

export async function listSensorTypes(db: Database): Promise<SensorTypeRow[]> {
  const rows = await db
    .selectFrom('sensor_type as t')
    .leftJoin('cityops_category as c', 'c.code', 't.category_code')
    .select((eb) => [
      't.code',
      't.name',
      't.name_en as nameEn',
      't.metric',
      't.unit',
      't.valid_min as validMin',
      't.valid_max as validMax',
      't.default_interval_s as defaultIntervalS',
      't.category_code as categoryCode',
      'c.name as categoryName',
      't.offline_severity as offlineSeverity',
      't.offline_opens_work_order as offlineOpensWorkOrder',
      eb
        .selectFrom('sensor as s')
        .whereRef('s.type_code', '=', 't.code')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('sensors'),
    ])
    .orderBy('t.code')
    .execute();
  return rows.map((r) => ({ ...r, sensors: Number(r.sensors ?? 0) }));
}

export type SensorRow = SensorView<Date>;

const sensorQuery = (db: Database) =>
  db
    .selectFrom('sensor as x')
    .innerJoin('sensor_type as t', 't.code', 'x.type_code')
    .leftJoin('org_unit as s', 's.id', 'x.street_id')
    .leftJoin('org_unit as m', 'm.id', 'x.committee_id');

const selectSensor = (q: ReturnType<typeof sensorQuery>) =>
  q.select((eb) => [
    'x.id',
    'x.type_code as typeCode',
    't.name as typeName',
    't.name_en as typeNameEn',
    't.metric',
    't.unit',
    'x.model',
    'x.street_id as streetId',
    's.name as streetName',
    'x.committee_id as committeeId',
    'm.name as committeeName',
    'x.latitude',
    'x.longitude',
    'x.address',
    'x.interval_s as intervalS',
    'x.thresholds',
    'x.active',
    'x.installed_at as installedAt',
    'x.note',
    'x.last_seen_at as lastSeenAt',
    'x.online',
    'x.created_at as createdAt',
    'x.updated_at as updatedAt',
    eb
      .selectFrom('sensor_alarm as a')
      .whereRef('a.sensor_id', '=', 'x.id')
      .where('a.state', 'in', ['open', 'acknowledged'])
      .select((e) => e.fn.countAll<string>().as('n'))
      .as('openAlarms'),
  ]);

const toSensor = (r: Record<string, unknown>): SensorRow =>
  ({
    ...r,
    thresholds: (r.thresholds as Record<string, number> | null) ?? null,
    openAlarms: Number(r.openAlarms ?? 0),
  }) as SensorRow;

/** A sensor is in a scope when its street or its committee is. */
const sensorInScope = (scope: Scope): Expression<SqlBool> =>
  scope.kind === 'all'
    ? sql<SqlBool>`true`
    : sql<SqlBool>`(${unitInScope(scope, 's')} OR ${unitInScope(scope, 'm')})`;

export type SensorFilter = {
  type?: string;
  streetId?: string;
  committeeId?: string;
  online?: boolean;
  active?: boolean;
  q?: string;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Database, scope: Scope, f: SensorFilter) {
  let q = sensorQuery(db).where(sensorInScope(scope));
  if (f.type) q = q.where('x.type_code', '=', f.type);
  if (f.streetId) q = q.where('x.street_id', '=', f.streetId);
  if (f.committeeId) q = q.where('x.committee_id', '=', f.committeeId);
  if (f.online !== undefined) q = q.where('x.online', '=', f.online);
  if (f.active !== undefined) q = q.where('x.active', '=', f.active);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) =>
      eb.or([eb('x.id', 'ilike', like), eb('x.address', 'ilike', like), eb('x.model', 'ilike', like)]),
    );
  }
  return q;
}

export async function listSensors(
  db: Database,
  scope: Scope,
  f: SensorFilter,
  page: { page: number; pageSize: number } | 'all',
): Promise<{ items: SensorRow[]; total: number }> {
  const q = filtered(db, scope, f);
  if (page === 'all') {
    const rows = await selectSensor(q).orderBy('x.id').execute();
    return { items: rows.map(toSensor), total: rows.length };
  }
  const [rows, count] = await Promise.all([
    selectSensor(q)
      .orderBy('x.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSensor), total: Number(count.n) };
}

/** One sensor if it is inside the scope (undefined otherwise: its existence is not revealed). */
export async function findSensor(db: Database, scope: Scope, id: string): Promise<SensorRow | undefined> {
  const r = await selectSensor(sensorQuery(db).where(sensorInScope(scope)))
    .where('x.id', '=', id)
    .executeTakeFirst();
  return r && toSensor(r);
}

export const sensorExists = async (db: Database | Transaction<DB>, id: string) =>
  !!(await db.selectFrom('sensor').select('id').where('id', '=', id).executeTakeFirst());

/** Streets and residents' committees with their paths: what a sensor can be placed in. */
export async function loadPlaces(db: Database): Promise<PlaceRef[]> {
  const rows = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'kind', 'parent_id as parentId', 'path'])
    .where('kind', 'in', ['street', 'committee'])
    .execute();
  return rows as PlaceRef[];
}

export async function loadImportTypes(db: Database) {
  return db
    .selectFrom('sensor_type')
    .select(['code', 'name', 'name_en as nameEn', 'default_interval_s as defaultIntervalS'])
    .execute();
}

export type SensorValues = {
  type_code: string;
  model: string | null;
  street_id: string;
  committee_id: string | null;
  latitude: number;
  longitude: number;
  address: string | null;
  interval_s: number;
  installed_at: string | null;
};

/** The columns an import writes; an update leaves thresholds, active and note as they were. */
const IMPORTED = [
  'type_code',
  'model',
  'street_id',
  'committee_id',
  'latitude',
  'longitude',
  'address',
  'interval_s',
  'installed_at',
] as const;

/**
 * Insert or update a batch of imported sensors in one statement. A row whose values are all
 * unchanged is not touched (and not counted); `inserted` tells a new row from an updated one.
 */
export async function upsertSensors(
  trx: Transaction<DB>,
  rows: readonly SensorImportCandidate[],
): Promise<{ id: string; inserted: boolean }[]> {
  if (!rows.length) return [];
  const result = await trx
    .insertInto('sensor')
    .values(
      rows.map((r) => ({
        id: r.id,
        type_code: r.typeCode,
        model: r.model,
        street_id: r.streetId,
        committee_id: r.committeeId,
        latitude: r.latitude,
        longitude: r.longitude,
        address: r.address,
        interval_s: r.intervalS,
        installed_at: r.installedAt,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          ...Object.fromEntries(IMPORTED.map((c) => [c, eb.ref(`excluded.${c}`)])),
          updated_at: sql<Date>`now()`,
        }))
        .where(
          sql<SqlBool>`(${sql.join(IMPORTED.map((c) => sql.ref(`sensor.${c}`)))}) IS DISTINCT FROM (${sql.join(
            IMPORTED.map((c) => sql.ref(`excluded.${c}`)),
          )})`,
        ),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
  return result;
}

/** The street path of those of `ids` already registered (for the importer's scope check). */
export async function existingStreets(db: Database, ids: readonly string[]) {
  if (!ids.length) return new Map<string, string | null>();
  const rows = await db
    .selectFrom('sensor as x')
    .leftJoin('org_unit as s', 's.id', 'x.street_id')
    .leftJoin('org_unit as m', 'm.id', 'x.committee_id')
    .select(['x.id', 's.path as streetPath', 'm.path as committeePath'])
    .where('x.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.streetPath ?? r.committeePath ?? null]));
}
