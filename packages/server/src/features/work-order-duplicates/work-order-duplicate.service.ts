import { z } from 'zod';
import { CITYOPS_SETTINGS, checkCityopsSetting, isCityopsSettingKey, maskPhone } from '@yiwang/domain';
import type { AppContext } from '../../core/app-context';
import { hasRole } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import { recordAudit } from '../../core/audit/audit-log';
import { fieldProblem, forbidden, notFound } from '../../core/problem';
import { Uuid } from '../../core/schemas';
import { findCategory } from '../cityops-categories/cityops-category.repository';
import { cityopsSetting } from '../work-orders/work-order.repository';
import type { WorkOrderRow } from '../work-orders/work-order.repository';
import { actOnWorkOrder, canSee, getWorkOrder } from '../work-orders/work-order.service';
import {
  type DuplicateCandidate,
  duplicateCandidates,
  insertFollower,
  listFollowers,
  listSettings,
  mergeLinks,
  updateSetting,
  type DuplicateProbe,
} from './work-order-duplicate.repository';

export const DEFAULT_RADIUS_METRES = 200;
export const DEFAULT_WINDOW_DAYS = 7;

export const DuplicateCheck = z.object({
  categoryCode: z.string().min(1).max(60),
  /** A 12345 call's 部件/事件 category: compared instead of the kind when given. */
  subjectCategoryCode: z.string().min(1).max(60).optional(),
  placeUnitId: Uuid,
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});
export type DuplicateCheck = z.infer<typeof DuplicateCheck>;

export const MergeBody = z.object({
  /** The order kept; the one in the path is closed as its duplicate. */
  intoId: Uuid,
  expectedVersion: z.number().int().min(0),
  comment: z.string().trim().max(2000).optional(),
});

export const FollowBody = z.object({
  name: z.string().trim().min(1).max(60),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+-]{5,20}$/)
    .optional(),
});

/** Only the candidates the actor may see (a street's inspector: that street's), without their scope. */
const visibleTo = (actor: Actor, items: DuplicateCandidate[]) =>
  items
    .filter((c) => canSee(actor, c.scope as WorkOrderRow)) // canSee reads only these three fields
    .map(({ scope: _scope, ...c }) => c);

async function probeSettings(ctx: AppContext) {
  return {
    radiusMetres: await cityopsSetting(ctx.db, 'duplicate.radiusMetres', DEFAULT_RADIUS_METRES),
    windowDays: await cityopsSetting(ctx.db, 'duplicate.windowDays', DEFAULT_WINDOW_DAYS),
  };
}

/** The street and committee of a place (a street or a residents' committee), or a 400 naming the field. */
export async function placeOf(ctx: AppContext, placeUnitId: string, field = 'placeUnitId') {
  const place = await ctx.db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'parent_id'])
    .where('id', '=', placeUnitId)
    .executeTakeFirst();
  if (!place || (place.kind !== 'street' && place.kind !== 'committee'))
    throw fieldProblem('validation', field, {
      zh: '地点须为街道或居委会',
      en: 'the place must be a street or a residents’ committee',
    });
  return place.kind === 'street'
    ? { streetId: place.id, committeeId: null }
    : { streetId: place.parent_id, committeeId: place.id };
}

/** Possible duplicates of a problem about to be reported (the creation check). */
export async function checkDuplicates(ctx: AppContext, actor: Actor, input: DuplicateCheck) {
  const code = input.subjectCategoryCode ?? input.categoryCode;
  const category = await findCategory(ctx.db, code);
  if (!category)
    throw fieldProblem('validation', input.subjectCategoryCode ? 'subjectCategoryCode' : 'categoryCode', {
      zh: '类别不存在',
      en: 'no such category',
    });
  const place = await placeOf(ctx, input.placeUnitId);
  const settings = await probeSettings(ctx);
  const probe: DuplicateProbe = {
    categoryCode: category.code,
    ...place,
    latitude: input.latitude,
    longitude: input.longitude,
    ...settings,
  };
  return { items: visibleTo(actor, await duplicateCandidates(ctx.db, probe)), ...settings };
}

