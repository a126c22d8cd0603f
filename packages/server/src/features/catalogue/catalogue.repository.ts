import { sql, type Expression, type SqlBool } from 'kysely';
import type { Database } from '@yiwang/db';
import { ServiceBundle, ServiceItemDefinition } from '@yiwang/domain';
import { notFound } from '../../core/problem';

/** An item's current version, as a case would file it. */
export type CatalogueItem = {
  id: string;
  version: number;
  definition: ServiceItemDefinition;
  departmentUnitId: string;
  departmentName: string;
  departmentNameEn: string | null;
  published: boolean;
  updatedAt: Date;
};

/** One line of a search result: enough for a card. */
export type ItemSummary = {
  code: string;
  name: string;
  nameEn: string | null;
  type: string;
  version: number;
  departmentCode: string;
  departmentName: string;
  departmentNameEn: string | null;
  legalLimitDays: number;
  promisedLimitDays: number;
  instant: boolean;
  visits: number;
  fee: string;
  lifeEvents: string[];
  issuesLicenseType: string | null;
  pledgeAllowed: boolean;
};

export type ItemVersion = {
  itemId: string;
  version: number;
  definition: ServiceItemDefinition;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  note: string | null;
};

export type CatalogueBundle = {
  id: string;
  version: number;
  definition: ServiceBundle;
  published: boolean;
  updatedAt: Date;
};

export type ItemSearch = {
  q?: string | undefined;
  department?: string | undefined;
  lifeEvent?: string | undefined;
  type?: string | undefined;
  page: number;
  pageSize: number;
};

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The words of a query: split on spaces and Chinese or ASCII punctuation. */
export const searchTerms = (q: string | undefined): string[] =>
  (q ?? '')
    .split(/[\s,，、;；/]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 5);

function itemBase(db: Database) {
  return db
    .selectFrom('service_item as si')
    .innerJoin('service_item_version as v', (j) =>
      j.onRef('v.item_id', '=', 'si.id').onRef('v.version', '=', 'si.current_version'),
    )
    .innerJoin('org_unit as u', 'u.id', 'si.department_unit_id');
}

/** Does the item match one search term: its name, code, keywords, department or life events. */
const matchesTerm = (pattern: string) =>
  sql<SqlBool>`(si.name ILIKE ${pattern} OR si.code ILIKE ${pattern} OR array_to_string(si.keywords, '|') ILIKE ${pattern}
    OR u.name ILIKE ${pattern} OR array_to_string(si.life_events, '|') ILIKE ${pattern})`;

/**
 * Published items matching every term of `q` (ILIKE over name, code, keywords, department
 * name and life events), filtered by department code, life event and type; ranked with name
 * matches first, then keyword matches, then by code.
 *
 * @example
 * await searchItems(db, { q: '餐饮', page: 1, pageSize: 20 }); // 食品经营许可… first by keyword
 */
export async function searchItems(
  db: Database,
  search: ItemSearch,
): Promise<{ items: ItemSummary[]; total: number }> {
  const terms = searchTerms(search.q).map(likePattern);
  const conditions: Expression<SqlBool>[] = [sql<SqlBool>`si.published`, ...terms.map(matchesTerm)];
  if (search.department) conditions.push(sql<SqlBool>`u.code = ${search.department}`);
  if (search.lifeEvent) conditions.push(sql<SqlBool>`${search.lifeEvent} = ANY (si.life_events)`);
  if (search.type) conditions.push(sql<SqlBool>`si.type = ${search.type}`);
  const filtered = itemBase(db).where((eb) => eb.and(conditions));
  const nameHits = terms.length
    ? sql<number>`(${sql.join(
        terms.map((p) => sql`(si.name ILIKE ${p})::int`),
        sql` + `,
      )})`
    : sql<number>`0::int`;
  const keywordHits = terms.length
    ? sql<number>`(${sql.join(
        terms.map((p) => sql`(array_to_string(si.keywords, '|') ILIKE ${p})::int`),
        sql` + `,
      )})`
    : sql<number>`0::int`;
  const [rows, count] = await Promise.all([
    filtered
      .select([
        'si.code',
        'si.current_version',
        'v.definition',
        'u.code as dept_code',
        'u.name as dept_name',
        'u.name_en as dept_name_en',
      ])
      .orderBy(nameHits, 'desc')
      .orderBy(keywordHits, 'desc')
      .orderBy('si.code')
      .limit(search.pageSize)
      .offset((search.page - 1) * search.pageSize)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => {
      const d = r.definition as ServiceItemDefinition;
      return {
        code: r.code,
        name: d.name,
        nameEn: d.nameEn ?? null,
        type: d.type,
        version: r.current_version,
        departmentCode: r.dept_code,
        departmentName: r.dept_name,
        departmentNameEn: r.dept_name_en,
        legalLimitDays: d.legalLimitDays,
        promisedLimitDays: d.promisedLimitDays,
        instant: d.instant,
        visits: d.visits,
        fee: d.fee,
        lifeEvents: d.lifeEvents,
        issuesLicenseType: d.issuesLicenseType ?? null,
        pledgeAllowed: d.pledgeAllowed,
      };
    }),
  };
}

