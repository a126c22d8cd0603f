import { z } from 'zod';
import type { Database } from '@yiwang/db';
import { CityopsCategoryInput } from '@yiwang/domain';
import { loadCityopsCategories } from '@yiwang/fixtures';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { Problem, fieldProblem, forbidden, notFound } from '../../core/problem';
import {
  categoryValues,
  findCategory,
  listCategories,
  listRoutingRules,
  touch,
} from './cityops-category.repository';

const CATEGORY = { zh: '工单类别', en: 'work-order category' };
const RULE = { zh: '派遣规则', en: 'routing rule' };

/** District administrators edit the categories; they and the dispatchers edit the routing table. */
const isDistrictAdmin = (actor: Actor) => hasRole(actor, 'admin') && actor.unit?.kind === 'district';
const mayRoute = (actor: Actor) => isDistrictAdmin(actor) || hasRole(actor, 'dispatcher');

async function unitIdByCode(db: Database, code: string | null, field: string) {
  if (!code) return null;
  const u = await db.selectFrom('org_unit').select('id').where('code', '=', code).executeTakeFirst();
  if (!u) throw fieldProblem('validation', field, { zh: '单位不存在', en: 'no such unit' });
  return u.id;
}

export { listCategories, listRoutingRules };

export async function createCategory(ctx: AppContext, actor: Actor, input: CityopsCategoryInput) {
  if (!isDistrictAdmin(actor)) throw forbidden();
  if (await findCategory(ctx.db, input.code))
    throw fieldProblem('conflict', 'code', { zh: '类别编码已存在', en: 'the code is taken' });
  const unitId = await unitIdByCode(ctx.db, input.defaultUnitCode, 'defaultUnitCode');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('cityops_category')
      .values({ code: input.code, ...categoryValues(input, unitId) })
      .execute();
    await recordAudit(trx, actor, {
      action: 'cityops.category.create',
      entity: 'cityops_category',
      entityId: input.code,
    });
  });
  return (await findCategory(ctx.db, input.code))!;
}

export async function updateCategory(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: CityopsCategoryInput,
) {
  if (!isDistrictAdmin(actor)) throw forbidden();
  const before = await findCategory(ctx.db, code);
  if (!before) throw notFound(CATEGORY);
  if (input.code !== code)
    throw fieldProblem('validation', 'code', { zh: '类别编码不能修改', en: 'the code cannot change' });
  const unitId = await unitIdByCode(ctx.db, input.defaultUnitCode, 'defaultUnitCode');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cityops_category')
      .set({ ...categoryValues(input, unitId), updated_at: touch() })
      .where('code', '=', code)
      .execute();
    await recordAudit(trx, actor, {
      action: 'cityops.category.update',
      entity: 'cityops_category',
      entityId: code,
      summary: { limit: [before.limitValue, before.limitUnit, '→', input.limitValue, input.limitUnit] },
    });
  });
  return (await findCategory(ctx.db, code))!;
}

export const RoutingRuleInput = z.object({
  categoryCode: z.string().min(1).max(60),
  placeUnitId: z.string().uuid().nullable().default(null),
  unitId: z.string().uuid(),
});
export type RoutingRuleInput = z.infer<typeof RoutingRuleInput>;

async function checkRule(db: Database, input: RoutingRuleInput) {
  if (!(await findCategory(db, input.categoryCode)))
    throw fieldProblem('validation', 'categoryCode', { zh: '类别不存在', en: 'no such category' });
  if (input.placeUnitId) {
    const place = await db
      .selectFrom('org_unit')
      .select('kind')
      .where('id', '=', input.placeUnitId)
      .executeTakeFirst();
    if (!place || (place.kind !== 'street' && place.kind !== 'committee'))
      throw fieldProblem('validation', 'placeUnitId', {
        zh: '地点须为街道或居委会',
        en: 'the place must be a street or a residents’ committee',
      });
  }
  const unit = await db
    .selectFrom('org_unit')
    .select('kind')
    .where('id', '=', input.unitId)
    .executeTakeFirst();
  if (!unit) throw fieldProblem('validation', 'unitId', { zh: '单位不存在', en: 'no such unit' });
}

export async function saveRoutingRule(ctx: AppContext, actor: Actor, input: RoutingRuleInput, id?: string) {
  if (!mayRoute(actor)) throw forbidden();
  await checkRule(ctx.db, input);
  return ctx.db.transaction().execute(async (trx) => {
    let ruleId = id;
    try {
      if (id) {
        const r = await trx
          .updateTable('cityops_routing_rule')
          .set({
            category_code: input.categoryCode,
            place_unit_id: input.placeUnitId,
            unit_id: input.unitId,
            updated_at: touch(),
          })
          .where('id', '=', id)
          .executeTakeFirst();
        if (!r.numUpdatedRows) throw notFound(RULE);
      } else {
        ruleId = (
          await trx
            .insertInto('cityops_routing_rule')
            .values({
              category_code: input.categoryCode,
              place_unit_id: input.placeUnitId,
              unit_id: input.unitId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new Problem('conflict', {
          zh: '该类别在此地点已有派遣规则',
          en: 'this category already has a rule for this place',
        });
      throw error;
    }
    await recordAudit(trx, actor, {
      action: id ? 'cityops.routing.update' : 'cityops.routing.create',
      entity: 'cityops_routing_rule',
      entityId: ruleId!,
      summary: { ...input },
    });
    return { id: ruleId! };
  });
}

export async function deleteRoutingRule(ctx: AppContext, actor: Actor, id: string) {
  if (!mayRoute(actor)) throw forbidden();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('cityops_routing_rule').where('id', '=', id).executeTakeFirst();
    if (!r.numDeletedRows) throw notFound(RULE);
    await recordAudit(trx, actor, {
      action: 'cityops.routing.delete',
      entity: 'cityops_routing_rule',
      entityId: id,
    });
  });
}

/** Seed the categories not there yet (by code); edited ones are left as administrators left them. */
export async function seedCityopsCategories(db: Database): Promise<number> {
  const have = new Set((await db.selectFrom('cityops_category').select('code').execute()).map((c) => c.code));
  const fresh = loadCityopsCategories().filter((c) => !have.has(c.code));
  if (!fresh.length) return 0;
  const units = new Map(
    (await db.selectFrom('org_unit').select(['id', 'code']).execute()).map((u) => [u.code, u.id]),
  );
  // Reference data shipped with the product, like the org units: covered by the seed's own audit row.
  await db
    .insertInto('cityops_category')
    .values(
      fresh.map((c) => ({
        code: c.code,
        ...categoryValues(
          CityopsCategoryInput.parse(c),
          c.defaultUnitCode ? (units.get(c.defaultUnitCode) ?? null) : null,
        ),
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return fresh.length;
}