/**
 * One order's duplicates: open orders about the same problem (candidates to merge), the
 * order it was merged into, those merged into it, and its followers (phones masked: the full
 * number is revealed one at a time, audited, at /api/hotline/phones).
 */
export async function orderDuplicates(ctx: AppContext, actor: Actor, id: string) {
  const { order } = await getWorkOrder(ctx, actor, id);
  const settings = await probeSettings(ctx);
  const open = !['closed', 'evaluated'].includes(order.state);
  const candidates =
    open && !order.duplicateOf
      ? visibleTo(
          actor,
          await duplicateCandidates(ctx.db, {
            categoryCode: order.subjectCategoryCode ?? order.categoryCode,
            streetId: order.streetId,
            committeeId: order.committeeId,
            latitude: order.latitude ?? undefined,
            longitude: order.longitude ?? undefined,
            excludeId: id,
            ...settings,
          }),
        )
      : [];
  const followers = (await listFollowers(ctx.db, id)).map((f) => ({
    ...f,
    phone: f.phone ? maskPhone(f.phone) : null,
  }));
  return { candidates, followers, ...(await mergeLinks(ctx.db, id)), ...settings };
}

/** 合并: close this order as a duplicate of the one kept; its reporters follow that one. */
export function mergeOrder(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof MergeBody>) {
  return actOnWorkOrder(ctx, actor, id, {
    action: 'merge',
    expectedVersion: body.expectedVersion,
    comment: body.comment || '重复工单，合并办理 · duplicate: merged',
    data: { intoId: body.intoId },
  });
}

/** 跟进: another person reports the same problem; they are recorded and called back with the order. */
export async function followOrder(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof FollowBody>,
) {
  const { order } = await getWorkOrder(ctx, actor, id);
  if (['closed', 'evaluated'].includes(order.state) || order.duplicateOf)
    throw fieldProblem('conflict', 'id', {
      zh: '只能跟进未结案且未被合并的工单',
      en: 'only an open order that is not merged can be followed',
    });
  const followerId = await insertFollower(ctx.db, {
    orderId: id,
    name: body.name,
    phone: body.phone ?? null,
    via: 'staff',
    createdBy: actor.id,
  });
  return { id: followerId, ...(await orderDuplicates(ctx, actor, id)) };
}

export const SettingBody = z.object({ value: z.number().positive().max(100_000) });

/**
 * The settings duplicates and reminders read, each with the range it may take (the settings form
 * checks the same limits); any staff member may read them.
 */
export const settings = (ctx: AppContext) =>
  listSettings(ctx.db).then((items) => ({
    items: items.map((i) => {
      const limits = isCityopsSettingKey(i.key) ? CITYOPS_SETTINGS[i.key] : undefined;
      return limits
        ? { ...i, min: limits.min, max: limits.max, integer: limits.integer, unit: limits.unit }
        : i;
    }),
  }));

/** Change one setting (a district administrator; audited). */
export async function changeSetting(ctx: AppContext, actor: Actor, key: string, value: number) {
  if (!(hasRole(actor, 'admin') && actor.unit?.kind === 'district')) throw forbidden();
  if (!isCityopsSettingKey(key)) throw notFound({ zh: '设置项', en: 'setting' });
  const refused = checkCityopsSetting(key, value);
  if (refused) throw fieldProblem('validation', 'value', refused);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await updateSetting(trx, key, value);
    if (!row) throw notFound({ zh: '设置项', en: 'setting' });
    await recordAudit(trx, actor, {
      action: 'cityops.setting',
      entity: 'cityops_setting',
      entityId: key,
      summary: { value: [Number(row.before), '→', value] },
    });
    return { key: row.key, value: Number(row.value) };
  });
}