/**
 * An item's current version by its 事项编码, published or not; `undefined` when there is none.
 * A case stores the returned `id` and `version`.
 *
 * @example
 * const item = await findItemByCode(db, 'SCJG-004');
 * item?.definition.materials; // what to ask for
 */
export async function findItemByCode(db: Database, code: string): Promise<CatalogueItem | undefined> {
  const row = await itemBase(db)
    .select([
      'si.id',
      'si.current_version',
      'si.department_unit_id',
      'si.published',
      'si.updated_at',
      'v.definition',
      'u.name as dept_name',
      'u.name_en as dept_name_en',
    ])
    .where('si.code', '=', code)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      version: row.current_version,
      definition: ServiceItemDefinition.parse(row.definition),
      departmentUnitId: row.department_unit_id,
      departmentName: row.dept_name,
      departmentNameEn: row.dept_name_en,
      published: row.published,
      updatedAt: row.updated_at,
    }
  );
}

const versionColumns = (db: Database) =>
  db
    .selectFrom('service_item_version as v')
    .leftJoin('account as a', 'a.id', 'v.created_by')
    .select([
      'v.item_id',
      'v.version',
      'v.definition',
      'v.created_at',
      'v.note',
      'a.id as by_id',
      'a.display_name as by_name',
    ]);

const toVersion = (r: {
  item_id: string;
  version: number;
  definition: unknown;
  created_at: Date;
  note: string | null;
  by_id: string | null;
  by_name: string | null;
}): ItemVersion => ({
  itemId: r.item_id,
  version: r.version,
  definition: ServiceItemDefinition.parse(r.definition),
  createdAt: r.created_at,
  createdBy: r.by_id ? { id: r.by_id, name: r.by_name ?? '' } : null,
  note: r.note,
});

/**
 * The definition an item had in one version — what a case filed under that version keeps.
 * Throws a 404 problem when the item or version does not exist.
 *
 * @example
 * const { definition } = await getItemVersion(db, kase.itemId, kase.itemVersion);
 */
