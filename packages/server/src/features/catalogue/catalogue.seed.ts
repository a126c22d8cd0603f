import type { Database } from '@yiwang/db';
import { SERVICE_BUNDLES, SERVICE_ITEMS } from '@yiwang/fixtures';
import { recordAudit } from '../../core/audit/audit-log';
import type { Actor } from '../../core/auth/actor';
import { insertBundle, insertItem } from './catalogue.repository';

const SEED_NOTE = '初始目录（随 Yiwang 发布） · initial catalogue shipped with Yiwang';

/**
 * Seed the catalogue's items and bundles that are not there yet (by code), as version 1, in
 * one audited transaction. Items already present are left as administrators edited them.
 */
export async function seedCatalogue(
  db: Database,
  actor: Actor,
): Promise<{ catalogueItems: number; bundles: number }> {
  const [items, bundles, units] = await Promise.all([
    db.selectFrom('service_item').select('code').execute(),
    db.selectFrom('service_bundle').select('code').execute(),
    db.selectFrom('org_unit').select(['id', 'code']).where('kind', '=', 'department').execute(),
  ]);
  const haveItem = new Set(items.map((r) => r.code));
  const haveBundle = new Set(bundles.map((r) => r.code));
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const newItems = SERVICE_ITEMS.filter((i) => !haveItem.has(i.code));
  const newBundles = SERVICE_BUNDLES.filter((b) => !haveBundle.has(b.code));
  if (!newItems.length && !newBundles.length) return { catalogueItems: 0, bundles: 0 };
  await db.transaction().execute(async (trx) => {
    for (const item of newItems) {
      const id = unitId.get(item.departmentCode);
      if (!id) throw new Error(`catalogue item ${item.code}: unknown department ${item.departmentCode}`);
      await insertItem(trx, item, id, null, SEED_NOTE);
    }
    for (const bundle of newBundles) await insertBundle(trx, bundle, null, SEED_NOTE);
    await recordAudit(trx, actor, {
      action: 'catalogue.seed',
      entity: 'service_item',
      summary: { items: newItems.map((i) => i.code), bundles: newBundles.map((b) => b.code) },
    });
  });
  return { catalogueItems: newItems.length, bundles: newBundles.length };
}
