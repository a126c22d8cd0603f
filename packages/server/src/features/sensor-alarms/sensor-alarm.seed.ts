import type { Database } from '@yiwang/db';
import { DEMO_SENSOR_ROUTING } from '@yiwang/fixtures';

/**
 * DEMO DATA: route the sensor categories at each street to that street's office, so a sensor
 * alarm's work order is dispatched at once (see DEMO_SENSOR_ROUTING). Only for categories with
 * no street rule yet: a table an administrator has edited is left alone.
 */
export async function seedDemoSensorRouting(db: Database): Promise<number> {
  const routed = new Set(
    (
      await db
        .selectFrom('cityops_routing_rule')
        .select('category_code')
        .where('place_unit_id', 'is not', null)
        .execute()
    ).map((r) => r.category_code),
  );
  const categories = new Set(
    (await db.selectFrom('cityops_category').select('code').execute()).map((c) => c.code),
  );
  const units = new Map(
    (await db.selectFrom('org_unit').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
  );
  const rows = DEMO_SENSOR_ROUTING.filter(
    (r) =>
      categories.has(r.categoryCode) &&
      !routed.has(r.categoryCode) &&
      units.has(r.streetCode) &&
      units.has(r.unitCode),
  ).map((r) => ({
    category_code: r.categoryCode,
    place_unit_id: units.get(r.streetCode)!,
    unit_id: units.get(r.unitCode)!,
  }));
  if (!rows.length) return 0;
  await db
    .insertInto('cityops_routing_rule')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
  return rows.length;
}