export async function getItemVersion(db: Database, itemId: string, version: number): Promise<ItemVersion> {
  const row = await versionColumns(db)
    .where('v.item_id', '=', itemId)
    .where('v.version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound({ zh: '事项版本', en: 'item version' });
  return toVersion(row);
}

/** Every version of an item, newest first. */
export async function listItemVersions(db: Database, itemId: string): Promise<ItemVersion[]> {
  const rows = await versionColumns(db)
    .where('v.item_id', '=', itemId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map(toVersion);
}

/** Insert a new item with its version 1. */
export async function insertItem(
  db: Database,
  definition: ServiceItemDefinition,
  departmentUnitId: string,
  createdBy: string | null,
  note: string | null,
): Promise<{ id: string; version: number }> {
  const { id } = await db
    .insertInto('service_item')
    .values({
      code: definition.code,
      current_version: 1,
      department_unit_id: departmentUnitId,
      ...projection(definition),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('service_item_version')
    .values({ item_id: id, version: 1, definition: JSON.stringify(definition), created_by: createdBy, note })
    .execute();
  return { id, version: 1 };
}

/**
 * Append a version and move the item's current row to it. `expectedVersion` guards against
 * two editors: the update only lands on the version the editor saw.
 */
export async function appendItemVersion(
  db: Database,
  itemId: string,
  expectedVersion: number,
  definition: ServiceItemDefinition,
  departmentUnitId: string,
  createdBy: string | null,
  note: string | null,
): Promise<number | undefined> {
  const version = expectedVersion + 1;
  const moved = await db
    .updateTable('service_item')
    .set({
      current_version: version,
      department_unit_id: departmentUnitId,
      updated_at: new Date(),
      ...projection(definition),
    })
    .where('id', '=', itemId)
    .where('current_version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return undefined;
  await db
    .insertInto('service_item_version')
    .values({ item_id: itemId, version, definition: JSON.stringify(definition), created_by: createdBy, note })
    .execute();
  return version;
}

const projection = (d: ServiceItemDefinition) => ({
  name: d.name,
  type: d.type,
  life_events: d.lifeEvents,
  keywords: d.keywords,
});

/** Life events of published items, with how many items each has, most first. */
export async function lifeEventCounts(db: Database): Promise<{ lifeEvent: string; count: number }[]> {
  const rows = await sql<{ life_event: string; n: string }>`
    SELECT e AS life_event, count(*) AS n FROM service_item, unnest(life_events) AS e
    WHERE published GROUP BY e ORDER BY count(*) DESC, e`.execute(db);
  return rows.rows.map((r) => ({ lifeEvent: r.life_event, count: Number(r.n) }));
}

// ——— bundles ———

const bundleBase = (db: Database) =>
  db
    .selectFrom('service_bundle as b')
    .innerJoin('service_bundle_version as v', (j) =>
      j.onRef('v.bundle_id', '=', 'b.id').onRef('v.version', '=', 'b.current_version'),
    )
    .select(['b.id', 'b.current_version', 'b.published', 'b.updated_at', 'v.definition']);

const toBundle = (r: {
  id: string;
  current_version: number;
  published: boolean;
  updated_at: Date;
  definition: unknown;
}): CatalogueBundle => ({
  id: r.id,
  version: r.current_version,
  definition: ServiceBundle.parse(r.definition),
  published: r.published,
  updatedAt: r.updated_at,
});

/** Published bundles, optionally of one life event. */
export async function listBundles(db: Database, lifeEvent?: string): Promise<CatalogueBundle[]> {
  let q = bundleBase(db).where('b.published', '=', true);
  if (lifeEvent) q = q.where('b.life_event', '=', lifeEvent);
  return (await q.orderBy('b.code').execute()).map(toBundle);
}

/**
 * A bundle's current version by code, or `undefined`.
 *
 * @example
 * const bundle = await findBundleByCode(db, 'YJS-002'); // 开餐饮店（证照联办）
 * bundle?.definition.itemCodes; // ['SCJG-001', 'SCJG-004']
 */
export async function findBundleByCode(db: Database, code: string): Promise<CatalogueBundle | undefined> {
  const row = await bundleBase(db).where('b.code', '=', code).executeTakeFirst();
  return row && toBundle(row);
}

export async function insertBundle(
  db: Database,
  definition: ServiceBundle,
  createdBy: string | null,
  note: string | null,
): Promise<{ id: string; version: number }> {
  const { id } = await db
    .insertInto('service_bundle')
    .values({
      code: definition.code,
      current_version: 1,
      name: definition.name,
      kind: definition.kind,
      life_event: definition.lifeEvent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('service_bundle_version')
    .values({
      bundle_id: id,
      version: 1,
      definition: JSON.stringify(definition),
      created_by: createdBy,
      note,
    })
    .execute();
  return { id, version: 1 };
}

export async function appendBundleVersion(
  db: Database,
  bundleId: string,
  expectedVersion: number,
  definition: ServiceBundle,
  createdBy: string | null,
  note: string | null,
): Promise<number | undefined> {
  const version = expectedVersion + 1;
  const moved = await db
    .updateTable('service_bundle')
    .set({
      current_version: version,
      name: definition.name,
      kind: definition.kind,
      life_event: definition.lifeEvent,
      updated_at: new Date(),
    })
    .where('id', '=', bundleId)
    .where('current_version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return undefined;
  await db
    .insertInto('service_bundle_version')
    .values({
      bundle_id: bundleId,
      version,
      definition: JSON.stringify(definition),
      created_by: createdBy,
      note,
    })
    .execute();
  return version;
}

/** Which of these codes name no item. */
export async function missingItemCodes(db: Database, codes: readonly string[]): Promise<string[]> {
  if (!codes.length) return [];
  const found = new Set(
    (await db.selectFrom('service_item').select('code').where('code', 'in', codes).execute()).map(
      (r) => r.code,
    ),
  );
  return codes.filter((c) => !found.has(c));
}
