import type { Transaction } from 'kysely';
import type { DB } from '@yiwang/db';
import type { ServiceBundle, ServiceItemDefinition } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { scopeOf, type Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import {
  appendBundleVersion,
  appendItemVersion,
  findBundleByCode,
  findItemByCode,
  getItemVersion,
  insertBundle,
  insertItem,
  lifeEventCounts,
  listBundles,
  listItemVersions,
  missingItemCodes,
  searchItems,
  type CatalogueItem,
  type ItemSearch,
} from './catalogue.repository';

const ITEM = { zh: '事项', en: 'service item' };
const BUNDLE = { zh: '一件事', en: 'bundle' };

/** The catalogue is the district's: only district-level administrators change it. */
function requireDistrictAdmin(actor: Actor) {
  if (!(actor.roles as readonly string[]).includes('admin') || scopeOf(actor).kind !== 'all')
    throw forbidden();
}

export const searchCatalogue = (ctx: AppContext, search: ItemSearch) => searchItems(ctx.db, search);

export const listLifeEvents = (ctx: AppContext) => lifeEventCounts(ctx.db);

/** The public view of an item: its current version, with its department's name. */
export async function getPublishedItem(ctx: AppContext, code: string) {
  const item = await findItemByCode(ctx.db, code);
  if (!item?.published) throw notFound(ITEM);
  return publicItem(item);
}

const publicItem = (item: CatalogueItem) => ({
  code: item.definition.code,
  version: item.version,
  departmentName: item.departmentName,
  departmentNameEn: item.departmentNameEn,
  updatedAt: item.updatedAt,
  definition: item.definition,
});

async function getItem(ctx: AppContext, code: string): Promise<CatalogueItem> {
  const item = await findItemByCode(ctx.db, code);
  if (!item) throw notFound(ITEM);
  return item;
}

export async function listVersions(ctx: AppContext, code: string) {
  const item = await getItem(ctx, code);
  return listItemVersions(ctx.db, item.id);
}

export async function getVersion(ctx: AppContext, code: string, version: number) {
  const item = await getItem(ctx, code);
  return getItemVersion(ctx.db, item.id, version);
}

async function departmentUnitId(trx: Transaction<DB>, code: string): Promise<string> {
  const unit = await trx
    .selectFrom('org_unit')
    .select(['id', 'kind'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!unit || (unit.kind !== 'department' && unit.kind !== 'district'))
    throw fieldProblem('validation', 'definition.departmentCode', {
      zh: `实施部门 ${code} 不存在`,
      en: `departmentCode ${code} is not a department`,
    });
  return unit.id;
}

/** Add an item to the catalogue as version 1. */
export async function createItem(
  ctx: AppContext,
  actor: Actor,
  definition: ServiceItemDefinition,
  note: string | undefined,
) {
  requireDistrictAdmin(actor);
  const result = await ctx.db.transaction().execute(async (trx) => {
    if (await findItemByCode(trx, definition.code))
      throw fieldProblem('conflict', 'definition.code', {
        zh: `事项编码 ${definition.code} 已存在`,
        en: `the item code ${definition.code} is taken`,
      });
    const unitId = await departmentUnitId(trx, definition.departmentCode);
    const created = await insertItem(trx, definition, unitId, actor.id, note ?? null);
    await recordAudit(trx, actor, {
      action: 'catalogue.item.create',
      entity: 'service_item',
      entityId: created.id,
      summary: { code: definition.code, version: 1, name: definition.name },
    });
    return created;
  });
  return { code: definition.code, id: result.id, version: result.version };
}

/**
 * Change an item: a new version. Cases filed under earlier versions keep theirs.
 * `expectedVersion`, when given, must be the current version (else 409).
 */
export async function updateItem(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: {
    definition: ServiceItemDefinition;
    note?: string | undefined;
    expectedVersion?: number | undefined;
  },
) {
  requireDistrictAdmin(actor);
  if (input.definition.code !== code)
    throw fieldProblem('validation', 'definition.code', {
      zh: '事项编码不可修改',
      en: 'the item code cannot change',
    });
  return ctx.db.transaction().execute(async (trx) => {
    const item = await findItemByCode(trx, code);
    if (!item) throw notFound(ITEM);
    const expected = input.expectedVersion ?? item.version;
    const unitId = await departmentUnitId(trx, input.definition.departmentCode);
    const version = await appendItemVersion(
      trx,
      item.id,
      expected,
      input.definition,
      unitId,
      actor.id,
      input.note ?? null,
    );
    if (version === undefined)
      throw new Problem('stale-version', {
        zh: '事项已被他人修改，请刷新后重试',
        en: 'someone else changed the item first: reload and try again',
      });
    await recordAudit(trx, actor, {
      action: 'catalogue.item.update',
      entity: 'service_item',
      entityId: item.id,
      summary: { code, version, changed: changedFields(item.definition, input.definition) },
    });
    return { code, id: item.id, version };
  });
}

/** The top-level fields that differ between two definitions. */
export function changedFields(before: ServiceItemDefinition, after: ServiceItemDefinition): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof ServiceItemDefinition>;
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

// ——— bundles ———

/** A bundle with each of its items' current definitions. */
async function withItems(ctx: AppContext, bundle: { version: number; definition: ServiceBundle }) {
  const items = await Promise.all(
    bundle.definition.itemCodes.map(async (code) => {
      const item = await findItemByCode(ctx.db, code);
      return item ? publicItem(item) : null;
    }),
  );
  return {
    code: bundle.definition.code,
    version: bundle.version,
    definition: bundle.definition,
    items: items.filter((i) => i !== null),
  };
}

export async function listPublishedBundles(ctx: AppContext, lifeEvent?: string) {
  const bundles = await listBundles(ctx.db, lifeEvent);
  return bundles.map((b) => ({ code: b.definition.code, version: b.version, definition: b.definition }));
}

export async function getPublishedBundle(ctx: AppContext, code: string) {
  const bundle = await findBundleByCode(ctx.db, code);
  if (!bundle?.published) throw notFound(BUNDLE);
  return withItems(ctx, bundle);
}

async function checkItemCodes(trx: Transaction<DB>, bundle: ServiceBundle) {
  const missing = await missingItemCodes(trx, bundle.itemCodes);
  if (missing.length)
    throw fieldProblem('validation', 'definition.itemCodes', {
      zh: `事项不存在：${missing.join('、')}`,
      en: `no such items: ${missing.join(', ')}`,
    });
}

export async function createBundle(ctx: AppContext, actor: Actor, definition: ServiceBundle, note?: string) {
  requireDistrictAdmin(actor);
  return ctx.db.transaction().execute(async (trx) => {
    if (await findBundleByCode(trx, definition.code))
      throw fieldProblem('conflict', 'definition.code', {
        zh: `编码 ${definition.code} 已存在`,
        en: `the bundle code ${definition.code} is taken`,
      });
    await checkItemCodes(trx, definition);
    const created = await insertBundle(trx, definition, actor.id, note ?? null);
    await recordAudit(trx, actor, {
      action: 'catalogue.bundle.create',
      entity: 'service_bundle',
      entityId: created.id,
      summary: { code: definition.code, version: 1, itemCodes: definition.itemCodes },
    });
    return { code: definition.code, id: created.id, version: 1 };
  });
}

export async function updateBundle(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: { definition: ServiceBundle; note?: string | undefined; expectedVersion?: number | undefined },
) {
  requireDistrictAdmin(actor);
  if (input.definition.code !== code)
    throw fieldProblem('validation', 'definition.code', {
      zh: '编码不可修改',
      en: 'the bundle code cannot change',
    });
  return ctx.db.transaction().execute(async (trx) => {
    const bundle = await findBundleByCode(trx, code);
    if (!bundle) throw notFound(BUNDLE);
    await checkItemCodes(trx, input.definition);
    const version = await appendBundleVersion(
      trx,
      bundle.id,
      input.expectedVersion ?? bundle.version,
      input.definition,
      actor.id,
      input.note ?? null,
    );
    if (version === undefined)
      throw new Problem('stale-version', {
        zh: '已被他人修改，请刷新后重试',
        en: 'someone else changed the bundle first: reload and try again',
      });
    await recordAudit(trx, actor, {
      action: 'catalogue.bundle.update',
      entity: 'service_bundle',
      entityId: bundle.id,
      summary: { code, version, itemCodes: input.definition.itemCodes },
    });
    return { code, id: bundle.id, version };
  });
}
