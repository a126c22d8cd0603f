import { z } from 'zod';
import type { Database } from '@yiwang/db';
import { DEFAULT_SENSOR_RULES, SENSOR_TYPES } from '@yiwang/fixtures';
import type { AppContext } from '../../core/app-context';
import type { Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { fieldProblem, notFound } from '../../core/problem';
import { alarmTypeOf, type RuleKind, type RuleOp } from './sensor-rule-engine';
import { findOutageSetting } from '../sensor-alarms/sensor-alarm.repository';

const RULE = { zh: '告警规则', en: 'alarm rule' };

export const SensorRuleInput = z.object({
  value: z.number().finite(),
  durationS: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  severity: z.number().int().min(1).max(3),
  opensWorkOrder: z.boolean(),
  active: z.boolean(),
});
export type SensorRuleInput = z.infer<typeof SensorRuleInput>;

/** What a sensor type's offline alarm is: its severity, and whether it opens a work order. */
export const OfflineSettingInput = z.object({
  severity: z.number().int().min(1).max(3),
  opensWorkOrder: z.boolean(),
});
export type OfflineSettingInput = z.infer<typeof OfflineSettingInput>;

/**
 * An administrator sets a type's offline alarm (raised when a sensor is silent for 3 × its
 * interval): its severity and whether it opens a work order (only with the type's category).
 */
export async function updateOfflineSetting(
  ctx: AppContext,
  actor: Actor,
  typeCode: string,
  input: OfflineSettingInput,
) {
  const before = await ctx.db
    .selectFrom('sensor_type')
    .select(['code', 'category_code', 'offline_severity', 'offline_opens_work_order'])
    .where('code', '=', typeCode)
    .executeTakeFirst();
  if (!before) throw notFound({ zh: '传感器类型', en: 'sensor type' });
  if (input.opensWorkOrder && !before.category_code)
    throw fieldProblem('validation', 'opensWorkOrder', {
      zh: '该类型未设置工单类别，离线告警无法生成工单',
      en: 'this type has no work-order category: its offline alarms cannot open orders',
    });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sensor_type')
      .set({
        offline_severity: input.severity,
        offline_opens_work_order: input.opensWorkOrder,
        updated_at: new Date(),
      })
      .where('code', '=', typeCode)
      .execute();
    await recordAudit(trx, actor, {
      action: 'sensor.type.offline',
      entity: 'sensor_type',
      entityId: typeCode,
      summary: {
        severity: [before.offline_severity, '→', input.severity],
        opensWorkOrder: [before.offline_opens_work_order, '→', input.opensWorkOrder],
      },
    });
  });
  return { typeCode, ...input };
}

/**
 * 区域集中离线 — when the silent sensors of one residents' committee are an area outage: at least
 * `minSensors` of them AND at least `minSharePercent` % of its active sensors; the outage
 * alarm's severity, and whether it opens one work order in `categoryCode` (a 供电/通信 category).
 */
export const OutageSettingInput = z.object({
  minSensors: z.number().int().min(2).max(10_000),
  minSharePercent: z.number().int().min(1).max(100),
  severity: z.number().int().min(1).max(3),
  opensWorkOrder: z.boolean(),
  categoryCode: z.string().trim().min(1).max(40).nullable(),
});
export type OutageSettingInput = z.infer<typeof OutageSettingInput>;

/** The category an outage's order goes to until an administrator picks another: 电力设施. */
export const DEFAULT_OUTAGE_CATEGORY = 'C-0116';

const outageView = (s: Awaited<ReturnType<typeof findOutageSetting>>) => ({
  minSensors: s.minSensors,
  minSharePercent: Math.round(s.minShare * 100),
  severity: s.severity,
  opensWorkOrder: s.opensWorkOrder,
  categoryCode: s.categoryCode,
  updatedAt: s.updatedAt,
});

export const getOutageSetting = async (db: Database) => outageView(await findOutageSetting(db));

