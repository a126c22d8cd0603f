import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import type { CityopsCategoryInput, LimitUnit } from '@yiwang/domain';

export type CategoryRow = {
  code: string;
  kind: 'component' | 'event' | 'hotline';
  majorCode: string | null;
  majorName: string;
  minorCode: string | null;
  name: string;
  filingCondition: string;
  closingCondition: string;
  limitValue: number;
  limitUnit: LimitUnit;
  limitAssumed: boolean;
  firstContactDays: number | null;
  defaultUnitId: string | null;
  defaultUnitCode: string | null;
  defaultUnitName: string | null;
  responsibleText: string;
  source: string;
  active: boolean;
};

const categoryQuery = (db: Database) =>
  db
    .selectFrom('cityops_category as c')
    .leftJoin('org_unit as u', 'u.id', 'c.default_unit_id')
    .select([
      'c.code',
      'c.kind',
      'c.major_code as majorCode',
      'c.major_name as majorName',
      'c.minor_code as minorCode',
      'c.name',
      'c.filing_condition as filingCondition',
      'c.closing_condition as closingCondition',
      'c.limit_value as limitValue',
      'c.limit_unit as limitUnit',
      'c.limit_assumed as limitAssumed',
      'c.first_contact_days as firstContactDays',
      'c.default_unit_id as defaultUnitId',
      'u.code as defaultUnitCode',
      'u.name as defaultUnitName',
      'c.responsible_text as responsibleText',
      'c.source',
      'c.active',
    ]);

const toRow = (r: Awaited<ReturnType<ReturnType<typeof categoryQuery>['execute']>>[number]): CategoryRow => ({
  ...r,
  kind: r.kind as CategoryRow['kind'],
  limitUnit: r.limitUnit as LimitUnit,
  limitValue: Number(r.limitValue),
});

export async function listCategories(db: Database): Promise<CategoryRow[]> {
  return (await categoryQuery(db).orderBy('c.kind').orderBy('c.code').execute()).map(toRow);
}

export async function findCategory(db: Database, code: string): Promise<CategoryRow | undefined> {
  const r = await categoryQuery(db).where('c.code', '=', code).executeTakeFirst();
  return r && toRow(r);
}

export const categoryValues = (input: CityopsCategoryInput, defaultUnitId: string | null) => ({
  kind: input.kind,
  major_code: input.majorCode,
  major_name: input.majorName,
  minor_code: input.minorCode,
  name: input.name,
  filing_condition: input.filingCondition,
  closing_condition: input.closingCondition,
  limit_value: input.limitValue,
  limit_unit: input.limitUnit,
  limit_assumed: input.limitAssumed,
  first_contact_days: input.firstContactDays,
  default_unit_id: defaultUnitId,
  responsible_text: input.responsibleText,
  source: input.source,
  active: input.active,
});

export type RoutingRuleRow = {
  id: string;
  categoryCode: string;
  categoryName: string;
  placeUnitId: string | null;
  placeName: string | null;
  placeKind: string | null;
  unitId: string;
  unitName: string;
  updatedAt: Date;
};

export async function listRoutingRules(db: Database): Promise<RoutingRuleRow[]> {
  return db
    .selectFrom('cityops_routing_rule as r')
    .innerJoin('cityops_category as c', 'c.code', 'r.category_code')
    .leftJoin('org_unit as p', 'p.id', 'r.place_unit_id')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.category_code as categoryCode',
      'c.name as categoryName',
      'r.place_unit_id as placeUnitId',
      'p.name as placeName',
      'p.kind as placeKind',
      'r.unit_id as unitId',
      'u.name as unitName',
      'r.updated_at as updatedAt',
    ])
    .orderBy('r.category_code')
    .orderBy('p.code')
    .execute();
}

/**
 * The responsible unit for a category at a place: the most specific rule wins — the
 * committee's, then the street's, then the category's rule for anywhere. None: null.
 */
export async function resolveRoute(
  db: Database,
  categoryCode: string,
  streetId: string | null,
  committeeId: string | null,
): Promise<{ ruleId: string; unitId: string } | null> {
  const places = [streetId, committeeId].filter((p): p is string => !!p);
  const rows = await db
    .selectFrom('cityops_routing_rule')
    .select(['id', 'unit_id', 'place_unit_id'])
    .where('category_code', '=', categoryCode)
    .where((eb) =>
      places.length
        ? eb.or([eb('place_unit_id', 'is', null), eb('place_unit_id', 'in', places)])
        : eb('place_unit_id', 'is', null),
    )
    .execute();
  const rank = (p: string | null) => (p === null ? 0 : p === committeeId ? 2 : 1);
  const best = rows.sort((a, b) => rank(b.place_unit_id) - rank(a.place_unit_id))[0];
  return best ? { ruleId: best.id, unitId: best.unit_id } : null;
}

export const touch = () => sql<Date>`now()`;
