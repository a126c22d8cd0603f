/** Helpers of the sensor registry's tests: the types, and the places of the demo org tree. */
import type { Database } from '@yiwang/db';

/** The two types the tests use (the product seeds its own; these are added only when missing). */
export async function ensureTestTypes(db: Database): Promise<void> {
  await db
    .insertInto('sensor_type')
    .values([
      {
        code: 'water-level',
        name: '积水监测',
        name_en: 'Water level',
        metric: 'water_level',
        unit: 'm',
        valid_min: 0,
        valid_max: 5,
        default_interval_s: 60,
      },
      {
        code: 'smoke',
        name: '烟感',
        name_en: 'Smoke',
        metric: 'smoke',
        unit: '%obs/m',
        valid_min: 0,
        valid_max: 100,
        default_interval_s: 60,
      },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export type Place = { id: string; code: string; name: string };

/** A unit of the demo tree by division code. */
export async function place(db: Database, code: string): Promise<Place> {
  return db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name'])
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
}

/** 北外滩街道 and one of its committees; 曲阳路街道 and one of its committees. */
export async function demoPlaces(db: Database) {
  const [bwt, qyl] = await Promise.all([place(db, '310109018'), place(db, '310109010')]);
  const committeeOf = (streetId: string) =>
    db
      .selectFrom('org_unit')
      .select(['id', 'code', 'name'])
      .where('parent_id', '=', streetId)
      .where('kind', '=', 'committee')
      .orderBy('code')
      .executeTakeFirstOrThrow();
  return { bwt, qyl, bwtCommittee: await committeeOf(bwt.id), qylCommittee: await committeeOf(qyl.id) };
}