/** An administrator sets the outage thresholds and what an outage does (audited). */
export async function updateOutageSetting(ctx: AppContext, actor: Actor, input: OutageSettingInput) {
  if (input.opensWorkOrder && !input.categoryCode)
    throw fieldProblem('validation', 'categoryCode', {
      zh: '生成工单须选择工单类别',
      en: 'choose the work-order category the outage opens its order in',
    });
  if (input.categoryCode) {
    const category = await ctx.db
      .selectFrom('cityops_category')
      .select(['code', 'kind', 'active'])
      .where('code', '=', input.categoryCode)
      .executeTakeFirst();
    if (!category || !category.active || category.kind === 'hotline')
      throw fieldProblem('validation', 'categoryCode', {
        zh: '工单类别不存在或已停用（须为部件或事件类别）',
        en: 'no such active component or event category',
      });
  }
  const before = await getOutageSetting(ctx.db);
  const row = {
    min_sensors: input.minSensors,
    min_share: String(input.minSharePercent / 100),
    severity: input.severity,
    opens_work_order: input.opensWorkOrder,
    category_code: input.categoryCode,
    updated_at: new Date(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sensor_outage_setting')
      .values({ id: true, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await recordAudit(trx, actor, {
      action: 'sensor.outage.setting',
      entity: 'sensor_outage_setting',
      entityId: 'outage',
      summary: {
        minSensors: [before.minSensors, '→', input.minSensors],
        minSharePercent: [before.minSharePercent, '→', input.minSharePercent],
        severity: [before.severity, '→', input.severity],
        opensWorkOrder: [before.opensWorkOrder, '→', input.opensWorkOrder],
        categoryCode: [before.categoryCode, '→', input.categoryCode],
      },
    });
  });
  return getOutageSetting(ctx.db);
}

/** The outage setting's row with its defaults, once (an administrator's choice is kept). */
async function seedOutageSetting(db: Database, categories: ReadonlySet<string>) {
  const category = categories.has(DEFAULT_OUTAGE_CATEGORY) ? DEFAULT_OUTAGE_CATEGORY : null;
  await db
    .insertInto('sensor_outage_setting')
    .values({ id: true, category_code: category, opens_work_order: category !== null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function listSensorRules(db: Database, typeCode?: string) {
  let q = db
    .selectFrom('sensor_rule as r')
    .innerJoin('sensor_type as t', 't.code', 'r.type_code')
    .select([
      'r.id',
      'r.type_code as typeCode',
      't.name as typeName',
      't.name_en as typeNameEn',
      't.unit',
      'r.sensor_id as sensorId',
      'r.kind',
      'r.metric',
      'r.op',
      'r.value',
      'r.duration_s as durationS',
      'r.severity',
      'r.opens_work_order as opensWorkOrder',
      'r.active',
      'r.updated_at as updatedAt',
    ])
    .orderBy('r.type_code')
    .orderBy('r.sensor_id')
    .orderBy('r.kind');
  if (typeCode) q = q.where('r.type_code', '=', typeCode);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, alarmType: alarmTypeOf(r.kind as RuleKind, r.op as RuleOp) }));
}

/** An administrator changes a rule's value, duration, severity, whether it opens orders, or turns it off. */
export async function updateSensorRule(ctx: AppContext, actor: Actor, id: string, input: SensorRuleInput) {
  const before = await ctx.db.selectFrom('sensor_rule').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound(RULE);
  if (before.kind === 'sustained' && input.durationS <= 0)
    throw fieldProblem('validation', 'durationS', {
      zh: '持续型规则须设置持续时长（秒）',
      en: 'a sustained rule needs a duration in seconds',
    });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sensor_rule')
      .set({
        value: input.value,
        duration_s: input.durationS,
        severity: input.severity,
        opens_work_order: input.opensWorkOrder,
        active: input.active,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'sensor.rule.update',
      entity: 'sensor_rule',
      entityId: id,
      summary: { value: [before.value, '→', input.value], severity: [before.severity, '→', input.severity] },
    });
  });
  return (await listSensorRules(ctx.db)).find((r) => r.id === id)!;
}

/**
 * Seed the sensor types and their default rules (reference data; what exists is left as
 * administrators left it). A type whose category is missing gets none.
 */
export async function seedSensorTypesAndRules(db: Database): Promise<{ types: number; rules: number }> {
  const categories = new Set(
    (await db.selectFrom('cityops_category').select('code').execute()).map((c) => c.code),
  );
  await seedOutageSetting(db, categories);
  const types = await db
    .insertInto('sensor_type')
    .values(
      SENSOR_TYPES.map((t) => ({
        code: t.code,
        name: t.name,
        name_en: t.nameEn,
        metric: t.metric,
        unit: t.unit,
        valid_min: t.validMin,
        valid_max: t.validMax,
        default_interval_s: t.defaultIntervalS,
        category_code: t.categoryCode && categories.has(t.categoryCode) ? t.categoryCode : null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  const haveRules = await db
    .selectFrom('sensor_rule')
    .select('type_code')
    .where('sensor_id', 'is', null)
    .execute();
  const typesWithRules = new Set(haveRules.map((r) => r.type_code));
  const metric = new Map(SENSOR_TYPES.map((t) => [t.code, t.metric]));
  const fresh = DEFAULT_SENSOR_RULES.filter((r) => !typesWithRules.has(r.typeCode));
  if (fresh.length)
    await db
      .insertInto('sensor_rule')
      .values(
        fresh.map((r) => ({
          type_code: r.typeCode,
          kind: r.kind,
          metric: metric.get(r.typeCode)!,
          op: r.op,
          value: r.value,
          duration_s: r.durationS,
          severity: r.severity,
          opens_work_order: r.opensWorkOrder,
        })),
      )
      .execute();
  return { types: Number(types.numInsertedOrUpdatedRows ?? 0), rules: fresh.length };
}
